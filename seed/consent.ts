import { blindIndex, blindIndexKey, createDataKey } from '../consent/crypto/data-keys.js';
import { localSealing } from './kit.js';
import { citizenId as citizenIdAt, DISTRICT_NAMES, districtId } from './demo-layout.js';
import type { CitizenRecord } from '../consent/subgraph/store.js';
import { ConsentStore } from '../consent/subgraph/store.js';
import type { Store } from '../platform/store/types.js';
import { DEPARTMENT_DISPLAY_NAMES, DEPARTMENTS } from '../platform/services.js';
import { authorityKeys } from '../consent/crypto/authority-signing.js';
import { AccessLogService } from '../consent/services/access-log-service.js';
import { GrantService } from '../consent/services/grant-service.js';
import { PartnerService } from '../consent/services/partner-service.js';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The demo partner's registered operation: the contract's partner-taxi-assist, byte for byte. */
export const ROBOTAXI_OPERATION = path.join(path.dirname(fileURLToPath(import.meta.url)), '../consent/policy/partner-operations/robotaxi-taxi-assist.graphql');
/** The demo partner's taxi dispatch operations: the contract's taxi-dispatch, byte for byte. */
export const ROBOTAXI_TAXI_DISPATCH = path.join(path.dirname(fileURLToPath(import.meta.url)), '../consent/policy/partner-operations/robotaxi-taxi-dispatch.graphql');
/** The demo partner's consent request: the contract's consent-request, byte for byte. */
/** The demo partner's webhook registration: the contract's taxi-webhook, byte for byte. */
export const ROBOTAXI_TAXI_WEBHOOK = path.join(path.dirname(fileURLToPath(import.meta.url)), '../consent/policy/partner-operations/robotaxi-taxi-webhook.graphql');
export const ROBOTAXI_CONSENT_REQUEST = path.join(path.dirname(fileURLToPath(import.meta.url)), '../consent/policy/partner-operations/robotaxi-consent-request.graphql');

const GIVEN = ['Wei', 'Mei', 'Jun', 'Li', 'Ana', 'James', 'Fatima', 'Chen', 'Olga', 'Ravi', 'Grace', 'Tomás', 'Aiko', 'Samuel', 'Hana', 'Yusuf', 'Lin', 'Maria', 'Kofi', 'Ingrid'];
const FAMILY = ['Wang', 'Li', 'Zhang', 'Liu', 'Chen', 'Smith', 'García', 'Okafor', 'Tanaka', 'Kowalski', 'Haddad', 'Nguyen', 'Singh', 'Müller', 'Silva', 'Ahmed'];
const STREETS = ['Canal Road', 'Station Street', 'Harbour Way', 'Hill Lane', 'Market Street', 'Garden Row', 'River Walk', 'Mill Road'];

/**
 * Creates the demo citizens: a data key each (wrapped by the master key), sealed personal fields, and a blind
 * index of the phone number. Answers the unwrapped data keys so the other seeds can encrypt for the citizens;
 * they exist only in the seeding process's memory.
 */
export async function seedCitizens(
  store: Store,
  masterKey: Uint8Array,
  count: number,
  now: Date,
  random: () => number,
  progress: (done: number, total: number, label: string) => void,
): Promise<Map<string, { key: Uint8Array; version: number }>> {
  const consent = await ConsentStore.open(store);
  const keys = new Map<string, { key: Uint8Array; version: number }>();
  const blindKey = blindIndexKey(masterKey);
  const batchSize = 1000;
  for (let start = 0; start < count; start += batchSize) {
    const citizens: CitizenRecord[] = [];
    const dataKeys = [];
    const index = [];
    for (let i = start; i < Math.min(count, start + batchSize); i++) {
      const id = citizenIdAt(i);
      const { record, key } = createDataKey(masterKey, id, 1, now);
      keys.set(id, { key, version: 1 });
      const { seal: sealFor } = localSealing('consent', new Map([[id, { key, version: 1 }]]));
      const seal = (field: string, value: unknown) => sealFor({ type: 'Citizen', field, recordId: id, citizenId: id }, value);
      const name = `${GIVEN[Math.floor(random() * GIVEN.length)]} ${FAMILY[Math.floor(random() * FAMILY.length)]}`;
      const phone = `+86 138 ${String(1000 + (i % 9000)).padStart(4, '0')} ${String(Math.floor(random() * 10000)).padStart(4, '0')}`;
      const year = 1930 + Math.floor(random() * 75);
      const dateOfBirth = `${year}-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`;
      const homeAddress = `${1 + Math.floor(random() * 200)} ${STREETS[Math.floor(random() * STREETS.length)]}, ${DISTRICT_NAMES[i % DISTRICT_NAMES.length]}`;
      // Four in five citizens gave an e-mail address (a made-up one under the reserved example.org domain, RFC 2606).
      const email = i % 5 === 4 ? undefined : `${id.toLowerCase()}@example.org`;
      // The district of the address, sealed on its own: the flood-warning statute releases it without the address.
      const homeDistrict = districtId(i % DISTRICT_NAMES.length);
      citizens.push({
        id,
        name: seal('name', name),
        phone: seal('phone', phone),
        dateOfBirth: seal('dateOfBirth', dateOfBirth),
        homeAddress: seal('homeAddress', homeAddress),
        ...(email ? { email: seal('email', email) } : {}),
        homeDistrict: seal('homeDistrict', homeDistrict),
        createdAt: now.toISOString(),
      });
      dataKeys.push(record);
      index.push({ id: blindIndex(blindKey, 'phone', phone), kind: 'phone' as const, citizenId: id });
    }
    await consent.dataKeys.insertMany(dataKeys, { ignoreDuplicates: true });
    await consent.citizens.insertMany(citizens, { ignoreDuplicates: true });
    await consent.blindIndex.insertMany(index, { ignoreDuplicates: true });
    progress(Math.min(count, start + batchSize), count, 'citizens');
  }
  return keys;
}

/** The demo partner's scopes (ARCHITECTURE §7): enough for its contract operation and consent requests, nothing more. */
export const ROBOTAXI_SCOPES = ['consent:read', 'consent:write', 'transport:read', 'transport:write', 'sensors:read'];

/** The grantee registry (the five departments and the demo partner) and C-0001's demo grant to the partner. */
export async function seedGrantees(store: Store, masterKey: Uint8Array, now: Date): Promise<void> {
  const consent = await ConsentStore.open(store);
  const createdAt = now.toISOString();
  await consent.grantees.upsertMany([
    ...DEPARTMENTS.map((id) => ({ id, kind: 'DEPARTMENT' as const, name: DEPARTMENT_DISPLAY_NAMES[id], purposes: [], createdAt })),
    { id: 'robotaxi', kind: 'PARTNER' as const, name: 'RoboTaxi Co.', purposes: ['TAXI_ASSIST'], scopes: ROBOTAXI_SCOPES, contact: 'privacy@robotaxi.example', limits: { requestsPerMinute: 600, objectsPerMinute: 60_000 }, createdAt },
  ]);
  const partners = new PartnerService(consent, masterKey, () => now);
  const document = fs.readFileSync(ROBOTAXI_OPERATION, 'utf8');
  await partners.registerOperation('seed', { partnerId: 'robotaxi', document, purposes: ['TAXI_ASSIST'] });
  await partners.registerOperation('seed', { partnerId: 'robotaxi', document: fs.readFileSync(ROBOTAXI_CONSENT_REQUEST, 'utf8'), purposes: ['TAXI_ASSIST'] });
  await partners.registerOperation('seed', { partnerId: 'robotaxi', document: fs.readFileSync(ROBOTAXI_TAXI_DISPATCH, 'utf8'), purposes: ['TAXI_ASSIST'] });
  await partners.registerOperation('seed', { partnerId: 'robotaxi', document: fs.readFileSync(ROBOTAXI_TAXI_WEBHOOK, 'utf8'), purposes: ['TAXI_ASSIST'] });
  const existing = await consent.grants.find({ citizenId: 'C-0001', granteeId: 'robotaxi' });
  if (existing.length > 0) return;
  // Erasure deletes an erased citizen's grants: seeding again must not give the erased C-0001 a new one.
  if ((await consent.dataKeys.get('C-0001'))?.erasedAt) return;
  // The grant is recorded in C-0001's transparency log like any other (a head is signed when the log closes).
  const keys = authorityKeys(masterKey);
  const log = new AccessLogService(consent, keys, { masterKey, clock: () => now });
  const grants = new GrantService(consent, keys, log, () => now);
  const principal = { kind: 'citizen' as const, id: 'C-0001', roles: [], scopes: [], requestId: 'seed' };
  const validUntil = new Date(now.getTime() + 365 * 24 * 3600 * 1000).toISOString();
  try {
    await grants.grant(principal, { granteeId: 'robotaxi', purpose: 'TAXI_ASSIST', categories: ['LOCATION'], validUntil });
  } finally {
    await log.close();
  }
}
