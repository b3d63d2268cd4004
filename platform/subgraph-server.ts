import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApolloServer, type ApolloServerPlugin, type BaseContext } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import type { GraphQLSchema } from 'graphql';
import type { HubConfig } from './config.js';
import { createErrorFormatter } from './format-error.js';
import { BodyTooLargeError, errorBody, executeGraphQL, parseGraphQLBody, readBody, sendJson } from './http.js';
import { serveHttp, type HttpService } from './http-service.js';
import type { Logger } from './logger.js';
import { metricsFor } from './metrics.js';
import { principalKeyOf } from './keys.js';
import { PRINCIPAL_HEADER, REQUEST_ID_HEADER, verifyPrincipal, type Principal } from './principal.js';
import type { SubgraphName } from './services.js';
import { inServerSpan, tracingEnabled } from './tracing.js';

export interface IncomingCall {
  principal: Principal;
  /** The signed header as received, forwarded to the consent authority. */
  signed: string;
  requestId: string;
}

export interface SubgraphServerOptions<TContext extends BaseContext> {
  name: SubgraphName;
  config: HubConfig;
  logger: Logger;
  schema: GraphQLSchema;
  plugins?: ApolloServerPlugin<TContext>[];
  createContext(call: IncomingCall): Promise<TContext> | TContext;
  /** Throws when a dependency (the store) does not answer. */
  readiness(): Promise<void>;
  /** Extra POST routes (the consent service's internal API); answers whether it handled the request. */
  routes?: (req: IncomingMessage, res: ServerResponse, body: string) => Promise<boolean>;
  onClose?: () => Promise<void>;
}

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Serves one subgraph on 127.0.0.1. Every GraphQL request must carry a principal signed by the gateway for this
 * subgraph (HMAC, per-subgraph key); anything else is answered 401 before GraphQL runs.
 */
export async function startSubgraphServer<TContext extends BaseContext>(options: SubgraphServerOptions<TContext>): Promise<RunningServer> {
  const { name, logger } = options;
  // This subgraph's own principal key: a principal MAC'd for any other subgraph fails here (ARCHITECTURE §5).
  const key = principalKeyOf(options.config, name);
  const apollo = new ApolloServer<TContext>({
    schema: options.schema,
    includeStacktraceInErrorResponses: false,
    formatError: createErrorFormatter(logger),
    introspection: false,
    csrfPrevention: true,
    plugins: [ApolloServerPluginInlineTraceDisabled(), ...(options.plugins ?? [])],
    logger,
  });
  await apollo.start();

  let service: HttpService | undefined;
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/livez') return sendJson(res, 200, { status: 'ok' });
    if (url.pathname === '/metrics' && req.method === 'GET') {
      const metrics = metricsFor(name);
      if (url.searchParams.get('format') === 'json') return sendJson(res, 200, await metrics.json());
      res.writeHead(200, { 'content-type': metrics.registry.contentType, 'cache-control': 'no-store' });
      res.end(await metrics.registry.metrics());
      return;
    }
    if (url.pathname === '/readyz') {
      if (service?.draining) return sendJson(res, 503, { status: 'draining' });
      try {
        await options.readiness();
        return sendJson(res, 200, { status: 'ready' });
      } catch (error) {
        logger.warn({ err: error }, 'not ready');
        return sendJson(res, 503, { status: 'unavailable' });
      }
    }
    // Everything past the probes runs in a server span continuing the caller's trace (platform/tracing.ts); the
    // route is named only when it is one of ours, never echoed from the URL.
    if (!tracingEnabled()) return serve(req, res, url);
    const route = url.pathname === '/' || url.pathname === '/graphql' || /^\/internal(\/[a-z-]{1,40}){1,2}$/.test(url.pathname) ? url.pathname : 'other';
    return inServerSpan(req, res, `${name} ${req.method ?? 'GET'} ${route}`, { attributes: { 'citygraph.subgraph': name, 'http.route': route }, continueTrace: true }, () => serve(req, res, url));
  };

  const serve = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    let body: string;
    try {
      body = await readBody(req);
    } catch (error) {
      if (error instanceof BodyTooLargeError) return sendJson(res, 413, errorBody('PAYLOAD_TOO_LARGE', 'The request body is larger than 1 MB.'));
      throw error;
    }
    if (options.routes && req.method === 'POST' && (await options.routes(req, res, body))) return;
    if (url.pathname !== '/graphql' && url.pathname !== '/') return sendJson(res, 404, errorBody('NOT_FOUND', 'Not found.'));
    const header = req.headers[PRINCIPAL_HEADER];
    const verified = verifyPrincipal(Array.isArray(header) ? header[0] : header, name, key);
    if (!verified.ok) {
      logger.warn({ reason: verified.reason }, 'rejected a request without a valid gateway signature');
      return sendJson(res, 401, errorBody('UNAUTHENTICATED', 'Requests must come through the gateway.'));
    }
    const requestId = verified.principal.requestId || String(req.headers[REQUEST_ID_HEADER] ?? '');
    const call: IncomingCall = { principal: verified.principal, signed: String(header), requestId };
    try {
      await executeGraphQL(apollo, req, res, parseGraphQLBody(req, body), async () => options.createContext(call));
    } catch (error) {
      if (error instanceof SyntaxError) return sendJson(res, 400, errorBody('BAD_REQUEST', 'The body is not valid JSON.', requestId));
      throw error;
    }
  };

  service = await serveHttp(handle, { host: options.config.host, port: options.config.ports[name], logger });
  const port = service.port;
  logger.info({ port }, `${name} subgraph listening`);
  return {
    url: `http://${options.config.host}:${port}/graphql`,
    port,
    async close() {
      await service!.close();
      await apollo.stop();
      await options.onClose?.();
    },
  };
}
