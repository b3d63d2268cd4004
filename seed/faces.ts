import { hashPin } from '../consent/biometrics/card-pin.js';
import { faceGrantInput, KIOSK_PASS_GRANT, sealedPin, sealedTemplate } from '../consent/biometrics/face-service.js';
import { validateEmbedding } from '../consent/biometrics/embedding.js';
import { CardPinStore } from '../consent/biometrics/pin-store.js';
import { FaceTemplateStore } from '../consent/biometrics/template-store.js';
import { authorityKeys } from '../consent/crypto/authority-signing.js';
import { subgraphDataKey } from '../consent/crypto/data-keys.js';
import { AccessLogService } from '../consent/services/access-log-service.js';
import { GrantService } from '../consent/services/grant-service.js';
import { ConsentStore } from '../consent/subgraph/store.js';
import { demoFace } from '../contracts/kiosk/demo-face.js';
import type { Store } from '../platform/store/types.js';
import { citizenId } from './demo-layout.js';

/**
 * The kiosk's demo people (docs/kiosk.md): seniors without a phone whose faces were enrolled at a service centre.
 * Each face is `demoFace(id)` (contracts/kiosk/demo-face.ts), the same vector the development kiosk's simulated
 * camera shows, hashed into a template here and forgotten; each enrolment records the citizen's usual face consent
 * and the consent for kiosks to show them their health pass.
 * Their saved places come from the transport seed (KIOSK_DEMO_PLACES).
 */
export const KIOSK_DEMO_CITIZENS = ['C-0015', 'C-0016'] as const;
/** The city-card PIN of every demo citizen with one (C-0011 to C-0020): a demo value, documented in docs/kiosk.md. */
export const DEMO_PIN = '2580';
/**
 * PINs are hashed slowly (scrypt: 160-620 ms each measured on this shared 2-core machine under load), so only ten
 * demo citizens get one, hashed side by side on libuv's thread pool; every seeded hub (and test hub) pays for them.
 */
export const DEMO_PIN_FIRST = 10;
export const DEMO_PIN_CITIZENS = 10;

export async function seedFaces(store: Store, masterKey: Uint8Array, dataKeys: ReadonlyMap<string, { key: Uint8Array; version: number }>, now: Date): Promise<void> {
  const consent = await ConsentStore.open(store);
  const pins = await CardPinStore.open(store);
  const templates = await FaceTemplateStore.open(store);
  const consentKey = (id: string) => {
    const dataKey = dataKeys.get(id);
    return dataKey ? subgraphDataKey(dataKey.key, 'consent', dataKey.version) : undefined;
  };
  const at = now.toISOString();
  const withPins = Array.from({ length: DEMO_PIN_CITIZENS }, (_, i) => citizenId(DEMO_PIN_FIRST + i)).filter((id) => dataKeys.has(id));
  const pinRecords = await Promise.all(withPins.map(async (id) => sealedPin(consentKey(id)!, id, await hashPin(DEMO_PIN), at)));
  await pins.saveMany(pinRecords);

  // The grants are recorded in each citizen's transparency log like any other (a head is signed when the log closes).
  const keys = authorityKeys(masterKey);
  const log = new AccessLogService(consent, keys, { masterKey, clock: () => now });
  const grants = new GrantService(consent, keys, log, () => now);
  try {
    for (const id of KIOSK_DEMO_CITIZENS) {
      const key = consentKey(id);
      if (!key || (await templates.get(id))) continue;
      const principal = { kind: 'citizen' as const, id, roles: [], scopes: [], requestId: 'seed' };
      const grant = await grants.grant(principal, faceGrantInput(now));
      // They also asked for their health pass at kiosks.
      await grants.grant(principal, faceGrantInput(now, KIOSK_PASS_GRANT));
      const embedding = validateEmbedding(Array.from(demoFace(id)));
      await templates.save(sealedTemplate(key, id, embedding, grant.id, at));
      embedding.fill(0);
    }
  } finally {
    await log.close();
  }
}
