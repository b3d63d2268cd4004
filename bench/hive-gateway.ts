/**
 * The other baseline for `npm run bench`: Hive Gateway 2.x (`@graphql-hive/gateway-runtime` with its HTTP transport)
 * over the same running subgraphs, with its defaults (it deduplicates identical in-flight subgraph requests). Like
 * the bare gateway it does nothing of the hub's but sign the principal into every subgraph fetch, in an `onFetch`
 * plugin, because the subgraphs refuse unsigned requests; the principal comes from `x-bench-principal`
 * (bench/bare-gateway.ts). FINDINGS.md: its in-flight deduplication keys on URL, method and body, not on the
 * headers added here, so two principals' identical fetches may share one answer; the hub keys on the principal.
 * Run as a child process by bench/run.ts (env: the hub's config plus BENCH_HIVE_PORT).
 */
import fs from 'node:fs';
import http from 'node:http';
import { parse } from 'graphql';
import { createGatewayRuntime } from '@graphql-hive/gateway-runtime';
import httpTransport from '@graphql-mesh/transport-http';
import { SUPERGRAPH_FILE } from '../gateway/server.js';
import { loadConfig, subgraphUrl } from '../platform/config.js';
import { principalSigningKeysOf } from '../platform/keys.js';
import { PRINCIPAL_HEADER, signPrincipal } from '../platform/principal.js';
import { SUBGRAPH_NAMES, type SubgraphName } from '../platform/services.js';
import { loadSodium } from '../platform/sodium.js';
import { benchPrincipal } from './lib/principal.js';

await loadSodium();
const config = loadConfig();
const keys = new Map(SUBGRAPH_NAMES.map((name) => [name, principalSigningKeysOf(config, name)] as const));
// The committed supergraph names the default ports: point each subgraph at where this run's subgraph listens.
let sdl = fs.readFileSync(SUPERGRAPH_FILE, 'utf8');
const byUrl = new Map<string, SubgraphName>();
for (const name of SUBGRAPH_NAMES) {
  const url = subgraphUrl(config, name);
  sdl = sdl.replace(new RegExp(`(@join__graph\\(name: "${name}", url: ")[^"]*(")`), `$1${url}$2`);
  byUrl.set(url, name);
}

const gateway = createGatewayRuntime<{ req?: http.IncomingMessage }>({
  supergraph: () => parse(sdl),
  transports: { http: httpTransport },
  logging: false,
  plugins: () => [
    {
      onFetch({ url, options, setOptions, context }) {
        const subgraph = byUrl.get(url);
        if (!subgraph) return;
        const principal = benchPrincipal((context as { request?: Request }).request?.headers.get('x-bench-principal') ?? undefined);
        setOptions({ ...options, headers: { ...(options.headers as Record<string, string>), [PRINCIPAL_HEADER]: signPrincipal(principal, subgraph, keys.get(subgraph)!) } });
      },
    },
  ],
});
const server = http.createServer(gateway);
server.listen(Number(process.env.BENCH_HIVE_PORT), config.host, () => process.stdout.write(`hive gateway listening on ${config.host}:${process.env.BENCH_HIVE_PORT}\n`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
