/**
 * The baseline for `npm run bench`: a bare @apollo/gateway over the same running subgraphs. No authentication, no
 * query limits, no access control, no rate limits, no consent or metrics plugins. Its data source does one thing
 * besides the fetch: it MACs the principal header exactly as the hub does, because the subgraphs refuse unsigned
 * requests. The principal comes from the `x-bench-principal` header (`anonymous` or `staff:<department>:<purpose>`).
 * Run as a child process by bench/run.ts (env: the hub's config plus BENCH_BARE_PORT).
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { ApolloGateway, RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { SUPERGRAPH_FILE } from '../gateway/server.js';
import { disableApolloTelemetry, loadConfig } from '../platform/config.js';
import { principalSigningKeysOf } from '../platform/keys.js';
import { PRINCIPAL_HEADER, signPrincipal, type Principal, type PrincipalSigningKeys, type Purpose } from '../platform/principal.js';
import { isSubgraphName, type Department, type SubgraphName } from '../platform/services.js';
import { loadSodium } from '../platform/sodium.js';
import { benchPrincipal } from './lib/principal.js';

interface BareContext {
  principal: Principal;
}

class SigningOnlyDataSource extends RemoteGraphQLDataSource<BareContext> {
  constructor(
    private readonly subgraph: SubgraphName,
    url: string,
    private readonly keys: PrincipalSigningKeys,
  ) {
    super({ url });
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<BareContext>): void {
    request.http?.headers.set(PRINCIPAL_HEADER, signPrincipal(context.principal, this.subgraph, this.keys));
  }
}


await loadSodium();
const config = loadConfig();
// The bare gateway must not phone home either: same library switch as the hub's.
disableApolloTelemetry();
const gateway = new ApolloGateway({
  supergraphSdl: fs.readFileSync(SUPERGRAPH_FILE, 'utf8'),
  buildService: ({ name, url }) => {
    if (!isSubgraphName(name) || !url) throw new Error(`unknown subgraph ${name}`);
    const port = config.ports[name];
    return new SigningOnlyDataSource(name, `http://${config.host}:${port}/graphql`, principalSigningKeysOf(config, name));
  },
});
const server = new ApolloServer<BareContext>({ gateway });
const { url } = await startStandaloneServer(server, {
  listen: { port: Number(process.env.BENCH_BARE_PORT), host: config.host },
  context: async ({ req }) => ({ principal: benchPrincipal(req.headers['x-bench-principal'] as string | undefined) }),
});
process.stdout.write(`bare gateway listening at ${url}\n`);
process.on('SIGTERM', () => void server.stop().finally(() => process.exit(0)));
