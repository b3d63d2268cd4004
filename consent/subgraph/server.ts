import { loadDepartmentPurposes } from '../../contracts/department-purposes/department-purposes.js';
import { principalConsentKeyOf, serviceKeyOf } from '../../platform/keys.js';
import type { HubConfig } from '../../platform/config.js';
import { SUBGRAPH_NAMES } from '../../platform/services.js';
import { startSubgraphServer, type RunningServer } from '../../platform/subgraph-server.js';
import { attachGuard } from '../enforcement/request-guard.js';
import { buildEnforcedSchema, createBaseContext, useAccessLogFlush, type ConsentRuntime } from '../enforcement/subgraph-kit.js';
import { createCitizenLoader, createGranteeLoader, type ConsentContext } from './context.js';
import { createGatewayApi } from './gateway-api.js';
import { createInternalApi } from './internal-api.js';
import { resolvers } from './resolvers/index.js';
import { createConsentServices } from './services.js';

/** The consent subgraph: the city's trust authority, and the only holder of the master key. */
export async function start(runtime: ConsentRuntime): Promise<RunningServer> {
  const services = await createConsentServices(runtime.config, runtime.store);
  const schema = buildEnforcedSchema<ConsentContext>('consent', resolvers);
  const gatewayApi = createGatewayApi(services.partners, serviceKeyOf(runtime.config, 'gateway'), runtime.logger, services.accessLog, services.store);
  const internalApi = createInternalApi(services.authority, callerKeys(runtime.config), runtime.logger, loadDepartmentPurposes(), services.faces, services.notifications, {
    rideConsents: services.rideConsents,
    kioskConsents: services.kioskConsents,
  });
  // The notification outbox's delivery worker runs in every consent process (several take turns through leases).
  const stopWorker = new AbortController();
  const worker = services.notifications.work(stopWorker.signal);
  return startSubgraphServer<ConsentContext>({
    name: 'consent',
    config: runtime.config,
    logger: runtime.logger,
    schema,
    plugins: [useAccessLogFlush<ConsentContext>(runtime.logger)],
    createContext: (call) => {
      const { base, guard } = createBaseContext('consent', runtime.authority, call, runtime.logger.child({ requestId: call.requestId }));
      return attachGuard({ ...base, consent: guard, citizens: createCitizenLoader(services.store), grantees: createGranteeLoader(services.store), services }, guard);
    },
    readiness: () => runtime.store.ping(),
    routes: async (req, res, body) =>
      (await gatewayApi(req, res, body)) || internalApi(req, res, body),
    onClose: async () => {
      stopWorker.abort();
      await worker;
      await services.notifications.close();
      await services.accessLog.close();
      await runtime.store.close();
    },
  });
}

/**
 * The keys consent checks department calls with: each subgraph's service key, and the consent MAC key of the
 * principals signed for it (which the department itself does not hold).
 */
function callerKeys(config: HubConfig) {
  return {
    service: new Map(SUBGRAPH_NAMES.map((name) => [name, serviceKeyOf(config, name)] as const)),
    principal: new Map(SUBGRAPH_NAMES.map((name) => [name, principalConsentKeyOf(config, name)] as const)),
  };
}
