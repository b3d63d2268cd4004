import os from 'node:os';
import { FLOOD_READINGS_EVENT, parseFloodReadings } from '../../contracts/city/flood-readings.js';
import { startDepartmentSubgraph, type SubgraphRuntime } from '../../platform/department-subgraph.js';
import { eventsBrokerUrl, startEventPublisher, subscribeToEvents } from '../../platform/events.js';
import type { RunningServer } from '../../platform/subgraph-server.js';
import { createWaterLoaders, type WaterContext } from './context.js';
import type { FloodNotifier } from './domain/flood-notices.js';
import { FloodMonitor } from './flood-monitor.js';
import { resolvers } from './resolvers/index.js';
import { WaterStore } from './store.js';

/**
 * The water subgraph: districts, river gauges, rainfall, pumping, flood risk and alerts. Public data only. It hears
 * the sensors department's flood readings over the broker and raises and clears alerts as they arrive; its own
 * processing (warning residents under FLOOD_RESPONSE) is the enforcement's service, which notifies and nothing else
 * here (the consent kit's ServiceCapabilities; water holds no personal value and imports nothing from consent/).
 */
export async function start(runtime: SubgraphRuntime<FloodNotifier>): Promise<RunningServer> {
  const store = await WaterStore.open(runtime.store);
  const logger = runtime.logger.child({ component: 'flood-monitor' });
  // A fresh service caller (and request id) for each hand-over, as the enforcement gives one per call.
  const notifier: FloodNotifier = { notify: (items) => runtime.enforcement.service('water', 'FLOOD_RESPONSE', logger).notify(items) };
  const brokerUrl = eventsBrokerUrl(runtime.config);
  const changes = startEventPublisher({ url: brokerUrl, subgraph: 'water', logger: runtime.logger.child({ component: 'events' }) });
  // Said after water applied readings (not when sensors stored them), so that no cache keeps the risk from before.
  const { quietMs, residentWarningsPerHour } = runtime.config.flood;
  const monitor = new FloodMonitor(store, notifier, logger, { applied: () => changes.changed('flood-risk-changed'), quietMs, residentWarningsPerHour });
  // Ticks often enough that an episode ends soon after its quiet period (a tenth of it), and at least every 15 s.
  const retries = monitor.start(Math.min(15_000, Math.max(100, Math.floor(quietMs / 10))));
  // A persistent session: flood readings that arrive while water is down are handed over when it is back.
  const instance = runtime.config.ports.water === 0 ? `pid${process.pid}` : String(runtime.config.ports.water);
  const events = subscribeToEvents({
    url: brokerUrl,
    kinds: [FLOOD_READINGS_EVENT],
    clientId: `citygraph-water-${os.hostname()}-${instance}`,
    logger: runtime.logger.child({ component: 'events' }),
    onEvent(event) {
      const readings = event.kind === FLOOD_READINGS_EVENT ? parseFloodReadings(event.data) : undefined;
      if (!readings) {
        logger.warn({ kind: event.kind }, 'an event that is not flood readings was ignored');
        return;
      }
      void monitor.apply(readings);
    },
  });
  return startDepartmentSubgraph<WaterContext>('water', runtime, {
    resolvers,
    context: () => {
      const now = new Date();
      return { store, now, ...createWaterLoaders(store, now) };
    },
    onClose: async () => {
      await events.close();
      await retries.stop();
      await changes.close();
    },
  });
}
