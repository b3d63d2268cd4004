import type { BaseSubgraphContext, ServiceCapabilities } from '../../consent/enforcement/subgraph-kit.js';
import { startDepartmentSubgraph, type SubgraphRuntime } from '../../platform/department-subgraph.js';
import type { RunningServer } from '../../platform/subgraph-server.js';
import { createLoaders, type LicensingContext } from './context.js';
import { ReminderWorker } from './reminder-worker.js';
import { resolvers } from './resolvers/index.js';
import { LicensingStore } from './store.js';

/** The licensing subgraph: businesses, integrated licences, applications and renewal reminders. */
export async function start(runtime: SubgraphRuntime<ServiceCapabilities>): Promise<RunningServer> {
  const store = await LicensingStore.open(runtime.store);
  // Reminders go out from every licensing process: ticks of two processes take the same steps under the same keys,
  // which the outbox and the reminder records keep once.
  const logger = runtime.logger.child({ component: 'reminders' });
  const worker = new ReminderWorker(store, () => runtime.enforcement.service('licensing', 'LICENSING', logger), logger);
  const stopWorker = new AbortController();
  let running: Promise<void> = Promise.resolve();
  const server = await startDepartmentSubgraph<LicensingContext, BaseSubgraphContext>('licensing', runtime, {
    resolvers,
    context: () => ({ now: new Date(), store, ...createLoaders(store) }),
    onClose: async () => {
      stopWorker.abort();
      await running;
    },
  });
  running = worker.run(stopWorker.signal, runtime.config.reminders.pollMs);
  return server;
}
