import type { HubConfig } from '../../platform/config.js';
import { masterKey } from '../../platform/keys.js';
import type { Store } from '../../platform/store/types.js';
import { LocalConsentAuthority } from '../authority/local-authority.js';
import { authorityKeys, type AuthorityKeys } from '../crypto/authority-signing.js';
import { loadStatutes, type StatutePolicy } from '../policy/statutes.js';
import { AccessLogService } from '../services/access-log-service.js';
import { ErasureService } from '../services/erasure-service.js';
import { GrantService } from '../services/grant-service.js';
import { ConsentStore } from './store.js';

/** Everything the consent service runs on, built once per store (the subgraph and its in-process authority share it). */
export interface ConsentServices {
  store: ConsentStore;
  keys: AuthorityKeys;
  statutes: StatutePolicy;
  authority: LocalConsentAuthority;
  grants: GrantService;
  accessLog: AccessLogService;
  erasure: ErasureService;
}

const built = new WeakMap<Store, Promise<ConsentServices>>();

export function createConsentServices(config: HubConfig, store: Store): Promise<ConsentServices> {
  let services = built.get(store);
  if (!services) {
    services = (async () => {
      const consentStore = await ConsentStore.open(store);
      const master = masterKey(config);
      const keys = authorityKeys(master);
      const statutes = loadStatutes();
      const accessLog = new AccessLogService(consentStore, keys);
      return {
        store: consentStore,
        keys,
        statutes,
        accessLog,
        authority: new LocalConsentAuthority(consentStore, master, statutes, accessLog),
        grants: new GrantService(consentStore, keys),
        erasure: new ErasureService(consentStore, keys),
      };
    })();
    built.set(store, services);
  }
  return services;
}
