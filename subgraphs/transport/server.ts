import type { BaseSubgraphContext } from '../../consent/enforcement/subgraph-kit.js';
import { startDepartmentSubgraph, type SubgraphRuntime } from '../../platform/department-subgraph.js';
import type { RunningServer } from '../../platform/subgraph-server.js';
import { passVerifyingKey } from '../../contracts/health-pass/pass.js';
import { healthPassIdentityKey, healthPassPublicKey } from '../../platform/keys.js';
import { createTransportLoaders, type TransportContext, type TransportServices } from './context.js';
import { resolvers } from './resolvers/index.js';
import { TransportStore } from './store.js';

/** The transport subgraph: stations, kiosks, intersections, and citizens' trips, saved places and taxi rides. */
export async function start(runtime: SubgraphRuntime): Promise<RunningServer> {
  const store = await TransportStore.open(runtime.store);
  const services: TransportServices = {
    // Transport verifies passes with the published public key only; the signing seed stays in health.
    healthPass: { verifying: passVerifyingKey(healthPassPublicKey(runtime.config)), identityKey: healthPassIdentityKey(runtime.config) },
    now: () => new Date(),
  };
  return startDepartmentSubgraph<TransportContext, BaseSubgraphContext>('transport', runtime, {
    resolvers,
    context: () => ({ ...createTransportLoaders(store), ...services }),
  });
}
