import type { BaseSubgraphContext } from '../../consent/enforcement/subgraph-kit.js';
import { startDepartmentSubgraph, type SubgraphRuntime } from '../../platform/department-subgraph.js';
import { healthPassIdentityKey, healthPassKey } from '../../platform/keys.js';
import type { RunningServer } from '../../platform/subgraph-server.js';
import { createHealthLoaders, type HealthContext } from './context.js';
import { passVerifyingKey } from '../../contracts/health-pass/pass.js';
import { passSigningKeys } from './domain/health-pass.js';
import { resolvers } from './resolvers/index.js';
import { HealthStore } from './store.js';

/** The health subgraph: facilities, declarations, check-ins and every citizen's health code. */
export async function start(runtime: SubgraphRuntime): Promise<RunningServer> {
  const store = await HealthStore.open(runtime.store);
  const signing = passSigningKeys(healthPassKey(runtime.config));
  const healthPass = { signing, verifying: passVerifyingKey(signing.publicKey), identityKey: healthPassIdentityKey(runtime.config) };
  return startDepartmentSubgraph<HealthContext, BaseSubgraphContext>('health', runtime, {
    resolvers,
    context: () => ({ ...createHealthLoaders(store), store, healthPass, now: () => new Date() }),
  });
}
