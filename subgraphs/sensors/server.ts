import { buildEnforcedSchema, createBaseContext, useAccessLogFlush, type SubgraphRuntime } from '../../consent/enforcement/subgraph-kit.js';
import { startSubgraphServer, type RunningServer } from '../../platform/subgraph-server.js';
import { createSensorsLoaders, type SensorsContext } from './context.js';
import { resolvers } from './resolvers/index.js';
import { SensorsStore } from './store.js';

/** The sensors subgraph: the city's devices, their readings, and batched ingestion. Public data only. */
export async function start(runtime: SubgraphRuntime): Promise<RunningServer> {
  const store = await SensorsStore.open(runtime.store);
  const schema = buildEnforcedSchema<SensorsContext>('sensors', resolvers);
  return startSubgraphServer<SensorsContext>({
    name: 'sensors',
    config: runtime.config,
    logger: runtime.logger,
    schema,
    principalSecret: runtime.principalSecret,
    plugins: [useAccessLogFlush<SensorsContext>(runtime.logger)],
    createContext: (call) => ({ ...createBaseContext('sensors', runtime, call), store, ...createSensorsLoaders(store) }),
    readiness: () => runtime.store.ping(),
    onClose: () => runtime.store.close(),
  });
}
