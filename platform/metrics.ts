import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export type MetricsJson = Awaited<ReturnType<Registry['getMetricsAsJSON']>>;

/**
 * One Prometheus registry per service in this process, labelled `service`. Each subgraph serves its own at
 * /metrics; the gateway's /metrics answers for the whole hub by aggregating them.
 */
const registries = new Map<string, ServiceMetrics>();

export class ServiceMetrics {
  readonly registry = new Registry();
  private readonly counters = new Map<string, Counter<string>>();
  private readonly histograms = new Map<string, Histogram<string>>();
  private readonly gauges = new Map<string, Gauge<string>>();

  constructor(readonly service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry, prefix: 'citygraph_' });
  }

  /**
   * A counter; its name ends in `_total` (Prometheus and OpenMetrics naming). With `collect`, the value is read when
   * scraped (from stats kept elsewhere): the callback resets and increments it.
   */
  counter(name: string, help: string, labelNames: string[], collect?: (counter: Counter<string>) => void): Counter<string> {
    if (!name.endsWith('_total')) throw new Error(`counter ${name}: a counter's name ends in _total`);
    let c = this.counters.get(name);
    if (!c) {
      c = new Counter({ name, help, labelNames, registers: [this.registry], ...(collect ? { collect() { collect(this); } } : {}) });
      this.counters.set(name, c);
    }
    return c;
  }

  histogram(name: string, help: string, labelNames: string[], buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5]): Histogram<string> {
    let h = this.histograms.get(name);
    if (!h) {
      h = new Histogram({ name, help, labelNames, buckets, registers: [this.registry] });
      this.histograms.set(name, h);
    }
    return h;
  }

  gauge(name: string, help: string, labelNames: string[], collect?: (gauge: Gauge<string>) => void): Gauge<string> {
    let g = this.gauges.get(name);
    if (!g) {
      g = new Gauge({ name, help, labelNames, registers: [this.registry], ...(collect ? { collect() { collect(this); } } : {}) });
      this.gauges.set(name, g);
    }
    return g;
  }

  json(): Promise<MetricsJson> {
    return this.registry.getMetricsAsJSON();
  }
}

export function metricsFor(service: string): ServiceMetrics {
  let metrics = registries.get(service);
  if (!metrics) {
    metrics = new ServiceMetrics(service);
    registries.set(service, metrics);
  }
  return metrics;
}

/** Operation names become labels only when they look like names, and only the first 200 of them. */
const seenOperations = new Set<string>();
export function operationLabel(name: unknown): string {
  if (typeof name !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(name)) return 'anonymous';
  if (seenOperations.has(name)) return name;
  if (seenOperations.size >= 200) return 'other';
  seenOperations.add(name);
  return name;
}
