import { startDepartmentSubgraph, type SubgraphRuntime } from '../../platform/department-subgraph.js';
import type { RunningServer } from '../../platform/subgraph-server.js';
import { createSensorsLoaders, type SensorsContext } from './context.js';
import { brokerTarget } from './ingestion/broker-target.js';
import { startMqttIngestion, type MqttIngestion } from './ingestion/consumer.js';
import { registerIngestionMetrics } from './ingestion/metrics.js';
import { ingestionStats } from './ingestion/stats.js';
import { floodReadingsOf } from './ingestion/flood-readings.js';
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
  // New readings change gauges, flood risk and sensors' latest values: the gateway drops its cached public answers,
  // and the water department hears of every reading that bears on flood risk (ARCHITECTURE §7).
  const events = startEventPublisher({ url: eventsBrokerUrl(runtime.config), subgraph: 'sensors', logger: runtime.logger.child({ component: 'events' }) });
  whenReadingsStored(async (stored) => {
    events.changed('readings-ingested');
    try {
      const flood = await floodReadingsOf(store, stored, new Date());
      if (flood) await events.publish('flood-readings', flood);
    } catch (error) {
      runtime.logger.error({ err: error }, 'could not tell the water department about flood readings; they are stored');
    }
  });
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
