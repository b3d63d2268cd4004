import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApolloServer } from '@apollo/server';
import { CitygraphError, REQUEST_CODES } from '../platform/errors.js';
import crypto from 'node:crypto';
import { Kind, parse } from 'graphql';
import { BodyTooLargeError, errorBody, parseGraphQLBody, readBody, runGraphQL, sendJson, writeResponse, type GraphQLHttpResponse } from '../platform/http.js';
import { MAX_TOKENS } from './plugins/query-limits.js';
import { redactForReplay } from './plugins/idempotent-replay.js';
import type { IdempotencyStore } from './resilience/idempotency.js';
import type { Logger } from '../platform/logger.js';
import { operationLabel } from '../platform/metrics.js';
import { KeyServiceUnavailableError } from './auth/api-keys.js';
import type { Authenticator } from './auth/authenticate.js';
import type { RateLimiter } from './rate-limit/rate-limiter.js';
import type { GatewayContext } from './signed-data-source.js';

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** What each answered request was, for the request metrics: its operation name and its code (OK when none). */
export const outcomes = new WeakMap<ServerResponse, { operation: string; code: string }>();

function note(res: ServerResponse, body: unknown, code: string, context?: GatewayContext): void {
  const name = context?.observed?.operationName ?? (body as { operationName?: unknown } | undefined)?.operationName;
  outcomes.set(res, { operation: operationLabel(name), code });
}

function firstCode(response: GraphQLHttpResponse): string {
  if (!response.body.includes('"errors"')) return 'OK';
  return /"code":"([A-Z_]{2,40})"/.exec(response.body)?.[1] ?? 'ERROR';
}

function reject(res: ServerResponse, code: string, message: string, requestId: string, headers: Record<string, string> = {}): void {
  const status = (REQUEST_CODES as Record<string, number>)[code] ?? 400;
  if (!outcomes.has(res)) outcomes.set(res, { operation: 'anonymous', code });
  sendJson(res, status, errorBody(code, message, requestId), headers);
}

/** Whether the body asks for a mutation (the named operation, or the only one). */
function isMutationRequest(body: unknown): boolean {
  const query = (body as { query?: unknown } | undefined)?.query;
  if (typeof query !== 'string') return false;
  let document;
  try {
    document = parse(query, { maxTokens: MAX_TOKENS });
  } catch {
    return false;
  }
  const name = (body as { operationName?: unknown }).operationName;
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  const chosen = typeof name === 'string' ? operations.find((o) => o.name?.value === name) : operations.length === 1 ? operations[0] : undefined;
  return chosen?.operation === 'mutation';
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
export function createGraphQLHandler(deps: {
  apollo: ApolloServer<GatewayContext>;
  authenticator: Authenticator;
  rateLimiter: RateLimiter;
  idempotency: IdempotencyStore;
  logger: Logger;
}) {
  const { apollo, authenticator, rateLimiter, idempotency, logger } = deps;
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
      const { caller, partner } = await authenticator.authenticate({
        authorization: header(req, 'authorization'),
        purpose: header(req, 'x-purpose'),
        justification: header(req, 'x-justification'),
        endUser: header(req, 'x-end-user'),
      });
      context = { principal: { ...caller, requestId }, requestId, clientAddress: req.socket.remoteAddress, observed: {}, ...(partner ? { partner } : {}) };
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
    const idempotencyKey = header(req, 'idempotency-key');
    if (idempotencyKey !== undefined && isMutationRequest(body)) {
      if (!/^[\x21-\x7e]{1,255}$/.test(idempotencyKey)) return reject(res, 'BAD_USER_INPUT', 'The Idempotency-Key header must be 1 to 255 visible ASCII characters.', requestId);
      // Per caller: officials of one department do not share idempotency keys.
      const who = context.principal.official ? `${context.principal.id}:${context.principal.official}` : context.principal.id;
      const scoped = `${context.principal.kind}:${who}:${idempotencyKey}`;
      // The purpose is part of what is replayed: the same key with another purpose is another request (422).
      const bodyHash = crypto.createHash('sha256').update(`${context.principal.purpose ?? ''}\n`).update(raw).digest('hex');
      const claim = await idempotency.claim(scoped, bodyHash, `${context.principal.kind}:${who}`);
      if (claim.kind !== 'new' && !claim.sameBody) return reject(res, 'IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used with a different request or purpose.', requestId);
      if (claim.kind === 'in-progress') return reject(res, 'IDEMPOTENCY_IN_PROGRESS', 'A request with this Idempotency-Key is still running. Try again shortly.', requestId, { 'retry-after': '1' });
      if (claim.kind === 'done') {
        note(res, body, firstCode(claim.response));
        return writeResponse(res, { ...claim.response, headers: { ...claim.response.headers, 'idempotent-replayed': 'true' } });
      }
      let response: GraphQLHttpResponse;
      context.observed = { ...context.observed, idempotent: true };
      try {
        response = await runGraphQL(apollo, req, body, async () => context);
      } catch (error) {
        await idempotency.release(scoped);
        throw error;
      }
      if (response.status >= 500) await idempotency.release(scoped);
      // The stored copy keeps no personal value (plugins/idempotent-replay.ts): a replay after the citizen revoked
      // consent, or by anyone holding the key, cannot serve what only the first request's decision released.
      else await idempotency.complete(scoped, bodyHash, { ...response, body: redactForReplay(response.body, context.observed?.personalPaths ?? []) });
      note(res, body, firstCode(response), context);
      return writeResponse(res, response);
    }
    const response = await runGraphQL(apollo, req, body, async () => context);
    note(res, body, firstCode(response), context);
    writeResponse(res, response);
  };
}
