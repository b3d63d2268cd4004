import { metricsFor } from '../../../platform/metrics.js';
import { REJECTION_KINDS, type IngestionStats } from './stats.js';

/**
 * Exposes ingestion in the sensors service's /metrics (and so in the gateway's): readings accepted and rejected by
 * reason, batches written, and the current rate. Read from the stats when Prometheus scrapes.
 */
export function registerIngestionMetrics(stats: IngestionStats): void {
  const metrics = metricsFor('sensors');
  // Counts since start are counters (names ending in _total), read from the stats when scraped.
  metrics.counter('citygraph_sensor_readings_accepted_total', 'Readings stored since start (MQTT and ingestReadings).', [], (c) => {
    c.reset();
    c.inc(stats.accepted);
  });
  metrics.counter('citygraph_sensor_readings_rejected_total', 'Readings dropped since start, by reason.', ['reason'], (c) => {
    c.reset();
    for (const kind of REJECTION_KINDS) c.inc({ reason: kind }, stats.rejected[kind]);
  });
  metrics.counter('citygraph_sensor_ingestion_batches_total', 'Store writes of accepted readings since start.', [], (c) => {
    c.reset();
    c.inc(stats.batches);
  });
  metrics.gauge('citygraph_sensor_ingestion_rate', 'Accepted readings per second, over the last 10 seconds.', [], (g) => g.set(stats.readingsPerSecond()));
}
