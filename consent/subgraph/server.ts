import { masterKey } from '../../platform/keys.js';
import { startSubgraphServer, type RunningServer } from '../../platform/subgraph-server.js';
import { LocalConsentAuthority } from '../authority/local-authority.js';
import { buildEnforcedSchema, createBaseContext, useAccessLogFlush, type SubgraphRuntime } from '../enforcement/subgraph-kit.js';
import { createCitizenLoader, type ConsentContext } from './context.js';
import { createInternalApi } from './internal-api.js';
import { resolvers } from './resolvers/index.js';
import { ConsentStore } from './store.js';

export async function openConsentAuthority(runtime: Pick<SubgraphRuntime, 'config' | 'store'>): Promise<{ store: ConsentStore; authority: LocalConsentAuthority }> {
  const store = await ConsentStore.open(runtime.store);
  return { store, authority: new LocalConsentAuthority(store, masterKey(runtime.config)) };
}

/** The consent subgraph: the city's trust authority, and the only holder of the master key. */
export async function start(runtime: SubgraphRuntime): Promise<RunningServer> {
  const store = await ConsentStore.open(runtime.store);
  const authority = runtime.authority;
  const schema = buildEnforcedSchema<ConsentContext>('consent', resolvers);
  return startSubgraphServer<ConsentContext>({
    name: 'consent',
    config: runtime.config,
    logger: runtime.logger,
    schema,
    principalSecret: runtime.principalSecret,
    plugins: [useAccessLogFlush<ConsentContext>(runtime.logger)],
    createContext: (call) => ({ ...createBaseContext('consent', runtime, call), citizens: createCitizenLoader(store) }),
    readiness: () => runtime.store.ping(),
    routes: createInternalApi(authority, runtime.principalSecret, runtime.logger),
    onClose: () => runtime.store.close(),
  });
}
