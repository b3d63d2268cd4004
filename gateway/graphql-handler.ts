import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApolloServer } from '@apollo/server';
import { CitygraphError, REQUEST_CODES } from '../platform/errors.js';
import { BodyTooLargeError, errorBody, executeGraphQL, parseGraphQLBody, readBody, sendJson } from '../platform/http.js';
import type { Logger } from '../platform/logger.js';
import { KeyServiceUnavailableError } from './auth/api-keys.js';
import type { Authenticator } from './auth/authenticate.js';
import type { RateLimiter } from './rate-limit/rate-limiter.js';
import type { GatewayContext } from './signed-data-source.js';

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function reject(res: ServerResponse, code: string, message: string, requestId: string, headers: Record<string, string> = {}): void {
  const status = (REQUEST_CODES as Record<string, number>)[code] ?? 400;
  sendJson(res, status, errorBody(code, message, requestId), headers);
}

interface PersistedQueryBody {
  query?: unknown;
  extensions?: { persistedQuery?: { sha256Hash?: unknown } };
}

/**
 * The /graphql pipeline in front of Apollo: body limits, authentication, partner rate limits and safelisted
 * documents by hash, all answered with the hub's error shape and status before any planning or subgraph call.
 * The rest (limits, access, consent) runs as plugins inside Apollo.
 */
export function createGraphQLHandler(deps: { apollo: ApolloServer<GatewayContext>; authenticator: Authenticator; rateLimiter: RateLimiter; logger: Logger }) {
  const { apollo, authenticator, rateLimiter, logger } = deps;
  return async function handleGraphQL(req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void> {
    let raw: string;
    try {
      raw = await readBody(req);
    } catch (error) {
      if (error instanceof BodyTooLargeError) return reject(res, 'PAYLOAD_TOO_LARGE', 'The request body is larger than 1 MB.', requestId, { connection: 'close' });
      throw error;
    }
    let body: unknown;
    try {
      body = parseGraphQLBody(req, raw);
    } catch {
      return sendJson(res, 400, errorBody('BAD_REQUEST', 'The request body is not valid JSON.', requestId));
    }
    if (Array.isArray(body)) return sendJson(res, 400, errorBody('BAD_REQUEST', 'Send one operation per request; batched arrays are not accepted.', requestId));

    let context: GatewayContext;
    try {
      const { caller, partner } = await authenticator.authenticate({ authorization: header(req, 'authorization'), purpose: header(req, 'x-purpose') });
      context = { principal: { ...caller, requestId }, requestId, ...(partner ? { partner } : {}) };
    } catch (error) {
      if (error instanceof CitygraphError) return reject(res, error.code, error.message, requestId);
      if (error instanceof KeyServiceUnavailableError) {
        logger.error({ requestId }, 'API keys cannot be checked: the consent service is unavailable');
        return sendJson(res, 503, errorBody('SUBGRAPH_UNAVAILABLE', 'API keys cannot be checked right now. Try again shortly.', requestId), { 'retry-after': '5' });
      }
      throw error;
    }

    const partner = context.partner;
    const persistedHash = (body as PersistedQueryBody | undefined)?.extensions?.persistedQuery;
    if (!partner && persistedHash !== undefined && body && typeof body === 'object') {
      // No automatic persisted queries: nobody can register a document by sending its hash.
      return reject(res, 'PERSISTED_QUERY_NOT_ALLOWED', 'Send the full query text; only registered partner operations can be sent by hash.', requestId);
    }
    if (partner) {
      const admitted = await rateLimiter.admit(partner);
      if (!admitted.ok) {
        const what = admitted.limit === 'requests' ? 'requests' : 'resolved objects';
        return reject(res, 'RATE_LIMITED', `This key has used its ${what} for this minute. Try again in ${admitted.retryAfterSeconds} s.`, requestId, {
          'retry-after': String(admitted.retryAfterSeconds),
        });
      }
      const persisted = body && typeof body === 'object' ? (body as PersistedQueryBody) : undefined;
      const hash = persisted?.extensions?.persistedQuery?.sha256Hash;
      if (persisted && typeof hash === 'string' && persisted.query === undefined) {
        const operation = partner.operations.find((o) => o.sha256 === hash.toLowerCase());
        if (!operation) return reject(res, 'PERSISTED_QUERY_NOT_ALLOWED', 'Partners may run only the operations registered for them.', requestId);
        const { extensions: { persistedQuery: _used, ...otherExtensions } = {}, ...rest } = persisted;
        body = { ...rest, query: operation.document, extensions: otherExtensions };
      }
    }
    await executeGraphQL(apollo, req, res, body, async () => context);
  };
}
