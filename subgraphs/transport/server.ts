import { startSubgraphServer, type RunningServer } from '../../platform/subgraph-server.js';
import { buildEnforcedSchema, createBaseContext, useAccessLogFlush, type SubgraphRuntime } from '../../consent/enforcement/subgraph-kit.js';
import { createTransportLoaders, type TransportContext } from './context.js';
import { resolvers } from './resolvers/index.js';
import { TransportStore } from './store.js';

/** The transport subgraph: stations, kiosks, intersections, and citizens' trips, saved places and taxi rides. */
export async function start(runtime: SubgraphRuntime): Promise<RunningServer> {
  const store = await TransportStore.open(runtime.store);
  const schema = buildEnforcedSchema<TransportContext>('transport', resolvers);
  return startSubgraphServer<TransportContext>({
    name: 'transport',
    config: runtime.config,
    logger: runtime.logger,
    schema,
    principalSecret: runtime.principalSecret,
    plugins: [useAccessLogFlush<TransportContext>(runtime.logger)],
    createContext: (call) => ({ ...createBaseContext('transport', runtime, call), ...createTransportLoaders(store) }),
    readiness: () => runtime.store.ping(),
    onClose: () => runtime.store.close(),
  });
}
