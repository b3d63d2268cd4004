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
import { CitygraphError, rejectRequest } from '../platform/errors.js';
import { createErrorFormatter } from '../platform/format-error.js';
import { BodyTooLargeError, errorBody, executeGraphQL, readBody, sendJson } from '../platform/http.js';
import { principalSecret } from '../platform/keys.js';
import { createLogger, type Logger } from '../platform/logger.js';
import { SUBGRAPH_NAMES, isSubgraphName } from '../platform/services.js';
import { loadSodium } from '../platform/sodium.js';
import type { RunningServer } from '../platform/subgraph-server.js';
import { createAuthenticator } from './auth/authenticate.js';
import { renderExplorer } from './explorer.js';
import { SignedDataSource, type GatewayContext } from './signed-data-source.js';

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
  const authenticator = await createAuthenticator(config);
  const gateway = new ApolloGateway({
    supergraphSdl: fs.readFileSync(SUPERGRAPH_FILE, 'utf8'),
    logger,
    buildService({ name }) {
      if (!isSubgraphName(name)) throw new Error(`unknown subgraph in supergraph: ${name}`);
      return new SignedDataSource(name, subgraphUrl(config, name), secret, logger, config.subgraphTimeoutMs);
    },
  });
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    includeStacktraceInErrorResponses: false,
    introspection: config.env !== 'production',
    csrfPrevention: true,
    formatError: createErrorFormatter(logger),
    plugins: [ApolloServerPluginLandingPageDisabled(), ApolloServerPluginUsageReportingDisabled(), ApolloServerPluginSchemaReportingDisabled()],
    logger,
  });
  await apollo.start();

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const requestId = crypto.randomUUID();
    res.setHeader('x-request-id', requestId);
    if (url.pathname === '/livez') return sendJson(res, 200, { status: 'ok' });
    if (url.pathname === '/readyz') {
      const subgraphs = await checkReadiness(config);
      const ready = Object.values(subgraphs).every(Boolean);
      return sendJson(res, ready ? 200 : 503, { status: ready ? 'ready' : 'unavailable', subgraphs });
    }
    if (url.pathname !== '/graphql') return sendJson(res, 404, errorBody('NOT_FOUND', 'Not found. The graph is at /graphql.', requestId));
    if (req.method === 'GET' && config.env !== 'production' && (header(req, 'accept') ?? '').includes('text/html')) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(renderExplorer());
      return;
    }
    let body: string;
    try {
      body = await readBody(req);
    } catch (error) {
      if (error instanceof BodyTooLargeError) return sendJson(res, 413, errorBody('PAYLOAD_TOO_LARGE', 'The request body is larger than 1 MB.', requestId), { connection: 'close' });
      throw error;
    }
    try {
      await executeGraphQL(apollo, req, res, body, async () => {
        try {
          const caller = await authenticator.authenticate({ authorization: header(req, 'authorization'), purpose: header(req, 'x-purpose') });
          return { principal: { ...caller, requestId }, requestId };
        } catch (error) {
          throw error instanceof CitygraphError ? rejectRequest(error) : error;
        }
      });
    } catch (error) {
      if (error instanceof SyntaxError) return sendJson(res, 400, errorBody('BAD_REQUEST', 'The request body is not valid JSON.', requestId));
      throw error;
    }
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
    },
  };
}
