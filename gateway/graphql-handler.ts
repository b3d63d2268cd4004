import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApolloServer } from '@apollo/server';
import { REQUEST_CODES } from '../platform/errors.js';
import crypto from 'node:crypto';
import { Kind, OperationTypeNode, parse } from 'graphql';
import { BodyTooLargeError, errorBody, parseGraphQLBody, readBody, runGraphQL, sendJson, writeResponse, type GraphQLHttpResponse } from '../platform/http.js';
import { MAX_TOKENS } from './plugins/query-limits.js';
import { redactForReplay } from './plugins/idempotent-replay.js';
import type { IdempotencyStore } from './resilience/idempotency.js';
import { operationLabel } from '../platform/metrics.js';
import { header, RequestRefused, type GatewayPlugin, type GatewayRequest } from './pipeline.js';
import type { RateLimiter } from './rate-limit/rate-limiter.js';
import type { GatewayContext } from './signed-data-source.js';
import type { PublicAnswers } from './coalescing/public-answers.js';

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

function reject(res: ServerResponse, code: string, message: string, requestId: string, headers: Record<string, string> = {}, status = (REQUEST_CODES as Record<string, number>)[code] ?? 400): void {
  if (!outcomes.has(res)) outcomes.set(res, { operation: 'anonymous', code });
  sendJson(res, status, errorBody(code, message, requestId), headers);
}

/** What the body asks for: the named operation's kind, or the only one's; undefined when that is not clear. */
function operationKind(body: unknown): OperationTypeNode | undefined {
  const query = (body as { query?: unknown } | undefined)?.query;
  if (typeof query !== 'string') return undefined;
  let document;
  try {
    document = parse(query, { maxTokens: MAX_TOKENS });
  } catch {
    return undefined;
  }
  const name = (body as { operationName?: unknown }).operationName;
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  const chosen = typeof name === 'string' ? operations.find((o) => o.name?.value === name) : operations.length === 1 ? operations[0] : undefined;
  return chosen?.operation;
}

/** Codes that, when they are all a request that ran answered with and nothing came back, refuse it as a whole. */
const WHOLE_REFUSALS: Readonly<Record<string, number>> = { FORBIDDEN: 403, UNAUTHENTICATED: 401 };

/**
 * The status ARCHITECTURE §7 gives a request refused as a whole, wherever it was refused: Apollo answers its own
 * request errors (a persisted query it does not support, say) with 200, and a request whose every root field was
 * refused (FORBIDDEN from the department that owns it) ran, so it is 200 too. Partial answers stay 200.
 */
export function withRequestStatus(response: GraphQLHttpResponse): GraphQLHttpResponse {
  if (response.status !== 200 || !response.body.startsWith('{"errors"')) return response;
  let parsed: { data?: Record<string, unknown> | null; errors?: Array<{ extensions?: { code?: unknown } }> };
  try {
    parsed = JSON.parse(response.body) as typeof parsed;
  } catch {
    return response;
  }
  const codes = new Set((parsed.errors ?? []).map((e) => String(e.extensions?.code)));
  if (codes.size !== 1) return response;
  const [code] = [...codes] as [string];
  let status: number | undefined;
  if (parsed.data === undefined) status = (REQUEST_CODES as Record<string, number>)[code];
  else if (parsed.data === null || Object.values(parsed.data).every((value) => value === null)) status = WHOLE_REFUSALS[code];
  return status ? { ...response, status } : response;
}

/**
 * The /graphql pipeline in front of Apollo: the method, body limits, then the gateway's plugins in order
 * (authentication, partner safelist: gateway/pipeline.ts), partner rate limits and idempotent replays, all answered
 * with the hub's error shape and status before any planning or subgraph call. The rest (limits, inputs, access,
 * consent) runs as plugins inside Apollo.
 */
export function createGraphQLHandler(deps: {
  apollo: ApolloServer<GatewayContext>;
  plugins: readonly GatewayPlugin[];
  rateLimiter: RateLimiter;
  idempotency: IdempotencyStore;
  /** Whole answers to anonymous public queries (gateway/coalescing/public-answers.ts); none kept without it. */
  publicAnswers?: PublicAnswers;
}) {
  const { apollo, plugins, rateLimiter, idempotency, publicAnswers } = deps;
  return async function handleGraphQL(req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'POST') {
      return reject(res, 'METHOD_NOT_ALLOWED', 'The graph answers GET (queries) and POST.', requestId, { allow: 'GET, POST' });
    }
    let raw: string;
    try {
      raw = await readBody(req);
    } catch (error) {
      if (error instanceof BodyTooLargeError) return reject(res, 'PAYLOAD_TOO_LARGE', 'The request body is larger than 1 MB.', requestId, { connection: 'close' });
      throw error;
    }
    let parsedBody: unknown;
    try {
      parsedBody = parseGraphQLBody(req, raw);
    } catch {
      return sendJson(res, 400, errorBody('BAD_REQUEST', 'The request body is not valid JSON.', requestId));
    }
    if (Array.isArray(parsedBody)) return sendJson(res, 400, errorBody('BAD_REQUEST', 'Send one operation per request; batched arrays are not accepted.', requestId));

    const request: GatewayRequest = { http: req, url: new URL(req.url ?? '/', 'http://localhost'), requestId, body: parsedBody };
    try {
      for (const plugin of plugins) await plugin.onRequest?.(request);
    } catch (error) {
      if (error instanceof RequestRefused) return reject(res, error.code, error.message, requestId, error.headers, error.status);
      throw error;
    }
    const context = request.context;
    if (!context) throw new Error('no gateway plugin authenticated the request: useAuthentication must come first');
    const body = request.body;
    const partner = context.partner;
    if (partner) {
      const admitted = await rateLimiter.admit(partner);
      if (!admitted.ok) {
        const what = admitted.limit === 'requests' ? 'requests' : 'resolved objects';
        return reject(res, 'RATE_LIMITED', `This key has used its ${what} for this minute. Try again in ${admitted.retryAfterSeconds} s.`, requestId, {
          'retry-after': String(admitted.retryAfterSeconds),
        });
      }
    }
    const idempotencyKey = header(req, 'idempotency-key');
    if (idempotencyKey !== undefined && operationKind(body) === OperationTypeNode.MUTATION) {
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
        response = withRequestStatus(await runGraphQL(apollo, req, body, async () => context));
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
    const answerKey = publicAnswers && context.principal.kind === 'anonymous' && !partner ? publicAnswers.keyOf(req.method, header(req, 'content-type'), header(req, 'accept'), body, raw) : undefined;
    if (answerKey !== undefined) {
      const kept = publicAnswers!.get(answerKey);
      if (kept) {
        // Served without planning or any subgraph call, but not around the anonymous rate limit (useRateLimits' check).
        const decision = await rateLimiter.admitCaller(context.principal, context.clientAddress);
        if (!decision.ok) return reject(res, 'RATE_LIMITED', `Too many requests. Try again in ${decision.retryAfterSeconds} s.`, requestId, { 'retry-after': String(decision.retryAfterSeconds) });
        note(res, body, 'OK');
        return writeResponse(res, kept);
      }
    }
    const generation = publicAnswers?.generation ?? 0;
    const response = withRequestStatus(await runGraphQL(apollo, req, body, async () => context));
    note(res, body, firstCode(response), context);
    writeResponse(res, response);
    if (answerKey !== undefined && context.observed) {
      publicAnswers!.keep(answerKey, response, generation, context.observed.nonPublicFetches ?? 0, context.observed.operationKind === OperationTypeNode.QUERY);
    }
  };
}
