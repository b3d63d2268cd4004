import { startDepartmentSubgraph, type SubgraphRuntime } from '../../consent/enforcement/subgraph-kit.js';
import type { RunningServer } from '../../platform/subgraph-server.js';
import { RemoteConsentAuthority, type FaceVerifier } from '../../consent/enforcement/remote-authority.js';
import { subgraphUrl } from '../../platform/config.js';
import { passVerifyingKey } from '../../contracts/health-pass/pass.js';
import { healthPassIdentityKey, healthPassPublicKey, serviceKeyOf } from '../../platform/keys.js';
import { createTransportLoaders, type TransportContext, type TransportServices } from './context.js';
import { resolvers } from './resolvers/index.js';
import { TransportStore } from './store.js';

/** The transport subgraph: stations, kiosks, intersections, and citizens' trips, saved places and taxi rides. */
export async function start(runtime: SubgraphRuntime): Promise<RunningServer> {
  const store = await TransportStore.open(runtime.store);
  const services: TransportServices = {
    // Transport verifies passes with the published public key only; the signing seed stays in health.
    healthPass: { verifying: passVerifyingKey(healthPassPublicKey(runtime.config)), identityKey: healthPassIdentityKey(runtime.config) },
    faces: faceVerifier(runtime),
    now: () => new Date(),
  };
  return startDepartmentSubgraph<TransportContext>('transport', runtime, {
    resolvers,
    context: (_base, call) => ({ ...createTransportLoaders(store), ...services, caller: { principal: call.principal, signed: call.signed } }),
  });
}

/** The consent service's face check: the runtime's remote authority offers it; otherwise a client of its own. */
function faceVerifier(runtime: SubgraphRuntime): FaceVerifier {
  if (runtime.authority instanceof RemoteConsentAuthority) return runtime.authority;
  const consentUrl = subgraphUrl(runtime.config, 'consent').replace(/\/graphql$/, '');
  return new RemoteConsentAuthority(consentUrl, 'transport', serviceKeyOf(runtime.config, 'transport'), runtime.config.subgraphTimeoutMs);
}
