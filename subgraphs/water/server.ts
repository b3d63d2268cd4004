import { startDepartmentSubgraph, type SubgraphRuntime } from '../../platform/department-subgraph.js';
import type { RunningServer } from '../../platform/subgraph-server.js';
import { createWaterLoaders, type WaterContext } from './context.js';
import { resolvers } from './resolvers/index.js';
import { WaterStore } from './store.js';

/** The water subgraph: districts, river gauges, rainfall, pumping, flood risk and alerts. Public data only. */
export async function start(runtime: SubgraphRuntime): Promise<RunningServer> {
  const store = await WaterStore.open(runtime.store);
  return startDepartmentSubgraph<WaterContext>('water', runtime, {
    resolvers,
    context: () => {
      const now = new Date();
      return { store, now, ...createWaterLoaders(store, now) };
    },
  });
}
