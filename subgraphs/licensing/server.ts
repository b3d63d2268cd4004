import { startSubgraphServer, type RunningServer } from '../../platform/subgraph-server.js';
import { buildEnforcedSchema, createBaseContext, useAccessLogFlush, type SubgraphRuntime } from '../../consent/enforcement/subgraph-kit.js';
import { createLoaders, type LicensingContext } from './context.js';
import { resolvers } from './resolvers/index.js';
import { LicensingStore } from './store.js';

/** The licensing subgraph: businesses, integrated licences, applications and renewal reminders. */
export async function start(runtime: SubgraphRuntime): Promise<RunningServer> {
  const store = await LicensingStore.open(runtime.store);
  const schema = buildEnforcedSchema<LicensingContext>('licensing', resolvers);
  return startSubgraphServer<LicensingContext>({
    name: 'licensing',
    config: runtime.config,
    logger: runtime.logger,
    schema,
    principalSecret: runtime.principalSecret,
    plugins: [useAccessLogFlush<LicensingContext>(runtime.logger)],
    createContext: (call) => ({
      ...createBaseContext('licensing', runtime, call),
      now: new Date(),
      store,
      ...createLoaders(store),
    }),
    readiness: () => runtime.store.ping(),
    onClose: () => runtime.store.close(),
  });
}
