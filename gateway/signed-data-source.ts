import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import type { Fetcher, FetcherResponse } from '@apollo/utils.fetcher';
import type { AuthenticatedPartner } from '../contracts/consent-gateway/wire.js';
import { BadUserInputError, CitygraphError, SubgraphUnavailableError } from '../platform/errors.js';
import type { Logger } from '../platform/logger.js';
import { PRINCIPAL_HEADER, REQUEST_ID_HEADER, signPrincipal, type Principal, type PrincipalSigningKeys } from '../platform/principal.js';
import type { SubgraphName } from '../platform/services.js';
import { inSpan, injectTraceHeaders, SpanKind, SpanStatusCode, tracingEnabled } from '../platform/tracing.js';
import type { PublicReads } from './coalescing/public-reads.js';
import { CircuitBreaker, type BreakerState } from './resilience/circuit-breaker.js';
import { stalledSoFar } from './resilience/event-loop-stall.js';
import { unansweredFetch } from './unanswered-fetch.js';
import { httpRequest } from '../platform/http-client.js';

export interface GatewayContext {
  principal: Principal;
  requestId: string;
  /** The client's address (the socket's peer): anonymous callers are rate-limited by it. */
  clientAddress?: string;
  /** For partners: the registry entry, key, scopes and safelist the consent service answered. */
  partner?: AuthenticatedPartner;
  /** Filled in during the request for the metrics; an object, so it survives Apollo's shallow copy of the context. */
  observed?: {
    operationName?: string | null;
    /** The operation Apollo resolved: query, mutation or subscription. */
    operationKind?: string;
    /** A mutation with an Idempotency-Key: record where its answer carries personal values (plugins/idempotent-replay). */
    idempotent?: boolean;
    personalPaths?: Array<Array<string | number>>;
    /** Subgraph fetches that did not go out as public reads: an answer that had any is never kept (public-answers). */
    nonPublicFetches?: number;
  };
}

export interface SubgraphCallObserver {
  call(subgraph: SubgraphName, seconds: number, outcome: 'ok' | 'error' | 'timeout' | 'rejected'): void;
  breaker(subgraph: SubgraphName, state: BreakerState): void;
}

const CONNECTION_ERRORS = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT']);

function connectionErrorCode(error: unknown): string | undefined {
  const cause = (error as { cause?: { code?: string } })?.cause;
  const code = cause?.code ?? (error as { code?: string })?.code;
  return code && CONNECTION_ERRORS.has(code) ? code : undefined;
}

function isMutation(body: unknown): boolean {
  if (typeof body !== 'string') return true;
  try {
    return /^\s*mutation\b/.test(String((JSON.parse(body) as { query?: unknown }).query ?? ''));
  } catch {
    return true;
  }
}

class TimeoutError extends Error {}

/** `GraphQLDataSourceRequestKind.INCOMING_OPERATION`. */
const INCOMING_OPERATION = 'incoming operation';

/**
 * What a failed call says about the subgraph: `fault` (no connection, a 5xx, an answer that is not GraphQL),
 * `timeout` (its own or the gateway's: judged by whether the gateway stalled meanwhile), or `not-its-fault` (a 4xx
 * to a request the gateway built, or a request that never went out). Only faults open the breaker.
 */
type Blame = 'fault' | 'timeout' | 'not-its-fault';
const BLAME = Symbol('blame');

function blameOf(error: unknown): Blame {
  return (error as { [BLAME]?: Blame } | undefined)?.[BLAME] ?? 'not-its-fault';
}

/**
 * Every subgraph fetch carries the principal, MAC'd with that subgraph's own key and with the consent key for that
 * audience (about 5 µs a MAC; a signature per fetch would cost 120+ µs, FINDINGS.md). Each call has a timeout; a query (never a mutation) is
 * retried once on a connection error; a circuit breaker fails fast while the subgraph keeps failing. Every failure
 * reaches the client as SUBGRAPH_UNAVAILABLE naming only the department (no host, port or stack).
 */
export class SignedDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  private readonly keys: PrincipalSigningKeys;
  private readonly timeoutMs: number;
  /** Fetches of public data only, going out under the shared public principal (gateway/coalescing). */
  private readonly publicRequests = new WeakSet<object>();
  readonly breaker: CircuitBreaker;

  constructor(
    private readonly subgraph: SubgraphName,
    url: string,
    /** This subgraph's principal MAC key and the consent MAC key for it (ARCHITECTURE §5). */
    keys: PrincipalSigningKeys,
    private readonly logger: Logger,
    timeoutMs: number,
    private readonly observer?: SubgraphCallObserver,
    private readonly publicReads?: PublicReads,
  ) {
    // A query may be sent twice (platform/http-client.ts retries it on a kept-alive socket found closed); a mutation
    // goes out once, on a connection of its own, so that it never meets a socket gone stale.
    const fetchOnce = async (input: string, init?: RequestInit) => {
      try {
        return await httpRequest(input, { method: init?.method, headers: init?.headers as Record<string, string> | undefined, body: init?.body as string | undefined, timeoutMs, ...(isMutation(init?.body) ? { fresh: true } : { idempotent: true }) });
      } catch (error) {
        if ((error as { name?: string })?.name === 'TimeoutError') throw new TimeoutError(`no answer in ${timeoutMs} ms`);
        throw error;
      }
    };
    const fetcher = (async (input: string, init?: RequestInit) => {
      try {
        return await fetchOnce(input, init);
      } catch (error) {
        const code = connectionErrorCode(error);
        if (!code || isMutation(init?.body)) throw error;
        logger.warn({ subgraph, code }, 'retrying a query once after a connection error');
        return fetchOnce(input, init);
      }
    }) as unknown as Fetcher;
    super({ url, fetcher });
    this.keys = keys;
    this.timeoutMs = timeoutMs;
    this.breaker = new CircuitBreaker(undefined, (state) => {
      logger.warn({ subgraph, state }, 'circuit breaker changed state');
      observer?.breaker(subgraph, state);
    });
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    if (!context.principal || !request.http) return;
    if (this.publicReads && this.publicRequests.has(request)) {
      // Public data only: the shared public principal and no request id, so the fetch is the same whoever asked.
      request.http.headers.set(PRINCIPAL_HEADER, this.publicReads.principalHeader(this.subgraph, this.keys));
    } else {
      request.http.headers.set(PRINCIPAL_HEADER, signPrincipal(context.principal, this.subgraph, this.keys));
      request.http.headers.set(REQUEST_ID_HEADER, context.requestId);
    }
    // `traceparent` of the fetch span that process() made active (nothing when tracing is off).
    injectTraceHeaders(request.http.headers);
  }

  /**
   * One client span per subgraph fetch: the subgraph's name and the outcome, nothing from the request. A fetch the
   * department could not answer (down, hung, breaker open, garbage) is answered here, for the client's operation,
   * as nulls with an error at the path of every field it was asked for (gateway/unanswered-fetch.ts): the planner
   * then goes on with every other department's fetches, and no error reaches the client without a path.
   */
  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    try {
      return await this.traced(options);
    } catch (error) {
      // Only a client's operation is answered in part; health checks and schema loads see the failure. (The enum
      // is not importable from the CommonJS build under ESM: compared by its value.)
      if ((options.kind as string) !== INCOMING_OPERATION || !(error instanceof CitygraphError)) throw error;
      return unansweredFetch(options.request, error);
    }
  }

  private traced(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    if (!tracingEnabled()) return this.fetchOnce(options);
    return inSpan(`subgraph ${this.subgraph}`, SpanKind.CLIENT, { 'citygraph.subgraph': this.subgraph }, async (span) => {
      try {
        const response = await this.fetchOnce(options);
        span.setAttribute('citygraph.outcome', 'ok');
        return response;
      } catch (error) {
        span.setAttributes({ 'citygraph.outcome': (error as { timedOut?: boolean }).timedOut ? 'timeout' : 'unavailable' });
        span.setStatus({ code: SpanStatusCode.ERROR, message: 'SUBGRAPH_UNAVAILABLE' });
        throw error;
      }
    });
  }

  private async fetchOnce(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    const { query, variables } = options.request;
    if (this.publicReads && query !== undefined && this.publicReads.isPublic(query)) {
      this.publicRequests.add(options.request);
      // Only the call that goes out meets the breaker; callers sharing its answer did not reach the subgraph.
      return this.publicReads.read(this.subgraph, query, variables, () => this.callSubgraph(options));
    }
    const observed = options.context.observed;
    if (observed) observed.nonPublicFetches = (observed.nonPublicFetches ?? 0) + 1;
    return this.callSubgraph(options);
  }

  private async callSubgraph(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    if (!this.breaker.tryAcquire()) {
      this.observer?.call(this.subgraph, 0, 'rejected');
      throw new SubgraphUnavailableError(this.subgraph);
    }
    const started = process.hrtime.bigint();
    const stalledBefore = stalledSoFar();
    const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
    try {
      const response = await super.process(options);
      this.breaker.record(true);
      this.observer?.call(this.subgraph, seconds(), 'ok');
      return response;
    } catch (error) {
      const blame = blameOf(error);
      // A timeout during which the gateway's own event loop stalled for half the wait or more is the gateway's.
      const gatewayStalled = blame === 'timeout' && stalledSoFar() - stalledBefore >= this.timeoutMs / 2;
      if (blame === 'fault' || (blame === 'timeout' && !gatewayStalled)) this.breaker.record(false);
      else this.breaker.release();
      if (error instanceof SubgraphUnavailableError) {
        this.observer?.call(this.subgraph, seconds(), (error as { timedOut?: boolean }).timedOut ? 'timeout' : 'error');
        throw error;
      }
      // Not the department's fault: the department refused the request as malformed, or it never left (the gateway
      // could not build it). Never counted against its breaker, or one client could cut a department off.
      if (error instanceof BadUserInputError) throw error;
      this.logger.error({ subgraph: this.subgraph, err: { name: (error as Error)?.name, message: (error as Error)?.message } }, 'subgraph fetch could not be sent');
      throw error;
    }
  }

  override didEncounterError(error: Error, _request: unknown, response?: FetcherResponse): void {
    this.logger.warn({ subgraph: this.subgraph, status: response?.status, err: { name: error.name, message: error.message } }, 'subgraph fetch failed');
    // A 4xx other than these is the department answering that the request itself is wrong: alive and well.
    if (response && response.status >= 400 && response.status < 500 && ![401, 403, 408, 429].includes(response.status)) {
      throw new BadUserInputError(`The ${this.subgraph} service refused this request as malformed.`);
    }
    const unavailable = new SubgraphUnavailableError(this.subgraph);
    const timedOut = error instanceof TimeoutError || error.message?.includes('no answer in');
    if (timedOut) Object.assign(unavailable, { timedOut: true });
    // No response: the connection failed. A response: a 5xx or an answer that is not GraphQL is the subgraph's
    // fault; a 4xx it answered (401, 403, 408, 429) says nothing about its health.
    const blame: Blame = timedOut ? 'timeout' : !response || response.status >= 500 || response.status < 400 ? 'fault' : 'not-its-fault';
    Object.assign(unavailable, { [BLAME]: blame });
    throw unavailable;
  }
}
