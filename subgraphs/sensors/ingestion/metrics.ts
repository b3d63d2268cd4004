import { metricsFor } from '../../../platform/metrics.js';
import { REJECTION_KINDS, type IngestionStats } from './stats.js';

/**
 * Exposes ingestion in the sensors service's /metrics (and so in the gateway's): readings accepted and rejected by
 * reason, batches written, and the current rate. Read from the stats when Prometheus scrapes.
 */
export function registerIngestionMetrics(stats: IngestionStats): void {
  const metrics = metricsFor('sensors');
  metrics.gauge('citygraph_sensor_readings_accepted', 'Readings stored since start (MQTT and ingestReadings).', [], (g) => g.set(stats.accepted));
  metrics.gauge('citygraph_sensor_readings_rejected', 'Readings dropped since start, by reason.', ['reason'], (g) => {
    for (const kind of REJECTION_KINDS) g.set({ reason: kind }, stats.rejected[kind]);
  });
  metrics.gauge('citygraph_sensor_ingestion_batches', 'Store writes of accepted readings since start.', [], (g) => g.set(stats.batches));
  metrics.gauge('citygraph_sensor_ingestion_rate', 'Accepted readings per second, over the last 10 seconds.', [], (g) => g.set(stats.readingsPerSecond()));
}
