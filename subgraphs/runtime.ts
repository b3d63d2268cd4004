import { RemoteConsentAuthority } from '../consent/enforcement/remote-authority.js';
import { consentEnforcement, type ConsentRuntime } from '../consent/enforcement/subgraph-kit.js';
import { subgraphUrl, type HubConfig } from '../platform/config.js';
import { serviceKeyOf } from '../platform/keys.js';
import { createLogger, type Logger } from '../platform/logger.js';
import type { SubgraphName } from '../platform/services.js';
import { loadSodium } from '../platform/sodium.js';
import { openStore, type Store } from '../platform/store/index.js';
import type { RunningServer } from '../platform/subgraph-server.js';

type StartFn = (runtime: ConsentRuntime) => Promise<RunningServer>;

const modules: Record<SubgraphName, () => Promise<{ start: StartFn }>> = {
  consent: () => import('../consent/subgraph/server.js'),
  health: () => import('./health/server.js'),
  licensing: () => import('./licensing/server.js'),
  transport: () => import('./transport/server.js'),
  water: () => import('./water/server.js'),
  sensors: () => import('./sensors/server.js'),
};

/** Starts one subgraph in this process: its store, its consent authority (local or remote), its HTTP server. */
export async function startSubgraph(name: SubgraphName, config: HubConfig, logger: Logger = createLogger({ service: name, level: config.logLevel })): Promise<RunningServer & { store: Store }> {
  await loadSodium();
  const store = await openStore(config, name);
  const module = await modules[name]();
  let authority: ConsentRuntime['authority'];
  if (name === 'consent') {
    const { createConsentServices } = await import('../consent/subgraph/services.js');
    authority = (await createConsentServices(config, store)).authority;
  } else {
    authority = new RemoteConsentAuthority(
      subgraphUrl(config, 'consent').replace(/\/graphql$/, ''),
      name,
      serviceKeyOf(config, name),
      config.subgraphTimeoutMs,
    );
  }
  const server = await module.start({ config, logger, store, authority, enforcement: consentEnforcement(authority) });
  return { ...server, store };
}
