import crypto from 'node:crypto';
import fs from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled, ApolloServerPluginUsageReportingDisabled, ApolloServerPluginSchemaReportingDisabled } from '@apollo/server/plugin/disabled';
import { disableApolloTelemetry, subgraphUrl, type HubConfig } from '../platform/config.js';
import { errorBody, sendJson } from '../platform/http.js';
import { healthPassPublicKey, principalSigningKeysOf, serviceKeyOf, witnessKey } from '../platform/keys.js';
import { createLogger, type Logger } from '../platform/logger.js';
import { SUBGRAPH_NAMES, isSubgraphName } from '../platform/services.js';
import { deriveKey, loadSodium } from '../platform/sodium.js';
import { serveHttp, type HttpService } from '../platform/http-service.js';
import { metricsFor } from '../platform/metrics.js';
import type { RunningServer } from '../platform/subgraph-server.js';
import { inServerSpan } from '../platform/tracing.js';
import { useAccessControl } from './access/access-control.js';
import { buildGraphMap } from './access/graph-map.js';
import { ApiKeyVerifier } from './auth/api-keys.js';
import { passKeyDocument, passVerifyingKey } from '../contracts/health-pass/pass.js';
import { createAuthenticator } from './auth/authenticate.js';
import { loadDepartmentPurposes } from '../contracts/department-purposes/department-purposes.js';
import { createGatewayErrorFormatter } from './errors.js';
import { createGraphQLHandler, outcomes } from './graphql-handler.js';
import { hubMetrics } from './metrics.js';
import { TransparencyWitness, TRANSPARENCY_HEADS_PATH } from './transparency/witness.js';
import { useRefusalLog } from './transparency/refusal-log.js';
import { MAX_TOKENS, useQueryLimits } from './plugins/query-limits.js';
import { useResponseAccounting } from './plugins/response-accounting.js';
import { useAuthentication } from './plugins/authentication.js';
import { useInputBounds } from './plugins/input-bounds.js';
import { usePartnerSafelist } from './plugins/partner-safelist.js';
import { usePartialResults } from './plugins/partial-results.js';
import { useBreakGlassCap } from './plugins/break-glass-cap.js';
import { MemoryCounterStore, RedisCounterStore } from './rate-limit/counter-store.js';
import { RateLimiter } from './rate-limit/rate-limiter.js';
import { MemoryTokenBuckets, RedisTokenBuckets } from './rate-limit/token-bucket.js';
import { useRateLimits } from './rate-limit/use-rate-limits.js';
import { useAdmission } from './admission/admission.js';
import { PublicAnswers } from './coalescing/public-answers.js';
import { usePublicReads } from './coalescing/use-public-reads.js';
import { eventsBrokerUrl } from '../platform/events.js';
import { MemoryIdempotencyStore, RedisIdempotencyStore } from './resilience/idempotency.js';
import { IDEMPOTENCY_KEY_LABEL, SealedIdempotencyStore } from './resilience/sealed-idempotency.js';
import { BoundedCache, documentBytes, planBytes } from './resilience/bounded-cache.js';
import type { QueryPlan } from '@apollo/query-planner';
import type { DocumentNode } from 'graphql';
import { devTokensAllowed } from './auth/loopback-only.js';
import { useIdempotentReplay } from './plugins/idempotent-replay.js';
import { renderExplorer, serveExplorerAsset } from './explorer.js';
import { createPortalHandler } from './portal.js';
import { SignedDataSource, type GatewayContext, type SubgraphCallObserver } from './signed-data-source.js';

const HEALTH_PASS_KEYS_PATH = '/.well-known/health-pass-keys.json';
/** Parsed documents and query plans kept for repeated queries: about 16 MB each (issue 15: 10,000 distinct queries). */
const DOCUMENT_CACHE_BYTES = 16 * 1024 * 1024;
const PLAN_CACHE_BYTES = 16 * 1024 * 1024;

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
  // The gateway holds the principal keys it signs with, its own service key and the pass public key: nothing else.
  const principalKeys = new Map(SUBGRAPH_NAMES.map((name) => [name, principalSigningKeysOf(config, name)] as const));
  const healthPassKeys = passKeyDocument(passVerifyingKey(healthPassPublicKey(config)));
  const apiKeys = new ApiKeyVerifier(subgraphUrl(config, 'consent').replace(/\/graphql$/, ''), serviceKeyOf(config, 'gateway'), config.subgraphTimeoutMs);
  const authenticator = await createAuthenticator(config, apiKeys, loadDepartmentPurposes());
  const counters = config.redisUrl ? new RedisCounterStore(config.redisUrl) : new MemoryCounterStore();
  const buckets = config.redisUrl ? new RedisTokenBuckets(config.redisUrl) : new MemoryTokenBuckets();
  const rateLimiter = new RateLimiter(counters, buckets, config.rateLimits);
  // Sealed with a key of the gateway's own, derived from its service key: no store holds a caller, a key or an answer
  // in clear (gateway/resilience/sealed-idempotency.ts).
  const idempotency = new SealedIdempotencyStore(
    config.redisUrl ? new RedisIdempotencyStore(config.redisUrl) : new MemoryIdempotencyStore(),
    deriveKey(serviceKeyOf(config, 'gateway'), IDEMPOTENCY_KEY_LABEL),
    logger.child({ component: 'idempotency' }),
  );
  const supergraphSdl = fs.readFileSync(SUPERGRAPH_FILE, 'utf8');
  const graph = buildGraphMap(supergraphSdl);
  const handlePortal = createPortalHandler(config);
  const metrics = metricsFor('gateway');
  const requests = metrics.counter('citygraph_gateway_requests_total', 'Requests answered, by operation and code.', ['operation', 'code']);
  const latency = metrics.histogram('citygraph_gateway_request_duration_seconds', 'Time to answer a request, by operation and code.', ['operation', 'code']);
  const subgraphLatency = metrics.histogram('citygraph_subgraph_request_duration_seconds', 'Subgraph fetch time, by subgraph and outcome.', ['subgraph', 'outcome']);
  const subgraphErrors = metrics.counter('citygraph_subgraph_errors_total', 'Subgraph fetches that failed or were refused by an open breaker.', ['subgraph', 'outcome']);
  const breakerState = metrics.gauge('citygraph_circuit_breaker_state', 'Circuit breaker per subgraph: 0 closed, 1 half-open, 2 open.', ['subgraph']);
  for (const name of SUBGRAPH_NAMES) breakerState.set({ subgraph: name }, 0);
  const breakerOpenings = metrics.counter('citygraph_circuit_breaker_openings_total', 'Times a subgraph\'s circuit breaker opened.', ['subgraph']);
  const shed = metrics.counter('citygraph_gateway_shed_total', 'Requests answered 503 OVERLOADED by the admission limit, by lane.', ['lane']);
  const publicReads = usePublicReads({ graph, supergraphSdl, ...config.publicCache, brokerUrl: eventsBrokerUrl(config), logger });
  metrics.counter('citygraph_public_reads_total', 'Public-only subgraph fetches: fetched (went out), shared (joined one in flight), cached (reused).', ['outcome'], (c) => {
    c.reset();
    for (const [outcome, n] of Object.entries(publicReads.publicReads.stats)) c.inc({ outcome }, n);
  });
  const publicAnswers = new PublicAnswers(publicReads.publicReads, config.publicCache);
  metrics.counter('citygraph_public_answers_total', 'Whole answers to anonymous public queries: kept, and served again without planning.', ['outcome'], (c) => {
    c.reset();
    for (const [outcome, n] of Object.entries(publicAnswers.stats)) c.inc({ outcome }, n);
  });
  const observer: SubgraphCallObserver = {
    call(subgraph, seconds, outcome) {
      if (outcome !== 'rejected') subgraphLatency.observe({ subgraph, outcome }, seconds);
      if (outcome !== 'ok') subgraphErrors.inc({ subgraph, outcome });
    },
    breaker(subgraph, state) {
      breakerState.set({ subgraph }, state === 'closed' ? 0 : state === 'half-open' ? 1 : 2);
      if (state === 'open') breakerOpenings.inc({ subgraph });
    },
  };
  let service: HttpService | undefined;
  disableApolloTelemetry();
  const gateway = new ApolloGateway({
    supergraphSdl,
    logger,
    // Its OpenTelemetry spans join ours when tracing is on (platform/tracing.ts): never the document or error texts.
    telemetry: { includeDocument: false, recordExceptions: false },
    // Bounded by what plans really hold (gateway/resilience/bounded-cache.ts), not by Apollo's JSON-length estimate.
    queryPlannerConfig: { cache: new BoundedCache<QueryPlan>(PLAN_CACHE_BYTES, planBytes) },
    buildService({ name }) {
      if (!isSubgraphName(name)) throw new Error(`unknown subgraph in supergraph: ${name}`);
      return new SignedDataSource(name, subgraphUrl(config, name), principalKeys.get(name)!, logger, config.subgraphTimeouts[name], observer, publicReads.publicReads);
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
    documentStore: new BoundedCache<DocumentNode>(DOCUMENT_CACHE_BYTES, documentBytes),
    formatError: createGatewayErrorFormatter(logger),
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginUsageReportingDisabled(),
      ApolloServerPluginSchemaReportingDisabled(),
      useRateLimits({ limiter: rateLimiter, logger }),
      useQueryLimits({ logger }),
      useInputBounds({ logger }),
      usePartialResults({ logger }),
      useAccessControl({ graph, introspectionForAll: config.env !== 'production' }),
      useResponseAccounting(rateLimiter),
      useBreakGlassCap(),
      useIdempotentReplay({ graph }),
      useRefusalLog({ consentBaseUrl: subgraphUrl(config, 'consent').replace(/\/graphql$/, ''), serviceKey: serviceKeyOf(config, 'gateway'), timeoutMs: config.subgraphTimeoutMs, logger }),
    ],
    logger,
  });
  await apollo.start();
  const handleGraphQL = useAdmission({ ...config.admission, logger, onShed: (lane) => shed.inc({ lane }) }).wrap(
    createGraphQLHandler({
      apollo,
      plugins: [useAuthentication({ authenticator, logger }), usePartnerSafelist({ logger })],
      rateLimiter,
      idempotency,
      publicAnswers,
    }),
  );
  // The access log's witness (ARCHITECTURE §4): cosigns consent's tree heads into HUB_WITNESS_DIR, serves them.
  const witness = new TransparencyWitness({
    dir: config.transparency.witnessDir,
    dataDir: config.dataDir,
    intervalMs: config.transparency.witnessIntervalMs,
    consentBaseUrl: subgraphUrl(config, 'consent').replace(/\/graphql$/, ''),
    serviceKey: serviceKeyOf(config, 'gateway'),
    seed: witnessKey(config),
    timeoutMs: config.subgraphTimeoutMs,
    logger: logger.child({ component: 'witness' }),
    metrics,
  });

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const requestId = crypto.randomUUID();
    res.setHeader('x-request-id', requestId);
    if (url.pathname === '/livez') return sendJson(res, 200, { status: 'ok' });
    if (url.pathname === HEALTH_PASS_KEYS_PATH) return sendJson(res, 200, healthPassKeys, { 'cache-control': 'public, max-age=300' });
    if (url.pathname === TRANSPARENCY_HEADS_PATH) return sendJson(res, 200, witness.document(), { 'cache-control': 'no-store' });
    if (url.pathname === '/readyz') {
      if (service?.draining) return sendJson(res, 503, { status: 'draining' });
      const subgraphs = await checkReadiness(config);
      const ready = Object.values(subgraphs).every(Boolean);
      return sendJson(res, ready ? 200 : 503, { status: ready ? 'ready' : 'unavailable', subgraphs });
    }
    if (url.pathname === '/metrics') {
      const text = await hubMetrics(config, metrics);
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8', 'cache-control': 'no-store' });
      res.end(text);
      return;
    }
    if (await handlePortal(req, res, url.pathname)) return;
    if (config.env !== 'production' && serveExplorerAsset(req, res, url.pathname)) return;
    if (url.pathname !== '/graphql') return sendJson(res, 404, errorBody('NOT_FOUND', 'Not found. The graph is at /graphql.', requestId));
    if (req.method === 'GET' && config.env !== 'production' && (header(req, 'accept') ?? '').includes('text/html')) {
      const page = await renderExplorer(config, { withDevToken: devTokensAllowed(config, req) });
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(page);
      return;
    }
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const outcome = outcomes.get(res) ?? { operation: 'anonymous', code: res.statusCode === 200 ? 'OK' : 'ERROR' };
      requests.inc(outcome);
      latency.observe(outcome, Number(process.hrtime.bigint() - started) / 1e9);
    });
    // The root span of the request's trace: operation name and outcome code only (platform/tracing.ts).
    await inServerSpan(
      req,
      res,
      'gateway POST /graphql',
      {
        attributes: { 'citygraph.service': 'gateway', 'http.route': '/graphql' },
        continueTrace: false,
        finish(span) {
          const outcome = outcomes.get(res);
          if (outcome) span.setAttributes({ 'graphql.operation.name': outcome.operation, 'citygraph.code': outcome.code });
        },
      },
      () => handleGraphQL(req, res, requestId),
    );
  };

  service = await serveHttp(handle, { host: config.host, port: config.ports.gateway, logger });
  const port = service.port;
  witness.start();
  logger.info({ port }, 'gateway listening');
  return {
    url: `http://${config.host}:${port}/graphql`,
    port,
    async close() {
      await witness.close();
      await service!.close();
      await apollo.stop();
      await counters.close();
      await buckets.close();
      await publicReads.close();
      await idempotency.close();
    },
  };
}
