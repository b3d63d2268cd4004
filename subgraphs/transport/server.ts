import type { ServiceCapabilities } from '../../consent/enforcement/subgraph-kit.js';
import type { BaseSubgraphContext } from '../../consent/enforcement/subgraph-kit.js';
import { startDepartmentSubgraph, type SubgraphRuntime } from '../../platform/department-subgraph.js';
import type { RunningServer } from '../../platform/subgraph-server.js';
import { passVerifyingKey } from '../../contracts/health-pass/pass.js';
import { healthPassIdentityKey, healthPassPublicKey, taxiWebhookKey } from '../../platform/keys.js';
import { createTransportLoaders, type TransportContext, type TransportServices } from './context.js';
import { startDispatcher } from './dispatcher.js';
import { resolvers } from './resolvers/index.js';
import { TransportStore } from './store.js';
import { DEFAULT_WEBHOOK_RETRY } from './taxi-webhooks.js';

/** The transport subgraph: stations, kiosks, intersections, and citizens' trips, saved places and taxi rides. */
export async function start(runtime: SubgraphRuntime<ServiceCapabilities>): Promise<RunningServer> {
  const store = await TransportStore.open(runtime.store);
  const services: TransportServices = {
    // Transport verifies passes with the published public key only; the signing seed stays in health.
    healthPass: { verifying: passVerifyingKey(healthPassPublicKey(runtime.config)), identityKey: healthPassIdentityKey(runtime.config) },
    webhooks: { key: taxiWebhookKey(runtime.config), allowHttp: runtime.config.env !== 'production', allowPrivate: runtime.config.webhooks.allowPrivateTargets, ...DEFAULT_WEBHOOK_RETRY },
    now: () => new Date(),
  };
  const dispatcher = startDispatcher({
    store,
    service: () => runtime.enforcement.service('transport', 'TAXI_ASSIST', runtime.logger),
    webhooks: services.webhooks,
    logger: runtime.logger,
  });
  return startDepartmentSubgraph<TransportContext, BaseSubgraphContext>('transport', runtime, {
    resolvers,
    context: () => ({ ...createTransportLoaders(store), ...services }),
    onClose: () => dispatcher.stop(),
  });
}
