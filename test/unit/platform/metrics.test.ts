import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { metricsFor, ServiceMetrics } from '../../../platform/metrics.js';
import { registerIngestionMetrics } from '../../../subgraphs/sensors/ingestion/metrics.js';
import { IngestionStats } from '../../../subgraphs/sensors/ingestion/stats.js';
// Registers the consent service's decision counter on import.
import '../../../consent/authority/local-authority.js';

/** Every counter the hub exposes is named `<name>_total` (Prometheus naming), including the default process metrics. */
const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../..');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === '__generated__' || entry.name === 'node_modules' ? [] : sources(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

describe('metrics naming', () => {
  it('refuses to register a counter whose name does not end in _total', () => {
    const metrics = new ServiceMetrics('naming-test');
    expect(() => metrics.counter('citygraph_things', 'Things.', [])).toThrow(/ends in _total/);
    expect(metrics.counter('citygraph_things_total', 'Things.', []).inc).toBeDefined();
  });

  it('names every counter in the source tree with _total, and never builds a prom-client Counter around ServiceMetrics', () => {
    const offenders: string[] = [];
    for (const file of ['platform', 'consent', 'gateway', 'subgraphs'].flatMap((d) => sources(path.join(ROOT, d)))) {
      const text = fs.readFileSync(file, 'utf8');
      for (const match of text.matchAll(/\.counter\(\s*'([^']+)'/g)) if (!match[1]!.endsWith('_total')) offenders.push(`${path.relative(ROOT, file)}: ${match[1]}`);
      if (!file.endsWith(path.join('platform', 'metrics.ts')) && /new Counter\(/.test(text)) offenders.push(`${path.relative(ROOT, file)}: new Counter outside platform/metrics.ts`);
    }
    expect(offenders).toEqual([]);
  });

  it('exposes only _total counters from the consent, sensors and gateway registries, default metrics included', async () => {
    const stats = new IngestionStats();
    stats.recordBatch(3, ['unknown sensor S-9']);
    registerIngestionMetrics(stats);
    metricsFor('gateway').counter('citygraph_gateway_requests_total', 'Requests answered, by operation and code.', ['operation', 'code']);
    const counters: string[] = [];
    for (const service of ['consent', 'sensors', 'gateway']) {
      for (const metric of await metricsFor(service).json()) if (String(metric.type) === 'counter') counters.push(metric.name);
    }
    expect(counters).toEqual(expect.arrayContaining(['citygraph_consent_decisions_total', 'citygraph_sensor_readings_accepted_total', 'citygraph_sensor_readings_rejected_total', 'citygraph_process_cpu_seconds_total']));
    expect(counters.filter((name) => !name.endsWith('_total'))).toEqual([]);
    const text = await metricsFor('sensors').registry.metrics();
    expect(text).toMatch(/^citygraph_sensor_readings_accepted_total\{service="sensors"\} 3$/m);
    expect(text).toMatch(/^# TYPE citygraph_sensor_readings_rejected_total counter$/m);
  });
});
