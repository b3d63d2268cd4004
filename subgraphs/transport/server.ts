import { startDepartmentSubgraph, type SubgraphRuntime } from '../../consent/enforcement/subgraph-kit.js';
import type { RunningServer } from '../../platform/subgraph-server.js';
import { RemoteConsentAuthority, type FaceVerifier } from '../../consent/enforcement/remote-authority.js';
import { subgraphUrl } from '../../platform/config.js';
import { healthPassIdentityKey, healthPassKey } from '../../platform/keys.js';
import { serviceKey } from '../../platform/principal.js';
import { passSigningKeys, passVerifyingKey } from '../health/domain/health-pass.js';
import { createTransportLoaders, type TransportContext, type TransportServices } from './context.js';
import { resolvers } from './resolvers/index.js';
import { TransportStore } from './store.js';

/** The transport subgraph: stations, kiosks, intersections, and citizens' trips, saved places and taxi rides. */
export async function start(runtime: SubgraphRuntime): Promise<RunningServer> {
  const store = await TransportStore.open(runtime.store);
  const services: TransportServices = {
    // Derived from the health-pass seed for the development hub's convenience; the private half is discarded here.
    // A real deployment configures transport with the published public key only (docs/health-pass.md).
    healthPass: { verifying: passVerifyingKey(passSigningKeys(healthPassKey(runtime.config)).publicKey), identityKey: healthPassIdentityKey(runtime.config) },
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
  return new RemoteConsentAuthority(consentUrl, 'transport', serviceKey(runtime.principalSecret, 'transport'), runtime.config.subgraphTimeoutMs);
}
