import type { BaseSubgraphContext } from '../../consent/enforcement/subgraph-kit.js';
import { startDepartmentSubgraph, type SubgraphRuntime } from '../../platform/department-subgraph.js';
import type { RunningServer } from '../../platform/subgraph-server.js';
import { createLoaders, type LicensingContext } from './context.js';
import { resolvers } from './resolvers/index.js';
import { LicensingStore } from './store.js';

/** The licensing subgraph: businesses, integrated licences, applications and renewal reminders. */
export async function start(runtime: SubgraphRuntime): Promise<RunningServer> {
  const store = await LicensingStore.open(runtime.store);
  return startDepartmentSubgraph<LicensingContext, BaseSubgraphContext>('licensing', runtime, {
    resolvers,
    context: () => ({ now: new Date(), store, ...createLoaders(store) }),
  });
}
