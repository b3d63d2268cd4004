import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { FieldDecryptionError, isSealed, openField } from '../../consent/crypto/field-cipher.js';
import { subgraphUrl } from '../../platform/config.js';
import { principalKeyOf, principalSigningKeysOf, serviceKeyOf } from '../../platform/keys.js';
import { PRINCIPAL_HEADER, signPrincipal, type Principal } from '../../platform/principal.js';
import { SERVICE_HEADER, signServiceCall } from '../../platform/service-auth.js';
import type { SubgraphName } from '../../platform/services.js';
import { citizenToken, graphql, staffToken, startTestHub, type TestHub } from '../support/hub.js';

/**
 * One door for personal data (ARCHITECTURE §4): internal processing is a caller like any other, logged as SERVICE
 * under a named statute; a decision releases the keys of the allowed categories only; departments write through a
 * seal-only capability and hold no key.
 */
let hub: TestHub;

beforeAll(async () => {
  hub = await startTestHub({ citizens: 60, sensors: 50 });
}, 180_000);

afterAll(async () => {
  await hub?.close();
});

async function accessLog(citizenId: string): Promise<any[]> {
  const answer = await graphql(hub, '{ me { accessLog(first: 100) { edges { node { coordinate category decision basis purpose principal { kind id } } } } } }', {}, { token: await citizenToken(hub, citizenId) });
  return answer.body.data!.me.accessLog.edges.map((e: any) => e.node);
}

/** Calls the consent service's internal API as a department would: its service key, and a principal or its own purpose. */
async function internal(subgraph: SubgraphName, path: string, payload: Record<string, unknown>, principal?: Principal): Promise<{ status: number; body: any }> {
  const body = JSON.stringify(payload);
  const headers: Record<string, string> = { 'content-type': 'application/json', [SERVICE_HEADER]: signServiceCall(subgraph, body, serviceKeyOf(hub.config, subgraph)) };
  // Signed as the gateway signs what it sends a subgraph, which the subgraph forwards (both MACs).
  headers[PRINCIPAL_HEADER] = principal ? signPrincipal(principal, subgraph, principalSigningKeysOf(hub.config, subgraph)) : '';
  const response = await fetch(`${subgraphUrl(hub.config, 'consent').replace(/\/graphql$/, '')}${path}`, { method: 'POST', headers, body });
  return { status: response.status, body: await response.json() };
}

const healthStaff = (purpose: Principal['purpose']): Principal => ({ kind: 'staff', id: 'health', department: 'health', official: 'w.chen', roles: ['staff'], scopes: [], purpose, requestId: 'one-door-test' });

describe('internal processing is a caller like any other', () => {
  it('refuses health staff flagging exposure for a purpose other than PUBLIC_HEALTH: FORBIDDEN, nothing read, nothing logged', async () => {
    const before = await accessLog('C-0001');
    const answer = await graphql(hub, 'mutation { flagFacilityExposure(facilityId: "F-001", since: "2026-01-01T00:00:00.000Z") { healthCodesRecomputed } }', {}, { token: await staffToken(hub, 'health'), purpose: 'SERVICE_DELIVERY' });
    expect(answer.body.errors?.map((e: any) => e.extensions.code)).toEqual(['FORBIDDEN']);
    const facility = await graphql(hub, '{ facility(id: "F-001") { exposureFlaggedAt } }');
    expect(facility.body.data!.facility.exposureFlaggedAt).toBeNull();
    expect(await accessLog('C-0001')).toEqual(before);
  });

  it('flags exposure as health’s own processing: every release is in the citizen’s log as SERVICE health under the statute', async () => {
    const since = new Date(Date.now() - 4 * 24 * 3600 * 1000).toISOString();
    const answer = await graphql(hub, `mutation { flagFacilityExposure(facilityId: "F-001", since: "${since}") { healthCodesRecomputed } }`, {}, { token: await staffToken(hub, 'health'), purpose: 'PUBLIC_HEALTH' });
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data!.flagFacilityExposure.healthCodesRecomputed).toBeGreaterThanOrEqual(1);
    const service = (await accessLog('C-0001')).filter((e) => e.principal.kind === 'SERVICE');
    expect(service.map((e) => e.coordinate)).toEqual(expect.arrayContaining(['CheckIn.at', 'CheckIn.facility', 'HealthDeclaration.symptoms']));
    for (const entry of service) expect(entry).toMatchObject({ principal: { kind: 'SERVICE', id: 'health' }, decision: 'ALLOWED', basis: 'STATUTE:PUBLIC_HEALTH_ACT', purpose: 'PUBLIC_HEALTH' });
    const me = await graphql(hub, '{ me { healthCode { status reasons } } }', {}, { token: await citizenToken(hub, 'C-0001') });
    expect(me.body.data!.me.healthCode.status).toBe('AMBER');
  });

  it('refuses a principal a department made with the keys it holds: no asking for a citizen’s keys as that citizen', async () => {
    const asked = { subgraph: 'health', citizenIds: ['C-0002'], categories: ['HEALTH'], fields: ['HealthCode.status'] };
    const citizen: Principal = { kind: 'citizen', id: 'C-0002', roles: [], scopes: [], requestId: 'x' };
    // The health process holds its own principal key: its own server accepts what it signs with it...
    const own = principalKeyOf(hub.config, 'health');
    const made = signPrincipal(citizen, 'health', { subgraph: own, consent: own });
    const body = JSON.stringify(asked);
    const url = `${subgraphUrl(hub.config, 'consent').replace(/\/graphql$/, '')}/internal/decide`;
    const headers = { 'content-type': 'application/json', [SERVICE_HEADER]: signServiceCall('health', body, serviceKeyOf(hub.config, 'health')), [PRINCIPAL_HEADER]: made };
    const refused = await fetch(url, { method: 'POST', headers, body });
    // ...but consent checks the second MAC, which only the gateway can make.
    expect(refused.status).toBe(401);
    expect(JSON.stringify(await refused.json())).not.toContain('"keys"');
    const genuine = await internal('health', '/internal/decide', asked, citizen);
    expect(genuine.status).toBe(200);
    expect(genuine.body.decisions[0].keys.HEALTH).toBeDefined();
  });

  it('lets a department act on its own only for one of its purposes, and never with a signed service principal', async () => {
    const asked = { subgraph: 'health', citizenIds: ['C-0001'], categories: ['HEALTH'], fields: ['HealthCode.status'] };
    expect((await internal('health', '/internal/decide', { ...asked, service: { purpose: 'FLOOD_RESPONSE', requestId: 'x' } })).status).toBe(403);
    const forged: Principal = { kind: 'service', id: 'health', department: 'health', roles: [], scopes: [], purpose: 'PUBLIC_HEALTH', requestId: 'x' };
    expect((await internal('health', '/internal/decide', asked, forged)).status).toBe(401);
    const own = await internal('health', '/internal/decide', { ...asked, service: { purpose: 'PUBLIC_HEALTH', requestId: 'x' } });
    expect(own.status).toBe(200);
    expect(own.body.decisions[0].fields['HealthCode.status']).toMatchObject({ allow: true, basis: 'STATUTE:PUBLIC_HEALTH_ACT' });
  });
});

describe('a department acts only as itself', () => {
  it('never decides or logs as a partner for a department: a relayed call is refused, no key answered, nothing logged', async () => {
    // C-0001's demo grant lets robotaxi see their locations: a decision made as robotaxi would release transport's
    // LOCATION key, which opens every place transport holds for them, in transport's own hands.
    const asRobotaxi = async () => (await accessLog('C-0001')).filter((e) => e.principal.id === 'robotaxi').length;
    const before = await asRobotaxi();
    const service = { purpose: 'TAXI_ASSIST', requestId: 'relay-test', recipient: 'robotaxi' };
    const decided = await internal('transport', '/internal/decide', { subgraph: 'transport', citizenIds: ['C-0001'], categories: ['LOCATION'], fields: ['TaxiRide.pickup'], service });
    expect(decided.status).toBe(403);
    expect(JSON.stringify(decided.body)).not.toContain('"keys"');
    const logged = await internal('transport', '/internal/access-log', {
      subgraph: 'transport',
      records: [{ citizenId: 'C-0001', coordinate: 'TaxiRide.pickup', category: 'LOCATION', allow: true, basis: 'CONSENT:made-up' }],
      service,
    });
    expect(logged.status).toBe(403);
    expect(await asRobotaxi()).toBe(before);
  });
});

describe('keys per category', () => {
  it('releases the key of the allowed category only: it opens the health code and cannot open the check-in place', async () => {
    const answer = await internal('health', '/internal/decide', { subgraph: 'health', citizenIds: ['C-0001'], categories: ['HEALTH', 'LOCATION'], fields: ['HealthCode.status'] }, healthStaff('PUBLIC_HEALTH'));
    expect(answer.status).toBe(200);
    const [decision] = answer.body.decisions;
    expect(decision.categories.LOCATION).toMatchObject({ allow: false, code: 'CONSENT_REQUIRED' });
    expect(Object.keys(decision.keys)).toEqual(['HEALTH']);
    const key = { key: new Uint8Array(Buffer.from(decision.keys.HEALTH.key, 'base64url')), version: decision.keys.HEALTH.version };
    const store = hub.servers.get('health')!.store;
    const [code] = await (await store.collection<any>({ name: 'health_codes' })).find({ citizenId: 'C-0001' });
    expect(openField(key, { subgraph: 'health', collection: 'HealthCode', field: 'status', recordId: code.id, citizenId: 'C-0001' }, code.status)).toMatch(/GREEN|AMBER|RED/);
    const [checkIn] = await (await store.collection<any>({ name: 'check_ins' })).find({ citizenId: 'C-0001' });
    expect(() => openField(key, { subgraph: 'health', collection: 'CheckIn', field: 'facility', recordId: checkIn.id, citizenId: 'C-0001' }, checkIn.facility)).toThrow(FieldDecryptionError);
  });
});

describe('writes cannot read', () => {
  it('has no endpoint that hands a department a key to write with', async () => {
    const answer = await internal('health', '/internal/write-keys', { subgraph: 'health', citizenIds: ['C-0002'] }, healthStaff('PUBLIC_HEALTH'));
    expect(answer.status).toBe(404);
  });

  it('seals for a department and answers ciphertext only, under the field’s own category key', async () => {
    const answer = await internal('health', '/internal/seal', { subgraph: 'health', items: [{ citizenId: 'C-0002', type: 'CheckIn', field: 'facility', recordId: 'CI-test', value: 'F-009' }] }, healthStaff('PUBLIC_HEALTH'));
    expect(answer.status).toBe(200);
    const [sealed] = answer.body.sealed;
    expect(isSealed(sealed)).toBe(true);
    expect(JSON.stringify(answer.body)).not.toContain('F-009');
    expect(Object.keys(answer.body)).toEqual(['sealed']);
  });

  it('refuses a field that is not personal in that subgraph, and writes nothing for someone else’s citizen', async () => {
    const foreign = await internal('health', '/internal/seal', { subgraph: 'health', items: [{ citizenId: 'C-0002', type: 'SavedPlace', field: 'address', recordId: 'SP-x', value: 'x' }] }, healthStaff('PUBLIC_HEALTH'));
    expect(foreign.status).toBe(403);
    const citizen: Principal = { kind: 'citizen', id: 'C-0003', roles: [], scopes: [], requestId: 'r' };
    const other = await internal('health', '/internal/seal', { subgraph: 'health', items: [{ citizenId: 'C-0002', type: 'CheckIn', field: 'at', recordId: 'CI-y', value: '2026-11-30T00:00:00.000Z' }] }, citizen);
    expect(other.body.sealed).toEqual([null]);
  });

  it('seals with a key that only the category’s decision releases', async () => {
    const answer = await internal('health', '/internal/seal', { subgraph: 'health', items: [{ citizenId: 'C-0002', type: 'CheckIn', field: 'facility', recordId: 'CI-z', value: 'F-010' }] }, healthStaff('PUBLIC_HEALTH'));
    const decision = await internal('health', '/internal/decide', { subgraph: 'health', citizenIds: ['C-0002'], categories: ['LOCATION'], fields: ['CheckIn.facility'] }, healthStaff('PUBLIC_HEALTH'));
    const wire = decision.body.decisions[0].keys.LOCATION;
    const key = { key: new Uint8Array(Buffer.from(wire.key, 'base64url')), version: wire.version };
    expect(openField(key, { subgraph: 'health', collection: 'CheckIn', field: 'facility', recordId: 'CI-z', citizenId: 'C-0002' }, answer.body.sealed[0])).toBe('F-010');
  });
});
