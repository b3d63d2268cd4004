import { startSubgraphServer, type RunningServer } from '../../platform/subgraph-server.js';
import { buildEnforcedSchema, createBaseContext, useAccessLogFlush, type SubgraphRuntime } from '../../consent/enforcement/subgraph-kit.js';
import { healthPassIdentityKey, healthPassKey } from '../../platform/keys.js';
import { passSigningKeys, passVerifyingKey } from './domain/health-pass.js';
import { createHealthLoaders, type HealthContext } from './context.js';
import { resolvers } from './resolvers/index.js';
import { HealthStore } from './store.js';

/** The health subgraph: facilities, declarations, check-ins and every citizen's health code. */
export async function start(runtime: SubgraphRuntime): Promise<RunningServer> {
  const store = await HealthStore.open(runtime.store);
  const signing = passSigningKeys(healthPassKey(runtime.config));
  const healthPass = { signing, verifying: passVerifyingKey(signing.publicKey), identityKey: healthPassIdentityKey(runtime.config) };
  const schema = buildEnforcedSchema<HealthContext>('health', resolvers);
  return startSubgraphServer<HealthContext>({
    name: 'health',
    config: runtime.config,
    logger: runtime.logger,
    schema,
    principalSecret: runtime.principalSecret,
    plugins: [useAccessLogFlush<HealthContext>(runtime.logger)],
    createContext: (call) => ({
      ...createBaseContext('health', runtime, call),
      ...createHealthLoaders(store),
      store,
      healthPass,
      now: () => new Date(),
    }),
    readiness: () => runtime.store.ping(),
    onClose: () => runtime.store.close(),
  });
}
