import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { decodeJwt } from 'jose';
import { issueDevToken } from '../../gateway/auth/dev-issuer.js';
import { hubCli } from '../support/cli.js';
import { CITIZEN_NAME, citizenToken, contract, graphql, readRawFiles, staffToken, startTestHub, type TestHub } from '../support/hub.js';
import { labelled } from '../support/labelled.js';

/**
 * Issue 16, items 3-5: purposes bound to departments, break-glass, named officials and end users, scopes that bound
 * every field. Each reproduction from the issue is a case here that passed (wrongly) on the code before the fix.
 */
let hub: TestHub;
const CAP = 3;
const REGISTER = 'query($id: ID!) { citizen(id: $id) { id name phone homeAddress dateOfBirth } }';
const JUSTIFICATION = 'Unconscious person at Harbour Rd 12, need next of kin — ticket EM-7731';
/** As a client sends it: UTF-8 bytes (fetch wants a byte string; the gateway decodes them as UTF-8). */
const SENT = Buffer.from(JUSTIFICATION, 'utf8').toString('latin1');
const LOG = `{ me { accessLog(first: 100) { edges { node { seq principal { kind id name official endUserHash } coordinate purpose decision basis code breakGlass justificationHash } } } accessLogVerification { ok } } }`;

beforeAll(async () => {
  hub = await startTestHub({ citizens: 60, sensors: 200, env: { HUB_BREAK_GLASS_CITIZENS_PER_HOUR: String(CAP) } });
});
afterAll(async () => {
  await hub?.close();
});

async function logOf(citizenId: string): Promise<any[]> {
  const answer = await graphql(hub, LOG, {}, { token: await citizenToken(hub, citizenId) });
  expect(answer.body.data?.me.accessLogVerification.ok).toBe(true);
  return answer.body.data!.me.accessLog.edges.map((e: any) => e.node);
}

async function admin(): Promise<string> {
  return issueDevToken(hub.config, { sub: 'admin:reviewer', roles: ['admin'] });
}

describe('purposes bound to departments', () => {
  it.each([
    ['sensors', 'TAXI_ASSIST'],
    ['transport', 'PUBLIC_HEALTH'],
    ['water', 'LICENSING'],
    ['health', 'RESEARCH'],
    ['licensing', 'FLOOD_RESPONSE'],
  ] as const)('refuses %s staff acting for %s with 403 FORBIDDEN before any subgraph is called', async (department, purpose) => {
    const before = (await logOf('C-0040')).length;
    const answer = await graphql(hub, REGISTER, { id: 'C-0040' }, { token: await staffToken(hub, department), purpose });
    expect(answer.status).toBe(403);
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(answer.body.data ?? null).toBeNull();
    // No subgraph decided anything: the citizen's log did not grow.
    expect((await logOf('C-0040')).length).toBe(before);
  });

  it.each([
    ['transport', 'TAXI_ASSIST'],
    ['health', 'PUBLIC_HEALTH'],
    ['water', 'FLOOD_RESPONSE'],
    ['sensors', 'SERVICE_DELIVERY'],
    ['licensing', 'LICENSING'],
  ] as const)('admits %s staff acting for %s', async (department, purpose) => {
    const answer = await graphql(hub, '{ citizen(id: "C-0041") { id } }', {}, { token: await staffToken(hub, department), purpose });
    expect(answer.status).toBe(200);
    expect(answer.body.data?.citizen).toEqual({ id: 'C-0041' });
  });

  it('answers a missing or unknown X-Purpose from staff with 400 BAD_USER_INPUT', async () => {
    const token = await staffToken(hub, 'transport');
    for (const purpose of [undefined, 'SNOOPING']) {
      const answer = await graphql(hub, '{ citizen(id: "C-0041") { id } }', {}, { token, ...(purpose ? { purpose } : {}) });
      labelled(`purpose ${purpose}`, () => expect(answer.status).toBe(400));
      labelled(`purpose ${purpose}`, () => expect(answer.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT'));
    }
  });
});

describe('break-glass', () => {
  it('refuses EMERGENCY from staff without the emergency role (it used to release name, phone, address and date of birth)', async () => {
    for (const department of ['sensors', 'transport', 'water'] as const) {
      const answer = await graphql(hub, REGISTER, { id: 'C-0002' }, { token: await staffToken(hub, department), purpose: 'EMERGENCY', headers: { 'x-justification': SENT } });
      labelled(department, () => expect(answer.status).toBe(403));
      labelled(department, () => expect(answer.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN'));
      labelled(department, () => expect(JSON.stringify(answer.body)).not.toMatch(/"name":"/));
    }
  });

  it.each([
    ['no justification', undefined],
    ['a justification of 9 characters', 'too short'],
    ['a justification of 501 characters', 'x'.repeat(501)],
    ['only spaces', '            '],
  ])('answers break-glass with %s with 400 BAD_USER_INPUT', async (_label, justification) => {
    const token = await staffToken(hub, 'water', { official: 'W-0001', emergency: true });
    const answer = await graphql(hub, REGISTER, { id: 'C-0003' }, { token, purpose: 'EMERGENCY', headers: justification === undefined ? {} : { 'x-justification': justification } });
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('releases name, phone and home address (not date of birth) to an emergency official, flags it in the log with only a hash of the reason, and lists it for review', async () => {
    const token = await staffToken(hub, 'water', { official: 'W-0007', emergency: true });
    const answer = await graphql(hub, REGISTER, { id: 'C-0004' }, { token, purpose: 'EMERGENCY', headers: { 'x-justification': SENT } });
    expect(answer.status).toBe(200);
    expect(answer.body.data?.citizen.name).toMatch(CITIZEN_NAME);
    expect(answer.body.data?.citizen.phone).toEqual(expect.any(String));
    expect(answer.body.data?.citizen.homeAddress).toEqual(expect.any(String));
    expect(answer.body.data?.citizen.dateOfBirth).toBeNull();
    expect(answer.body.errors?.map((e) => [e.path?.join('.'), e.extensions?.code])).toEqual([['citizen.dateOfBirth', 'CONSENT_REQUIRED']]);

    const entries = (await logOf('C-0004')).filter((e) => e.basis === 'BREAK_GLASS');
    expect(entries.map((e) => e.coordinate).sort()).toEqual(['Citizen.homeAddress', 'Citizen.name', 'Citizen.phone']);
    for (const entry of entries) {
      labelled(entry.coordinate, () => expect(entry).toMatchObject({ breakGlass: true, decision: 'ALLOWED', purpose: 'EMERGENCY', principal: { kind: 'STAFF', id: 'water', official: 'W-0007' } }));
      labelled(entry.coordinate, () => expect(entry.justificationHash).toMatch(/^[A-Za-z0-9_-]{43}$/));
    }
    const raw = readRawFiles(hub, 'consent.sqlite');
    expect(raw.includes(Buffer.from('EM-7731'))).toBe(false);

    const review = await graphql(hub, '{ breakGlassUses(official: "W-0007") { citizenId department departmentName official justification justificationHash requestId } }', {}, { token: await admin() });
    expect(review.body.errors).toBeUndefined();
    expect(review.body.data?.breakGlassUses).toEqual([
      expect.objectContaining({ citizenId: 'C-0004', department: 'water', official: 'W-0007', justification: JUSTIFICATION, justificationHash: entries[0].justificationHash }),
    ]);
    const notAdmin = await graphql(hub, '{ breakGlassUses { id } }', {}, { token: await staffToken(hub, 'water'), purpose: 'FLOOD_RESPONSE' });
    expect(notAdmin.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const mine = await graphql(hub, '{ me { breakGlassUses { official departmentName justification } } }', {}, { token: await citizenToken(hub, 'C-0004') });
    expect(mine.body.data?.me.breakGlassUses).toEqual([{ official: 'W-0007', departmentName: 'Water Department', justification: JUSTIFICATION }]);
  });

  it('releases nothing beyond identity and contact, whatever the statutes say', async () => {
    const token = await staffToken(hub, 'health', { official: 'H-0001', emergency: true });
    const answer = await graphql(hub, '{ citizen(id: "C-0005") { name checkIns(last: 3) { at } } }', {}, { token, purpose: 'EMERGENCY', headers: { 'x-justification': SENT } });
    expect(answer.body.data?.citizen.name).toMatch(CITIZEN_NAME);
    expect(answer.body.data?.citizen.checkIns).toBeNull();
    expect(answer.body.errors?.find((e) => e.path?.includes('checkIns'))?.extensions?.code).toBe('CONSENT_REQUIRED');
  });

  it(`caps each official at ${CAP} distinct citizens an hour, then answers 429 RATE_LIMITED; others are unaffected`, async () => {
    const token = await staffToken(hub, 'transport', { official: 'T-0099', emergency: true });
    const ask = (id: string, as = token) => graphql(hub, REGISTER, { id }, { token: as, purpose: 'EMERGENCY', headers: { 'x-justification': SENT } });
    for (const id of ['C-0010', 'C-0011', 'C-0012']) {
      const answer = await ask(id);
      labelled(id, () => expect(answer.status).toBe(200));
      labelled(id, () => expect(answer.body.data?.citizen.name).toMatch(CITIZEN_NAME));
    }
    const again = await ask('C-0010');
    expect(again.status).toBe(200);
    const over = await ask('C-0013');
    expect(over.status).toBe(429);
    expect(over.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(over.body.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    expect(over.body.data?.citizen?.name ?? null).toBeNull();
    const refused = (await logOf('C-0013')).find((e) => e.code === 'RATE_LIMITED');
    expect(refused).toMatchObject({ decision: 'DENIED', breakGlass: true, principal: { official: 'T-0099' } });
    const colleague = await ask('C-0013', await staffToken(hub, 'transport', { official: 'T-0100', emergency: true }));
    expect(colleague.status).toBe(200);
    expect(colleague.body.data?.citizen.name).toMatch(CITIZEN_NAME);
  });

  it('leaves nothing readable of the reason once the citizen erased their data', async () => {
    const token = await staffToken(hub, 'sensors', { official: 'S-0001', emergency: true });
    await graphql(hub, REGISTER, { id: 'C-0020' }, { token, purpose: 'EMERGENCY', headers: { 'x-justification': 'Gas leak at the citizen address, evacuation ordered' } });
    const erased = await graphql(hub, 'mutation { eraseMyData { erasedAt } }', {}, { token: await citizenToken(hub, 'C-0020') });
    expect(erased.body.errors).toBeUndefined();
    // The review still lists the use, no longer saying on whom (consent/services/erasure-unlink.ts).
    const review = await graphql(hub, '{ breakGlassUses(official: "S-0001") { citizenId official justification justificationHash } }', {}, { token: await admin() });
    expect(review.body.data?.breakGlassUses).toEqual([{ citizenId: 'ERASED', official: 'S-0001', justification: null, justificationHash: expect.any(String) }]);
    const byCitizen = await graphql(hub, '{ breakGlassUses(citizenId: "C-0020") { official } }', {}, { token: await admin() });
    expect(byCitizen.body.data?.breakGlassUses).toEqual([]);
    expect(readRawFiles(hub, 'consent.sqlite').includes(Buffer.from('Gas leak'))).toBe(false);
  });
});

describe('named officials', () => {
  it('prints a token whose sub names the official, defaulting to <department>-demo', async () => {
    const named = decodeJwt((await hubCli(hub, ['token', 'staff', 'transport', '--official', 'T-0042'])).trim());
    expect(named).toMatchObject({ sub: 'staff:transport:T-0042', department: 'transport', roles: ['staff'] });
    const byDefault = decodeJwt((await hubCli(hub, ['token', 'staff', 'health'])).trim());
    expect(byDefault.sub).toBe('staff:health:health-demo');
    // Two CLI processes (tsx start-up each): slow on a busy shared machine.
  }, 180_000);

  it('names the official in every access-log entry, next to the department', async () => {
    const token = await staffToken(hub, 'transport', { official: 'T-0042' });
    await graphql(hub, '{ citizen(id: "C-0030") { name savedPlaces { label } } }', {}, { token, purpose: 'SERVICE_DELIVERY' });
    const entries = (await logOf('C-0030')).filter((e) => e.principal.kind === 'STAFF');
    expect(entries.length).toBeGreaterThan(0);
    for (const entry of entries) labelled(entry.coordinate, () => expect(entry.principal).toEqual({ kind: 'STAFF', id: 'transport', name: 'Transport Department', official: 'T-0042', endUserHash: null }));
  });

  it('names the official in the citizen’s export, and the break-glass reason opened for them', async () => {
    await graphql(hub, '{ citizen(id: "C-0031") { name } }', {}, { token: await staffToken(hub, 'licensing', { official: 'L-0777' }), purpose: 'SERVICE_DELIVERY' });
    await graphql(hub, '{ citizen(id: "C-0031") { phone } }', {}, { token: await staffToken(hub, 'health', { official: 'H-0009', emergency: true }), purpose: 'EMERGENCY', headers: { 'x-justification': SENT } });
    const answer = await graphql(hub, '{ me { export { identity } } }', {}, { token: await citizenToken(hub, 'C-0031') });
    expect(answer.body.errors).toBeUndefined();
    const identity = answer.body.data!.me.export.identity;
    expect(identity.accessLog.log).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ coordinate: 'Citizen.name', principal: { kind: 'STAFF', id: 'licensing', name: 'Licensing Department', official: 'L-0777' } }),
        expect.objectContaining({ coordinate: 'Citizen.phone', breakGlass: true, principal: expect.objectContaining({ official: 'H-0009' }) }),
      ]),
    );
    expect(identity.breakGlassUses).toEqual([expect.objectContaining({ official: 'H-0009', department: 'health', justification: JUSTIFICATION })]);
  });

  it('refuses a staff token that names no official with 401', async () => {
    const token = await issueDevToken(hub.config, { sub: 'staff:transport', department: 'transport', roles: ['staff'] });
    const answer = await graphql(hub, '{ citizen(id: "C-0030") { id } }', {}, { token, purpose: 'SERVICE_DELIVERY' });
    expect(answer.status).toBe(401);
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('partners: scopes bound every field, and end users', () => {
  const asPartner = (key: string, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    fetch(hub.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `ApiKey ${key}`, 'x-purpose': 'TAXI_ASSIST', ...headers }, body: JSON.stringify(body) }).then(async (r) => ({
      status: r.status,
      body: (await r.json()) as any,
    }));
  const TAXI = contract('partner-taxi-assist.graphql');
  /** A robotaxi key (through the admin API: quicker than the CLI); no scopes means robotaxi's registered ones. */
  const issueKey = async (scopes: string[]) => {
    const answer = await graphql(hub, 'mutation($scopes: [String!]!) { issueApiKey(input: { partnerId: "robotaxi", scopes: $scopes, expiresIn: "1d" }) { key } }', { scopes }, { token: await admin() });
    expect(answer.body.errors).toBeUndefined();
    return answer.body.data!.issueApiKey.key as string;
  };

  it('refuses a key with only water:read the transport saved places a citizen consented to (403 before planning)', async () => {
    const key = await issueKey(['water:read']);
    const answer = await asPartner(key, { query: TAXI, variables: { a: 'C-0001', b: 'C-0002' } });
    expect(answer.status).toBe(403);
    expect(answer.body.errors[0].extensions.code).toBe('FORBIDDEN');
    expect(answer.body.errors[0].message).toContain('Citizen.savedPlaces');
    expect(JSON.stringify(answer.body)).not.toContain('Clinic');
  });

  it('refuses the register’s name to a key without consent:read', async () => {
    const key = await issueKey(['transport:read', 'sensors:read']);
    const answer = await asPartner(key, { query: TAXI, variables: { a: 'C-0001', b: 'C-0002' } });
    expect(answer.status).toBe(403);
    expect(answer.body.errors[0].message).toContain('Citizen.name');
  });

  it('answers the contract as written with robotaxi’s registered scopes, and logs the end user only as a salted hash', async () => {
    const key = await issueKey([]);
    const answer = await asPartner(key, { query: TAXI, variables: { a: 'C-0001', b: 'C-0002' } }, { 'x-end-user': 'rider-8842-secret' });
    expect(answer.status).toBe(200);
    labelled(JSON.stringify(answer.body.errors ?? []), () => expect(answer.body.data.a.savedPlaces).not.toBeNull());
    expect(answer.body.data.a.savedPlaces.map((p: { label: string }) => p.label).sort()).toEqual(['Clinic', 'Home']);
    // This request's field decisions (the refusals of the tests above, made without an end user, are Query.citizen).
    const partnerEntries = (await logOf('C-0001')).filter((e) => e.principal.kind === 'PARTNER' && e.coordinate !== 'Query.citizen');
    expect(partnerEntries.length).toBeGreaterThan(0);
    for (const entry of partnerEntries) labelled(entry.coordinate, () => expect(entry.principal.endUserHash).toMatch(/^[A-Za-z0-9_-]{43}$/));
    expect(readRawFiles(hub, 'consent.sqlite').includes(Buffer.from('rider-8842-secret'))).toBe(false);
  });

  it('registers default key scopes per partner (robotaxi’s from the seed), kept when the partner is updated', async () => {
    const token = await admin();
    const listed = await graphql(hub, '{ partners { id scopes } }', {}, { token });
    expect(listed.body.data?.partners).toEqual(expect.arrayContaining([{ id: 'robotaxi', scopes: ['consent:read', 'consent:write', 'transport:read', 'transport:write', 'sensors:read'] }]));
    const register = 'mutation($input: RegisterPartnerInput!) { registerPartner(input: $input) { id scopes } }';
    const added = await graphql(hub, register, { input: { id: 'floodwatch', name: 'Flood Watch Ltd', purposes: ['FLOOD_RESPONSE'], scopes: ['water:read', 'sensors:read'] } }, { token });
    labelled(JSON.stringify(added.body.errors ?? []), () => expect(added.body.errors).toBeUndefined());
    expect(added.body.data?.registerPartner).toEqual({ id: 'floodwatch', scopes: ['water:read', 'sensors:read'] });
    const updated = await graphql(hub, register, { input: { id: 'floodwatch', name: 'Flood Watch Limited', purposes: ['FLOOD_RESPONSE'] } }, { token });
    expect(updated.body.data?.registerPartner.scopes).toEqual(['water:read', 'sensors:read']);
    const bad = await graphql(hub, register, { input: { id: 'floodwatch', name: 'Flood Watch Ltd', purposes: ['FLOOD_RESPONSE'], scopes: ['water:admin'] } }, { token });
    expect(bad.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const key = await graphql(hub, 'mutation { issueApiKey(input: { partnerId: "floodwatch", scopes: [], expiresIn: "1d" }) { apiKey { scopes } } }', {}, { token });
    expect(key.body.data?.issueApiKey.apiKey.scopes).toEqual(['water:read', 'sensors:read']);
  });

  it('answers an X-End-User over 64 characters with 400 BAD_USER_INPUT', async () => {
    const key = await issueKey([]);
    const answer = await asPartner(key, { query: TAXI, variables: { a: 'C-0001', b: 'C-0002' } }, { 'x-end-user': 'u'.repeat(65) });
    expect(answer.status).toBe(400);
    expect(answer.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });
});
