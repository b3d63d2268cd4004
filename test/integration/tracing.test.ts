import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { issueDevToken } from '../../gateway/auth/dev-issuer.js';
import { loadConfig } from '../../platform/config.js';
import { startTracing, type Tracing } from '../../platform/tracing.js';
import { CITIZEN_NAME, citizenToken, contract, graphql, staffToken, startTestHub, type GraphQLAnswer, type TestHub } from '../support/hub.js';
import { labelled } from '../support/labelled.js';

/**
 * The whole hub in this process with an in-memory span exporter: one request is one trace, from the gateway through
 * the subgraphs it fetches to the consent service they ask, and no span carries a personal value or a variable.
 */
const exporter = new InMemorySpanExporter();
let tracing: Tracing | undefined;
let hub: TestHub;

const DEPARTMENTS = ['health', 'licensing', 'transport', 'water', 'sensors'];

beforeAll(async () => {
  // Off unless configured: no endpoint and no exporter registers nothing.
  expect(await startTracing(loadConfig({ NODE_ENV: 'test' }), 'test')).toBeUndefined();
  tracing = await startTracing(loadConfig({ NODE_ENV: 'test' }), 'test', { exporter });
  hub = await startTestHub({ citizens: 50, sensors: 200 });
}, 120_000);

afterAll(async () => {
  await hub?.close();
  await tracing?.shutdown();
});

/** The spans of one request: the gateway's server span ends last, when its response is finished. */
async function spansOf(request: () => Promise<unknown>): Promise<ReadableSpan[]> {
  exporter.reset();
  await request();
  for (let i = 0; i < 100 && !exporter.getFinishedSpans().some((s) => s.name === 'gateway POST /graphql'); i++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  await tracing!.forceFlush();
  return exporter.getFinishedSpans();
}

function attribute(span: ReadableSpan, name: string): unknown {
  return span.attributes[name];
}

/** Everything a span exports besides its ids and times. */
function exported(span: ReadableSpan): string {
  return JSON.stringify({ name: span.name, attributes: span.attributes, events: span.events, status: span.status, links: span.links, resource: span.resource.attributes });
}

function expectOneTrace(spans: ReadableSpan[]): void {
  const roots = spans.filter((s) => s.name === 'gateway POST /graphql');
  expect(roots).toHaveLength(1);
  const traceId = roots[0]!.spanContext().traceId;
  expect(new Set(spans.map((s) => s.spanContext().traceId))).toEqual(new Set([traceId]));
  expect(roots[0]!.parentSpanId).toBeUndefined();
  // Every other span hangs off a span of the same trace.
  const ids = new Set(spans.map((s) => s.spanContext().spanId));
  for (const span of spans) if (span !== roots[0]) expect(ids.has(span.parentSpanId ?? '')).toBe(true);
}

describe('tracing through gateway, subgraphs and consent', () => {
  it('makes one trace of a citizen query, from the gateway through a department subgraph to the consent service', async () => {
    const token = await citizenToken(hub, 'C-0001');
    let answer: GraphQLAnswer<Record<string, any>> | undefined;
    const spans = await spansOf(async () => {
      answer = await graphql(hub, contract('citizen-me.graphql'), {}, { token });
    });
    const me = answer!.body.data!.me as { name: string; phone: string };
    expect(me.name).toMatch(CITIZEN_NAME);
    expect(me.phone.length).toBeGreaterThan(5);

    expectOneTrace(spans);
    const gateway = spans.find((s) => s.name === 'gateway POST /graphql')!;
    expect(gateway.kind).toBe(SpanKind.SERVER);
    expect(attribute(gateway, 'graphql.operation.name')).toBe('CitizenMe');
    expect(attribute(gateway, 'http.response.status_code')).toBe(200);

    // A department subgraph served a fetch of the gateway's, and asked the consent service over HTTP.
    const fetches = spans.filter((s) => s.kind === SpanKind.CLIENT && s.name.startsWith('subgraph '));
    const departmentServers = spans.filter((s) => s.kind === SpanKind.SERVER && DEPARTMENTS.includes(String(attribute(s, 'citygraph.subgraph'))));
    expect(departmentServers.length).toBeGreaterThan(0);
    for (const server of departmentServers) expect(fetches.map((f) => f.spanContext().spanId)).toContain(server.parentSpanId);
    const consentCalls = spans.filter((s) => s.kind === SpanKind.CLIENT && s.name.startsWith('consent /internal/'));
    const consentServers = spans.filter((s) => s.kind === SpanKind.SERVER && attribute(s, 'citygraph.subgraph') === 'consent' && String(attribute(s, 'http.route')).startsWith('/internal/'));
    expect(consentServers.length).toBeGreaterThan(0);
    for (const server of consentServers) expect(consentCalls.map((c) => c.spanContext().spanId)).toContain(server.parentSpanId);
    // ... and each consent call was made while serving a department's request.
    for (const call of consentCalls) expect(departmentServers.map((s) => s.spanContext().spanId)).toContain(call.parentSpanId);

    // No personal value, in any span of any service, the gateway's own Apollo spans included.
    const everything = spans.map(exported).join('\n');
    for (const value of [me.name, ...me.name.split(' '), me.phone, 'C-0001']) expect(everything.includes(value)).toBe(false);
  });

  it('keeps variables and the document out of the spans of a staff query', async () => {
    const token = await staffToken(hub, 'transport');
    let answer: GraphQLAnswer<Record<string, any>> | undefined;
    const spans = await spansOf(async () => {
      answer = await graphql(hub, contract('staff-citizen-view.graphql'), { id: 'C-0002' }, { token, purpose: 'SERVICE_DELIVERY' });
    });
    const citizen = answer!.body.data!.citizen as { id: string; name: string };
    expect(citizen.id).toBe('C-0002');
    expectOneTrace(spans);
    expect(spans.some((s) => s.kind === SpanKind.SERVER && attribute(s, 'citygraph.subgraph') === 'transport')).toBe(true);
    expect(spans.some((s) => s.kind === SpanKind.SERVER && attribute(s, 'citygraph.subgraph') === 'consent')).toBe(true);
    const everything = spans.map(exported).join('\n');
    for (const value of ['C-0002', citizen.name, 'citizen(id', 'healthCode', 'staff:transport']) expect(everything.includes(value)).toBe(false);
  });

  it('keeps a partner request, its API key check included, in one trace without the key or the variables', async () => {
    const admin = await issueDevToken(hub.config, { sub: 'admin:tracing', roles: ['admin'] });
    const issued = await graphql(hub, 'mutation { issueApiKey(input: { partnerId: "robotaxi", scopes: ["consent:read", "transport:read"], expiresIn: "1d" }) { key } }', {}, { token: admin });
    const key = (issued.body.data!.issueApiKey as { key: string }).key;
    let answer: GraphQLAnswer<Record<string, any>> | undefined;
    const spans = await spansOf(async () => {
      answer = await graphql(hub, contract('partner-taxi-assist.graphql'), { a: 'C-0001', b: 'C-0002' }, { headers: { authorization: `ApiKey ${key}`, 'x-purpose': 'TAXI_ASSIST' } });
    });
    expect(answer!.status).toBe(200);
    expectOneTrace(spans);
    expect(spans.some((s) => s.kind === SpanKind.SERVER && attribute(s, 'http.route') === '/internal/gateway/authenticate-key')).toBe(true);
    expect(spans.some((s) => s.kind === SpanKind.SERVER && attribute(s, 'citygraph.subgraph') === 'transport')).toBe(true);
    const everything = spans.map(exported).join('\n');
    // The secret is everything after `cgk_robotaxi_`: base64url, so it may itself contain `_` (splitting on the last one
    // once left a two-character tail that any span happened to contain).
    const secret = key.slice('cgk_robotaxi_'.length);
    expect(secret.length).toBeGreaterThanOrEqual(43);
    for (const value of [key, secret, 'C-0001', 'C-0002', 'robotaxi']) labelled(value, () => expect(everything.includes(value)).toBe(false));
  });

  it('starts a new trace at the gateway rather than continuing one a client sends', async () => {
    const clientTrace = '4bf92f3577b34da6a3ce929d0e0e4736';
    const spans = await spansOf(() =>
      graphql(hub, '{ districts { id } }', {}, { headers: { traceparent: `00-${clientTrace}-00f067aa0ba902b7-01` } }),
    );
    expectOneTrace(spans);
    expect(spans.some((s) => s.spanContext().traceId === clientTrace)).toBe(false);
  });
});

describe('tracing configuration', () => {
  it('takes the OTLP endpoint from HUB_OTEL_EXPORTER_OTLP_ENDPOINT, else OTEL_EXPORTER_OTLP_ENDPOINT, else none', () => {
    expect(loadConfig({}).tracing.otlpEndpoint).toBeUndefined();
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }).tracing.otlpEndpoint).toBe('http://collector:4318');
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4318', HUB_OTEL_EXPORTER_OTLP_ENDPOINT: 'https://b:4318' }).tracing.otlpEndpoint).toBe('https://b:4318');
    expect(() => loadConfig({ HUB_OTEL_EXPORTER_OTLP_ENDPOINT: 'grpc://collector:4317' })).toThrow(/HUB_OTEL_EXPORTER_OTLP_ENDPOINT/);
  });
});
