import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { passVerifyingKey, verifyPass } from '../../contracts/health-pass/pass.js';
import { issuePass, passSigningKeys } from '../../subgraphs/health/domain/health-pass.js';
import { healthPassIdentityKey, healthPassKey } from '../../platform/keys.js';
import { sodium } from '../../platform/sodium.js';
import type { Doc } from '../../platform/store/types.js';
import { citizenToken, contract, graphql, staffToken, startTestHub, type TestHub } from '../support/hub.js';

let hub: TestHub;
let healthStaff: string;
let transportStaff: string;

beforeAll(async () => {
  hub = await startTestHub({ citizens: 100, sensors: 500 });
  healthStaff = await staffToken(hub, 'health');
  transportStaff = await staffToken(hub, 'transport');
});
afterAll(async () => {
  await hub?.close();
});

const PASS = contract('health-pass.graphql');

async function issuePassFor(citizenId: string): Promise<{ token: string; expiresAt: string; status: string }> {
  const issued = await graphqlOp('IssueHealthPass', {}, { token: await citizenToken(hub, citizenId) });
  expect(issued.body.errors).toBeUndefined();
  return issued.body.data!.issueHealthPass;
}

/** Runs one named operation of the contract document. */
function graphqlOp(operationName: string, variables: Record<string, unknown>, options: { token: string; purpose?: string }) {
  return fetch(hub.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${options.token}`,
      ...(options.purpose ? { 'x-purpose': options.purpose } : {}),
    },
    body: JSON.stringify({ query: PASS, operationName, variables }),
  }).then(async (response) => ({ status: response.status, body: (await response.json()) as { data?: Record<string, any> | null; errors?: Array<{ message: string; path?: unknown[]; extensions?: Record<string, unknown> }> } }));
}

const scan = (token: string, facilityId = 'F-001') => graphqlOp('ScanHealthPass', { token, facilityId }, { token: healthStaff, purpose: 'PUBLIC_HEALTH' });
const tap = (token: string, stationId = 'ST-001') => graphqlOp('TapTransit', { token, stationId }, { token: transportStaff, purpose: 'TRANSIT_ACCESS' });

async function count(subgraph: 'health' | 'transport', collection: string): Promise<number> {
  const store = hub.servers.get(subgraph)!.store;
  return (await store.collection<Doc>({ name: collection })).count();
}

async function written() {
  return {
    checkIns: await count('health', 'check_ins'),
    healthNonces: await count('health', 'used_pass_nonces'),
    trips: await count('transport', 'trips'),
    transportNonces: await count('transport', 'used_pass_nonces'),
  };
}

function codes(answer: { body: { errors?: Array<{ extensions?: Record<string, unknown> }> } }): unknown[] {
  return (answer.body.errors ?? []).map((e) => e.extensions?.code);
}

/** A pass signed with the health department's real key, as a test helper: e.g. one that expired ten minutes ago. */
function passIssuedAt(citizenId: string, status: 'GREEN' | 'AMBER' | 'RED', issuedAt: Date): string {
  const keys = passSigningKeys(healthPassKey(hub.config));
  return issuePass(keys, healthPassIdentityKey(hub.config), { citizenId, status, now: issuedAt }).token;
}

describe('contract: health-pass', () => {
  it('issues a signed pass that expires within 120 seconds and shows the citizen’s health code', async () => {
    const before = Date.now();
    const pass = await issuePassFor('C-0001');
    expect(pass.status).toBe('GREEN');
    expect(pass.token).toMatch(/^HP1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(pass.token).not.toContain('C-0001');
    const lifetime = Date.parse(pass.expiresAt) - before;
    expect(lifetime).toBeGreaterThan(100_000);
    expect(lifetime).toBeLessThanOrEqual(121_000);
  });

  it('lets a scanner verify the pass offline with the key published in the graph and at /.well-known', async () => {
    const pass = await issuePassFor('C-0001');
    const graphKey = (await graphql(hub, '{ healthPassPublicKey }')).body.data!.healthPassPublicKey as string;
    const response = await fetch(hub.url.replace(/\/graphql$/, '/.well-known/health-pass-keys.json'));
    expect(response.status).toBe(200);
    const document = (await response.json()) as { keys: Array<{ kty: string; crv: string; x: string; kid: string }> };
    expect(document.keys).toHaveLength(1);
    expect(document.keys[0]).toMatchObject({ kty: 'OKP', crv: 'Ed25519', x: graphKey });
    const [prefix, body, signature] = pass.token.split('.') as [string, string, string];
    const publicKey = new Uint8Array(Buffer.from(graphKey, 'base64url'));
    expect(sodium().crypto_sign_verify_detached(Buffer.from(signature, 'base64url'), `${prefix}.${body}`, publicKey)).toBe(true);
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    expect(claims).toMatchObject({ st: 'GREEN', kid: document.keys[0]!.kid });
    expect(claims.exp - claims.iat).toBeLessThanOrEqual(120);
  });

  it('scans once at a facility, records the check-in, and refuses the replay with PASS_ALREADY_USED writing nothing', async () => {
    const pass = await issuePassFor('C-0001');
    const first = await scan(pass.token, 'F-001');
    expect(first.body.errors).toBeUndefined();
    const result = first.body.data!.scanHealthPass;
    expect(result.status).toBe('GREEN');
    expect(result.checkIn).toMatchObject({ facility: { id: 'F-001', name: 'Riverside Clinic' } });
    expect(Math.abs(Date.parse(result.checkIn.at) - Date.now())).toBeLessThan(30_000);

    const me = await graphql(hub, '{ me { checkIns(last: 1) { id at facility { id } } } }', {}, { token: await citizenToken(hub, 'C-0001') });
    expect(me.body.data!.me.checkIns).toEqual([{ id: result.checkIn.id, at: result.checkIn.at, facility: { id: 'F-001' } }]);

    const before = await written();
    const replay = await scan(pass.token, 'F-002');
    expect(replay.body.data).toBeNull();
    expect(codes(replay)).toEqual(['PASS_ALREADY_USED']);
    expect(await written()).toEqual(before);
  });

  it('taps the same pass once at a transit gate (its own record of used passes) and refuses a second tap', async () => {
    const pass = await issuePassFor('C-0002');
    expect((await scan(pass.token)).body.errors).toBeUndefined();
    const first = await tap(pass.token, 'ST-002');
    expect(first.body.errors).toBeUndefined();
    const trip = first.body.data!.tapTransit.trip;
    expect(trip.stationId).toBe('ST-002');
    expect(Math.abs(Date.parse(trip.at) - Date.now())).toBeLessThan(30_000);

    const me = await graphql(hub, '{ me { trips(last: 1) { at stationId } } }', {}, { token: await citizenToken(hub, 'C-0002') });
    expect(me.body.data!.me.trips).toEqual([{ at: trip.at, stationId: 'ST-002' }]);

    const before = await written();
    const replay = await tap(pass.token, 'ST-003');
    expect(codes(replay)).toEqual(['PASS_ALREADY_USED']);
    expect(await written()).toEqual(before);
  });

  it('lets only one of two concurrent scans of one pass through', async () => {
    const pass = await issuePassFor('C-0001');
    const answers = await Promise.all([scan(pass.token), scan(pass.token), tap(pass.token), tap(pass.token)]);
    const outcomes = answers.map((a) => (a.body.errors ? codes(a)[0] : 'OK'));
    expect(outcomes.slice(0, 2).sort()).toEqual(['OK', 'PASS_ALREADY_USED']);
    expect(outcomes.slice(2).sort()).toEqual(['OK', 'PASS_ALREADY_USED']);
  });

  it('refuses an expired pass with PASS_EXPIRED at the facility and the gate, writing nothing', async () => {
    const expired = passIssuedAt('C-0001', 'GREEN', new Date(Date.now() - 10 * 60_000));
    const before = await written();
    expect(codes(await scan(expired))).toEqual(['PASS_EXPIRED']);
    expect(codes(await tap(expired))).toEqual(['PASS_EXPIRED']);
    expect(await written()).toEqual(before);
  });

  it('refuses altered and forged passes with PASS_INVALID, writing nothing', async () => {
    const pass = await issuePassFor('C-0004');
    const [prefix, body, signature] = pass.token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    const greener = Buffer.from(JSON.stringify({ ...claims, st: 'GREEN' })).toString('base64url');
    const forger = passSigningKeys(new Uint8Array(32).fill(7));
    const forged = issuePass({ ...forger, kid: claims.kid }, healthPassIdentityKey(hub.config), { citizenId: 'C-0001', status: 'GREEN', now: new Date() }).token;
    // Flip one bit of the decoded signature: editing base64 text can leave the decoded bytes unchanged.
    const flipped = Buffer.from(signature, 'base64url');
    flipped[0] = flipped[0]! ^ 0x01;
    const tampered = `${prefix}.${body}.${flipped.toString('base64url')}`;
    const before = await written();
    for (const bad of [`${prefix}.${greener}.${signature}`, tampered, forged, 'not a pass']) {
      expect(codes(await scan(bad))).toEqual(['PASS_INVALID']);
      expect(codes(await tap(bad))).toEqual(['PASS_INVALID']);
    }
    expect(await written()).toEqual(before);
    // The untouched pass still works: the refusals used nothing up.
    expect((await scan(pass.token)).body.data!.scanHealthPass.status).toBe('RED');
  });

  it('shows an AMBER and a RED citizen’s pass as such, to the citizen and to the guard', async () => {
    for (const [citizenId, status] of [['C-0003', 'AMBER'], ['C-0004', 'RED']] as const) {
      const pass = await issuePassFor(citizenId);
      expect(pass.status).toBe(status);
      const verified = verifyPass(passVerifyingKey(passSigningKeys(healthPassKey(hub.config)).publicKey), healthPassIdentityKey(hub.config), pass.token, new Date());
      expect(verified).toMatchObject({ citizenId, status });
      const scanned = await scan(pass.token, 'F-003');
      expect(scanned.body.errors).toBeUndefined();
      expect(scanned.body.data!.scanHealthPass.status).toBe(status);
    }
  });

  it('lets GREEN (C-0001) through a transit gate and refuses RED (C-0004) at the same gate: trip null, PASS_REFUSED at its path, a reason in both languages naming no one, nothing written', async () => {
    const green = await issuePassFor('C-0001');
    const red = await issuePassFor('C-0004');
    expect(red.status).toBe('RED');

    const before = await written();
    const refused = await tap(red.token, 'ST-005');
    expect(refused.status).toBe(200);
    expect(refused.body.data).toEqual({ tapTransit: { trip: null } });
    expect(refused.body.errors).toHaveLength(1);
    const error = refused.body.errors![0]!;
    expect(error.path).toEqual(['tapTransit', 'trip']);
    expect(error.extensions).toMatchObject({ code: 'PASS_REFUSED', status: 'RED' });
    const reason = error.extensions!.reason as { en: string; zhHans: string };
    expect(reason.en).toMatch(/public transport/i);
    expect(reason.zhHans).toMatch(/[\u4e00-\u9fff]/u);
    expect(error.message).toContain(reason.en);
    expect(error.message).toContain(reason.zhHans);
    // Never who: no citizen id, name or pseudonym in what the gate is told.
    const told = JSON.stringify(refused.body);
    const name = (await graphql(hub, '{ me { name } }', {}, { token: await citizenToken(hub, 'C-0004') })).body.data!.me.name as string;
    for (const who of ['C-0004', name, JSON.parse(Buffer.from(red.token.split('.')[1]!, 'base64url').toString('utf8')).sub]) expect(told).not.toContain(who);
    expect(await written()).toEqual(before);
    // Refused again, not "already used": a refusal uses nothing up.
    expect(codes(await tap(red.token, 'ST-005'))).toEqual(['PASS_REFUSED']);

    const passed = await tap(green.token, 'ST-005');
    expect(passed.body.errors).toBeUndefined();
    expect(passed.body.data!.tapTransit.trip.stationId).toBe('ST-005');
    expect(await written()).toEqual({ ...before, trips: before.trips + 1, transportNonces: before.transportNonces + 1 });
  });

  it('refuses AMBER (C-0003) at a transit gate too, while a facility admits AMBER and RED and records their check-ins', async () => {
    const amber = await issuePassFor('C-0003');
    const answer = await tap(amber.token);
    expect(answer.body.data).toEqual({ tapTransit: { trip: null } });
    expect(answer.body.errors?.map((e) => [e.path, e.extensions?.code, e.extensions?.status])).toEqual([[['tapTransit', 'trip'], 'PASS_REFUSED', 'AMBER']]);
    for (const citizenId of ['C-0003', 'C-0004']) {
      const pass = await issuePassFor(citizenId);
      const before = await count('health', 'check_ins');
      const scanned = await scan(pass.token, 'F-002');
      expect(scanned.body.errors).toBeUndefined();
      expect(scanned.body.data!.scanHealthPass.checkIn.facility.id).toBe('F-002');
      expect(await count('health', 'check_ins')).toBe(before + 1);
    }
  });

  it('records the guard’s look at the status and the check-in in the citizen’s access log, by statute', async () => {
    const pass = await issuePassFor('C-0003');
    expect((await scan(pass.token, 'F-004')).body.errors).toBeUndefined();
    const log = await graphql(hub, '{ me { accessLog(first: 10) { edges { node { coordinate category decision basis purpose principal { id } } } } } }', {}, { token: await citizenToken(hub, 'C-0003') });
    const entries = log.body.data!.me.accessLog.edges.map((e: any) => e.node);
    const byCoordinate = new Map(entries.map((e: any) => [e.coordinate, e]));
    expect(byCoordinate.get('ScanHealthPassPayload.status')).toMatchObject({ category: 'HEALTH', decision: 'ALLOWED', basis: 'STATUTE:PUBLIC_HEALTH_ACT', purpose: 'PUBLIC_HEALTH', principal: { id: 'health' } });
    expect(byCoordinate.get('CheckIn.facility')).toMatchObject({ category: 'LOCATION', decision: 'ALLOWED', basis: 'STATUTE:PUBLIC_HEALTH_ACT' });
  });

  it('lets only health staff scan for PUBLIC_HEALTH and only transport staff tap for TRANSIT_ACCESS', async () => {
    const pass = await issuePassFor('C-0001');
    const before = await written();
    const asTransport = await graphqlOp('ScanHealthPass', { token: pass.token, facilityId: 'F-001' }, { token: transportStaff, purpose: 'PUBLIC_HEALTH' });
    const wrongPurpose = await graphqlOp('ScanHealthPass', { token: pass.token, facilityId: 'F-001' }, { token: healthStaff, purpose: 'SERVICE_DELIVERY' });
    const asCitizen = await graphqlOp('TapTransit', { token: pass.token, stationId: 'ST-001' }, { token: await citizenToken(hub, 'C-0001') });
    const gateAsHealth = await graphqlOp('TapTransit', { token: pass.token, stationId: 'ST-001' }, { token: healthStaff, purpose: 'TRANSIT_ACCESS' });
    for (const answer of [asTransport, wrongPurpose, asCitizen, gateAsHealth]) expect(codes(answer)).toEqual(['FORBIDDEN']);
    const unknownPlace = await scan(pass.token, 'F-999');
    expect(codes(unknownPlace)).toEqual(['NOT_FOUND']);
    expect(await written()).toEqual(before);
    expect((await scan(pass.token)).body.errors).toBeUndefined();
  });

  it('issues passes to signed-in citizens only', async () => {
    const answer = await graphqlOp('IssueHealthPass', {}, { token: healthStaff, purpose: 'PUBLIC_HEALTH' });
    expect(codes(answer)).toEqual(['FORBIDDEN']);
  });
});
