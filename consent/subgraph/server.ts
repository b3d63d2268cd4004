import { startSubgraphServer, type RunningServer } from '../../platform/subgraph-server.js';
import { buildEnforcedSchema, createBaseContext, useAccessLogFlush, type SubgraphRuntime } from '../enforcement/subgraph-kit.js';
import { createCitizenLoader, createGranteeLoader, type ConsentContext } from './context.js';
import { createInternalApi } from './internal-api.js';
import { resolvers } from './resolvers/index.js';
import { createConsentServices } from './services.js';

/** The consent subgraph: the city's trust authority, and the only holder of the master key. */
export async function start(runtime: SubgraphRuntime): Promise<RunningServer> {
  const services = await createConsentServices(runtime.config, runtime.store);
  const schema = buildEnforcedSchema<ConsentContext>('consent', resolvers);
  return startSubgraphServer<ConsentContext>({
    name: 'consent',
    config: runtime.config,
    logger: runtime.logger,
    schema,
    principalSecret: runtime.principalSecret,
    plugins: [useAccessLogFlush<ConsentContext>(runtime.logger)],
    createContext: (call) => ({ ...createBaseContext('consent', runtime, call), citizens: createCitizenLoader(services.store), grantees: createGranteeLoader(services.store), services }),
    readiness: () => runtime.store.ping(),
    routes: createInternalApi(services.authority, runtime.principalSecret, runtime.logger),
    onClose: () => runtime.store.close(),
  });
}
