import { startDepartmentSubgraph, type SubgraphRuntime } from '../../platform/department-subgraph.js';
import type { RunningServer } from '../../platform/subgraph-server.js';
import { createSensorsLoaders, type SensorsContext } from './context.js';
import { brokerTarget } from './ingestion/broker-target.js';
import { startMqttIngestion, type MqttIngestion } from './ingestion/consumer.js';
import { registerIngestionMetrics } from './ingestion/metrics.js';
import { ingestionStats } from './ingestion/stats.js';
import { whenReadingsStored } from './ingestion/store-readings.js';
import { eventsBrokerUrl, startEventPublisher } from '../../platform/events.js';
import { resolvers } from './resolvers/index.js';
import { SensorsStore } from './store.js';

/**
 * The sensors subgraph: the city's devices, their readings, and batched ingestion (GraphQL and MQTT). Public data
 * only. The MQTT consumer connects in the background and keeps retrying: a broker that is down delays readings,
 * it does not stop the graph.
 */
export async function start(runtime: SubgraphRuntime): Promise<RunningServer> {
  const store = await SensorsStore.open(runtime.store);
  registerIngestionMetrics(ingestionStats);
  let ingestion: MqttIngestion | undefined;
  // New readings change gauges, flood risk and sensors' latest values: the gateway drops its cached public answers.
  const events = startEventPublisher({ url: eventsBrokerUrl(runtime.config), subgraph: 'sensors', logger: runtime.logger.child({ component: 'events' }) });
  whenReadingsStored(() => events.changed('readings-ingested'));
  const server = await startDepartmentSubgraph<SensorsContext>('sensors', runtime, {
    resolvers,
    context: () => ({ store, ...createSensorsLoaders(store) }),
    onClose: async () => {
      await ingestion?.close();
      whenReadingsStored(undefined);
      await events.close();
    },
  });
  ingestion = startMqttIngestion({ store, ...brokerTarget(runtime.config), logger: runtime.logger.child({ component: 'mqtt-ingestion' }) });
  return server;
}
