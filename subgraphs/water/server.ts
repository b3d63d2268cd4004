import { buildEnforcedSchema, createBaseContext, useAccessLogFlush, type SubgraphRuntime } from '../../consent/enforcement/subgraph-kit.js';
import { startSubgraphServer, type RunningServer } from '../../platform/subgraph-server.js';
import { createWaterLoaders, type WaterContext } from './context.js';
import { resolvers } from './resolvers/index.js';
import { WaterStore } from './store.js';

/** The water subgraph: districts, river gauges, rainfall, pumping, flood risk and alerts. Public data only. */
export async function start(runtime: SubgraphRuntime): Promise<RunningServer> {
  const store = await WaterStore.open(runtime.store);
  const schema = buildEnforcedSchema<WaterContext>('water', resolvers);
  return startSubgraphServer<WaterContext>({
    name: 'water',
    config: runtime.config,
    logger: runtime.logger,
    schema,
    principalSecret: runtime.principalSecret,
    plugins: [useAccessLogFlush<WaterContext>(runtime.logger)],
    createContext: (call) => {
      const now = new Date();
      return { ...createBaseContext('water', runtime, call), store, now, ...createWaterLoaders(store, now) };
    },
    readiness: () => runtime.store.ping(),
    onClose: () => runtime.store.close(),
  });
}
