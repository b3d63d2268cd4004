import type { IncomingMessage, ServerResponse } from 'node:http';
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Attributes, type Context, type Span } from '@opentelemetry/api';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { HubConfig } from './config.js';

/**
 * OpenTelemetry traces: one trace per gateway request, through every subgraph fetch and every call a subgraph makes
 * to the consent service, joined by W3C `traceparent` headers.
 *
 * Spans are made here, explicitly, at the four hops that matter (gateway request, gateway -> subgraph fetch, subgraph
 * request, subgraph -> consent call), not by the http/undici auto-instrumentations: those patch modules at require
 * time (ESM imports and jest's VM modules escape them), undici's would add a second `traceparent` to requests that
 * already carry ours, and both record URLs with their query strings, where a GraphQL GET carries its variables.
 *
 * What a span may hold: span names and attributes from a fixed vocabulary (service, subgraph, route, operation name,
 * status and code). Never variables, documents, arguments, principals, ids or any value read from a store.
 *
 * Off unless an OTLP endpoint is configured (or a test passes an exporter): then no SDK is loaded or registered, the
 * helpers below call straight through, and the API stays the no-op it is by default.
 */

export const TRACER_NAME = 'citygraph';

export interface Tracing {
  forceFlush(): Promise<void>;
  /** Flushes, then unregisters the global tracer provider, propagator and context manager. */
  shutdown(): Promise<void>;
}

let enabled = false;

/**
 * Starts tracing for this process, before anything else runs. `service` names the process (`gateway`, `consent`,
 * ...); `exporter` replaces OTLP (tests use an in-memory exporter and get spans exported as they end).
 */
export async function startTracing(config: HubConfig, service: string, options: { exporter?: SpanExporter } = {}): Promise<Tracing | undefined> {
  let exporter = options.exporter;
  if (!exporter && config.tracing.otlpEndpoint) {
    const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-http');
    exporter = new OTLPTraceExporter({ url: `${config.tracing.otlpEndpoint.replace(/\/+$/, '')}/v1/traces` });
  }
  if (!exporter) return undefined;
  const [{ BasicTracerProvider, BatchSpanProcessor, SimpleSpanProcessor }, { Resource }, { W3CTraceContextPropagator }, { AsyncLocalStorageContextManager }] =
    await Promise.all([
      import('@opentelemetry/sdk-trace-base'),
      import('@opentelemetry/resources'),
      import('@opentelemetry/core'),
      import('@opentelemetry/context-async-hooks'),
    ]);
  const provider = new BasicTracerProvider({
    resource: new Resource({ 'service.name': `citygraph-${service}`, 'service.namespace': 'citygraph' }),
    spanProcessors: [options.exporter ? new SimpleSpanProcessor(exporter) : new BatchSpanProcessor(exporter)],
  });
  provider.register({ contextManager: new AsyncLocalStorageContextManager().enable(), propagator: new W3CTraceContextPropagator() });
  enabled = true;
  return {
    forceFlush: () => provider.forceFlush(),
    async shutdown() {
      enabled = false;
      await provider.shutdown();
      trace.disable();
      propagation.disable();
      context.disable();
    },
  };
}

export function tracingEnabled(): boolean {
  return enabled;
}

/** Header carriers: Node's incoming headers, fetch's Headers, or a plain object. */
type HeaderSink = { set(name: string, value: string): unknown } | Record<string, string>;

/** Adds `traceparent` (and `tracestate`) for the active span to outgoing headers. */
export function injectTraceHeaders(headers: HeaderSink): void {
  if (!enabled) return;
  propagation.inject(context.active(), headers, {
    set(carrier, key, value) {
      if (typeof (carrier as { set?: unknown }).set === 'function') (carrier as { set(k: string, v: string): unknown }).set(key, value);
      else (carrier as Record<string, string>)[key] = value;
    },
  });
}

function extract(req: IncomingMessage): Context {
  // On the root context: an incoming request never inherits whatever context the server happened to start in.
  return propagation.extract(ROOT_CONTEXT, req.headers, {
    keys: (carrier) => Object.keys(carrier),
    get(carrier, key) {
      const value = carrier[key];
      return Array.isArray(value) ? value[0] : value;
    },
  });
}

/** A no-op span for when tracing is off, so that callers never branch. */
const OFF = trace.wrapSpanContext({ traceId: '00000000000000000000000000000000', spanId: '0000000000000000', traceFlags: 0 });

/**
 * Runs `work` in a new span (child of the active one) and ends it; a thrown error marks the span as an error with
 * the error's class name only (messages can carry values).
 */
export function inSpan<T>(name: string, kind: SpanKind, attributes: Attributes, work: (span: Span) => Promise<T>): Promise<T> {
  // Off: a plain call, not even an extra promise.
  if (!enabled) return work(OFF);
  return recordSpan(name, kind, attributes, work);
}

async function recordSpan<T>(name: string, kind: SpanKind, attributes: Attributes, work: (span: Span) => Promise<T>): Promise<T> {
  const span = trace.getTracer(TRACER_NAME).startSpan(name, { kind, attributes });
  try {
    return await context.with(trace.setSpan(context.active(), span), () => work(span));
  } catch (error) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error)?.name ?? 'Error' });
    throw error;
  } finally {
    span.end();
  }
}

/**
 * Serves one HTTP request in a server span that ends when the response is finished. `parent` says whether to
 * continue the caller's trace (`traceparent`; subgraphs, whom only the gateway reaches) or to start a new one (the
 * gateway: a client on the internet does not choose the hub's trace ids). `finish` adds the outcome attributes.
 */
export function inServerSpan(req: IncomingMessage, res: ServerResponse, name: string, options: ServerSpanOptions, work: () => Promise<void>): Promise<void> {
  if (!enabled) return work();
  return recordServerSpan(req, res, name, options, work);
}

interface ServerSpanOptions {
  attributes: Attributes;
  continueTrace: boolean;
  finish?: (span: Span) => void;
}

async function recordServerSpan(req: IncomingMessage, res: ServerResponse, name: string, options: ServerSpanOptions, work: () => Promise<void>): Promise<void> {
  const parent = options.continueTrace ? extract(req) : ROOT_CONTEXT;
  const span = trace.getTracer(TRACER_NAME).startSpan(name, { kind: SpanKind.SERVER, attributes: options.attributes }, parent);
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    span.setAttribute('http.response.status_code', res.statusCode);
    options.finish?.(span);
    if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  };
  res.once('finish', end);
  res.once('close', end);
  try {
    await context.with(trace.setSpan(parent, span), work);
  } catch (error) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error)?.name ?? 'Error' });
    throw error;
  }
}

export { SpanKind, SpanStatusCode };
