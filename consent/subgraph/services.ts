import type { HubConfig } from '../../platform/config.js';
import { masterKey } from '../../platform/keys.js';
import { createLogger } from '../../platform/logger.js';
import type { Store } from '../../platform/store/types.js';
import { LocalConsentAuthority } from '../authority/local-authority.js';
import { FaceService } from '../biometrics/face-service.js';
import { FaceTemplateStore } from '../biometrics/template-store.js';
import { CardPinStore } from '../biometrics/pin-store.js';
import { authorityKeys, type AuthorityKeys } from '../crypto/authority-signing.js';
import { loadStatutes, type StatutePolicy } from '../policy/statutes.js';
import { AccessLogService } from '../services/access-log-service.js';
import { BreakGlassService } from '../services/break-glass-service.js';
import { SealedNotes } from '../services/sealed-notes.js';
import { ErasureService } from '../services/erasure-service.js';
import { loadDepartmentPurposes } from '../policy/grant-scope.js';
import { ConsentRequestService } from '../services/consent-request-service.js';
import { GrantService } from '../services/grant-service.js';
import { PartnerService } from '../services/partner-service.js';
import { NotificationService } from '../services/notification-service.js';
import { channelsOf, partnerWebhookChannel } from '../notify/channels.js';
import { ConsentStore } from './store.js';
import { RideConsentService } from '../services/ride-consent-service.js';
import { KioskConsentService } from '../services/kiosk-consent-service.js';
import { RideRequestIds } from '../services/ride-request-ids.js';

/** Everything the consent service runs on, built once per store (the subgraph and its in-process authority share it). */
export interface ConsentServices {
  store: ConsentStore;
  keys: AuthorityKeys;
  statutes: StatutePolicy;
  authority: LocalConsentAuthority;
  grants: GrantService;
  requests: ConsentRequestService;
  rideConsents: RideConsentService;
  kioskConsents: KioskConsentService;
  accessLog: AccessLogService;
  erasure: ErasureService;
  partners: PartnerService;
  faces: FaceService;
  notes: SealedNotes;
  breakGlass: BreakGlassService;
  notifications: NotificationService;
}

const built = new WeakMap<Store, Promise<ConsentServices>>();

export function createConsentServices(config: HubConfig, store: Store): Promise<ConsentServices> {
  let services = built.get(store);
  if (!services) {
    services = (async () => {
      const logger = createLogger({ service: 'consent', level: config.logLevel });
      const consentStore = await ConsentStore.open(store);
      const master = masterKey(config);
      const keys = authorityKeys(master);
      const statutes = loadStatutes();
      const notes = new SealedNotes(consentStore, master);
      const breakGlass = new BreakGlassService(consentStore, notes, config.breakGlass.citizensPerHour);
      const accessLog = new AccessLogService(consentStore, keys, { masterKey: master, notes, headIntervalMs: config.transparency.headIntervalMs, refusalWindowMs: config.transparency.refusalWindowMs });
      const authority = new LocalConsentAuthority(consentStore, master, statutes, accessLog, undefined, breakGlass);
      const grants = new GrantService(consentStore, keys, accessLog);
      const migrated = await grants.migrateScopes();
      if (migrated > 0) logger.info({ migrated }, 'grants without a scope got one (subgraph, category) and a re-signed receipt');
      const recorded = await grants.recordUnlogged();
      if (recorded > 0) logger.info({ recorded }, 'grants written before grant states were logged: their current state is now in the transparency log');
      const faces = new FaceService(consentStore, await FaceTemplateStore.open(store), master, grants, authority, await CardPinStore.open(store));
      const webhookTargets = { allowPrivate: config.webhooks.allowPrivateTargets };
      const partners = new PartnerService(consentStore, master, undefined, webhookTargets);
      const requests = new ConsentRequestService(consentStore, grants, accessLog, loadDepartmentPurposes(), config.consentRequestsPerDay);
      const rideRequestIds = new RideRequestIds(consentStore, master);
      const channels = { ...channelsOf(config), PARTNER_WEBHOOK: partnerWebhookChannel((id) => partners.webhookSecret(id), webhookTargets) };
      return {
        store: consentStore,
        keys,
        statutes,
        accessLog,
        authority,
        grants,
        rideConsents: new RideConsentService(consentStore, grants, accessLog, rideRequestIds),
        requests,
        kioskConsents: new KioskConsentService(consentStore, faces, requests, authority, rideRequestIds),
        partners,
        erasure: new ErasureService(consentStore, keys, (citizenId) => {
          accessLog.forgetCitizen(citizenId);
          return faces.erase(citizenId);
        }),
        faces,
        notes,
        breakGlass,
        notifications: new NotificationService(consentStore, authority, statutes, channels, config.notify, logger.child({ component: 'notifications' })),
      };
    })();
    built.set(store, services);
  }
  return services;
}
