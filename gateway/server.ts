import crypto from 'node:crypto';
import fs from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled, ApolloServerPluginUsageReportingDisabled, ApolloServerPluginSchemaReportingDisabled } from '@apollo/server/plugin/disabled';
import { subgraphUrl, type HubConfig } from '../platform/config.js';
import { errorBody, sendJson } from '../platform/http.js';
import { healthPassKey, principalSecret } from '../platform/keys.js';
import { serviceKey } from '../platform/principal.js';
import { createLogger, type Logger } from '../platform/logger.js';
import { SUBGRAPH_NAMES, isSubgraphName } from '../platform/services.js';
import { loadSodium } from '../platform/sodium.js';
import type { RunningServer } from '../platform/subgraph-server.js';
import { useAccessControl } from './access/access-control.js';
import { buildGraphMap } from './access/graph-map.js';
import { ApiKeyVerifier } from './auth/api-keys.js';
import { passKeyDocument, passSigningKeys, passVerifyingKey } from '../subgraphs/health/domain/health-pass.js';
import { createAuthenticator } from './auth/authenticate.js';
import { createGatewayErrorFormatter } from './errors.js';
import { createGraphQLHandler } from './graphql-handler.js';
import { MAX_TOKENS, useQueryLimits } from './plugins/query-limits.js';
import { useResponseAccounting } from './plugins/response-accounting.js';
import { MemoryCounterStore, RedisCounterStore } from './rate-limit/counter-store.js';
import { RateLimiter } from './rate-limit/rate-limiter.js';
import { renderExplorer } from './explorer.js';
import { createPortalHandler } from './portal.js';
import { SignedDataSource, type GatewayContext } from './signed-data-source.js';

const HEALTH_PASS_KEYS_PATH = '/.well-known/health-pass-keys.json';
const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const SUPERGRAPH_FILE = path.join(REPO_ROOT, 'schema/supergraph.graphql');

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

async function checkReadiness(config: HubConfig): Promise<Record<string, boolean>> {
  const results = await Promise.all(
    SUBGRAPH_NAMES.map(async (name) => {
      try {
        const res = await fetch(subgraphUrl(config, name).replace(/\/graphql$/, '/readyz'), { signal: AbortSignal.timeout(1000) });
        return [name, res.ok] as const;
      } catch {
        return [name, false] as const;
      }
    }),
  );
  return Object.fromEntries(results);
}

/**
 * The public entry: authenticate, plan over the committed supergraph, sign the principal into every subgraph
 * fetch. Serves /graphql, /livez, /readyz and, in development, the bundled explorer.
 */
export async function startGateway(config: HubConfig, logger: Logger = createLogger({ service: 'gateway', level: config.logLevel })): Promise<RunningServer> {
  await loadSodium();
  const secret = principalSecret(config);
  // Only the public half leaves this line (docs/health-pass.md); scanners verify passes offline with it.
  const healthPassKeys = passKeyDocument(passVerifyingKey(passSigningKeys(healthPassKey(config)).publicKey));
  const apiKeys = new ApiKeyVerifier(subgraphUrl(config, 'consent').replace(/\/graphql$/, ''), serviceKey(secret, 'gateway'), config.subgraphTimeoutMs);
  const authenticator = await createAuthenticator(config, apiKeys);
  const counters = config.redisUrl ? new RedisCounterStore(config.redisUrl) : new MemoryCounterStore();
  const rateLimiter = new RateLimiter(counters);
  const supergraphSdl = fs.readFileSync(SUPERGRAPH_FILE, 'utf8');
  const graph = buildGraphMap(supergraphSdl);
  const handlePortal = createPortalHandler(config);
  const gateway = new ApolloGateway({
    supergraphSdl,
    logger,
    buildService({ name }) {
      if (!isSubgraphName(name)) throw new Error(`unknown subgraph in supergraph: ${name}`);
      return new SignedDataSource(name, subgraphUrl(config, name), secret, logger, config.subgraphTimeoutMs);
    },
  });
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    includeStacktraceInErrorResponses: false,
    hideSchemaDetailsFromClientErrors: true,
    // Introspection is decided per caller by useAccessControl (everyone in development; staff in production).
    introspection: true,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    // Automatic persisted queries would let anyone register a document by hash: partners use the safelist instead.
    persistedQueries: false,
    parseOptions: { maxTokens: MAX_TOKENS },
    formatError: createGatewayErrorFormatter(logger),
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginUsageReportingDisabled(),
      ApolloServerPluginSchemaReportingDisabled(),
      useQueryLimits(),
      useAccessControl({ graph, introspectionForAll: config.env !== 'production' }),
      useResponseAccounting(rateLimiter),
    ],
    logger,
  });
  await apollo.start();
  const handleGraphQL = createGraphQLHandler({ apollo, authenticator, rateLimiter, logger });

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const requestId = crypto.randomUUID();
    res.setHeader('x-request-id', requestId);
    if (url.pathname === '/livez') return sendJson(res, 200, { status: 'ok' });
    if (url.pathname === HEALTH_PASS_KEYS_PATH) return sendJson(res, 200, healthPassKeys, { 'cache-control': 'public, max-age=300' });
    if (url.pathname === '/readyz') {
      const subgraphs = await checkReadiness(config);
      const ready = Object.values(subgraphs).every(Boolean);
      return sendJson(res, ready ? 200 : 503, { status: ready ? 'ready' : 'unavailable', subgraphs });
    }
    if (await handlePortal(req, res, url.pathname)) return;
    if (url.pathname !== '/graphql') return sendJson(res, 404, errorBody('NOT_FOUND', 'Not found. The graph is at /graphql.', requestId));
    if (req.method === 'GET' && config.env !== 'production' && (header(req, 'accept') ?? '').includes('text/html')) {
      const page = await renderExplorer(config);
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(page);
      return;
    }
    await handleGraphQL(req, res, requestId);
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      logger.error({ err: error }, 'request failed');
      if (!res.headersSent) sendJson(res, 500, errorBody('INTERNAL_SERVER_ERROR', 'Internal error.'));
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.ports.gateway, config.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  logger.info({ port }, 'gateway listening');
  return {
    url: `http://${config.host}:${port}/graphql`,
    port,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await apollo.stop();
      await counters.close();
    },
  };
}
