import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readReceipt } from '../../consent/crypto/authority-signing.js';
import { CITIZEN_NAME, citizenToken, contract, graphql, readRawFiles, staffToken, startTestHub, type TestHub } from '../support/hub.js';

let hub: TestHub;

beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(async () => {
  await hub?.close();
});

const ACCESS_LOG = contract('citizen-access-log.graphql');

async function accessLog(citizenId: string) {
  const token = await citizenToken(hub, citizenId);
  const answer = await graphql(hub, ACCESS_LOG, {}, { token });
  expect(answer.body.errors).toBeUndefined();
  return answer.body.data!.me as any;
}

async function publicKey(): Promise<Uint8Array> {
  const answer = await graphql(hub, '{ consentAuthorityPublicKey }');
  return new Uint8Array(Buffer.from(answer.body.data!.consentAuthorityPublicKey as string, 'base64url'));
}

describe('contract: citizen-me (with consents)', () => {
  it('answers the citizen’s own record and the demo grant to robotaxi', async () => {
    const token = await citizenToken(hub, 'C-0001');
    const answer = await graphql(hub, contract('citizen-me.graphql'), {}, { token });
    expect(answer.body.errors).toBeUndefined();
    const me = answer.body.data!.me as any;
    expect(me.name).toMatch(CITIZEN_NAME);
    const grant = me.consents.find((c: any) => c.grantee.id === 'robotaxi');
    expect(grant).toMatchObject({ grantee: { id: 'robotaxi', name: 'RoboTaxi Co.' }, purpose: 'TAXI_ASSIST', categories: ['LOCATION'], status: 'ACTIVE' });
    expect(Date.parse(grant.validUntil)).toBeGreaterThan(Date.now());
  });

  it('shows consents and the access log to nobody but the citizen', async () => {
    const token = await staffToken(hub, 'transport');
    const answer = await graphql(hub, '{ citizen(id: "C-0001") { id consents { id } accessLogVerification { ok } } }', {}, { token, purpose: 'SERVICE_DELIVERY' });
    const citizen = answer.body.data!.citizen as any;
    expect(citizen).toEqual({ id: 'C-0001', consents: null, accessLogVerification: null });
    expect(answer.body.errors!.map((e) => e.extensions!.code)).toEqual(['FORBIDDEN', 'FORBIDDEN']);
  });
});

describe('contract: staff-citizen-view and citizen-access-log', () => {
  it('answers by statute where a statute applies, denies health data, and logs one entry per field decided', async () => {
    const before = await accessLog('C-0002');
    const token = await staffToken(hub, 'transport');
    const answer = await graphql(hub, contract('staff-citizen-view.graphql'), { id: 'C-0002' }, { token, purpose: 'SERVICE_DELIVERY' });
    const citizen = answer.body.data!.citizen as any;
    expect(citizen.id).toBe('C-0002');
    expect(typeof citizen.name).toBe('string');
    expect(citizen.healthCode).toBeNull();
    expect(citizen.trips.length).toBeGreaterThan(0);
    expect(answer.body.errors).toHaveLength(1);
    expect(answer.body.errors![0]).toMatchObject({ path: ['citizen', 'healthCode'], extensions: { code: 'CONSENT_REQUIRED' } });

    const after = await accessLog('C-0002');
    const added = after.accessLog.edges.slice(0, after.accessLog.edges.length - before.accessLog.edges.length).map((e: any) => e.node);
    const coordinates = added.map((n: any) => n.coordinate).sort();
    expect(coordinates).toEqual(['Citizen.healthCode', 'Citizen.name', 'Citizen.trips', 'Trip.at', 'Trip.stationId']);
    for (const entry of added) {
      expect(entry.principal).toEqual({ kind: 'STAFF', id: 'transport', name: 'Transport Department' });
      expect(entry.purpose).toBe('SERVICE_DELIVERY');
    }
    const health = added.find((n: any) => n.coordinate === 'Citizen.healthCode');
    expect(health).toMatchObject({ category: 'HEALTH', decision: 'DENIED', basis: null });
    const name = added.find((n: any) => n.coordinate === 'Citizen.name');
    expect(name).toMatchObject({ category: 'IDENTITY', decision: 'ALLOWED', basis: 'STATUTE:TRANSPORT_NAME_FOR_SERVICE' });
    expect(added.find((n: any) => n.coordinate === 'Trip.at').basis).toBe('STATUTE:TRANSPORT_OWN_RECORDS');
    expect(after.accessLogVerification).toEqual({ ok: true, firstBadSeq: null, checkedEntries: after.accessLogVerification.checkedEntries });
    expect(after.accessLogVerification.checkedEntries).toBeGreaterThanOrEqual(5);
  });

  it('pages the log newest first with a cursor', async () => {
    const token = await citizenToken(hub, 'C-0002');
    const first = await graphql(hub, '{ me { accessLog(first: 2) { edges { node { seq } } pageInfo { hasNextPage endCursor } } } }', {}, { token });
    const page = (first.body.data!.me as any).accessLog;
    expect(page.edges.map((e: any) => e.node.seq)).toEqual([...page.edges.map((e: any) => e.node.seq)].sort((a, b) => b - a));
    expect(page.pageInfo.hasNextPage).toBe(true);
    const second = await graphql(hub, 'query($after: String) { me { accessLog(first: 2, after: $after) { edges { node { seq } } } } }', { after: page.pageInfo.endCursor }, { token });
    const next = (second.body.data!.me as any).accessLog.edges.map((e: any) => e.node.seq);
    expect(next[0]).toBe(page.edges[1].node.seq - 1);
  });
});

describe('the access log is tamper-evident', () => {
  async function makeEntries(citizenId: string, times: number) {
    const token = await staffToken(hub, 'transport');
    for (let i = 0; i < times; i++) {
      await graphql(hub, '{ citizen(id: "' + citizenId + '") { name } }', {}, { token, purpose: 'SERVICE_DELIVERY' });
    }
  }

  function withLog(change: (db: Database.Database) => void) {
    const db = new Database(path.join(hub.config.dataDir, 'consent.sqlite'));
    try {
      change(db);
    } finally {
      db.close();
    }
  }

  const row = (db: Database.Database, citizenId: string, seq: number) =>
    db.prepare('SELECT id, doc FROM c_access_log WHERE id = ?').get(`${citizenId}:${String(seq).padStart(10, '0')}`) as { id: string; doc: string };

  it('fails at the edited entry', async () => {
    await makeEntries('C-0020', 5);
    expect((await accessLog('C-0020')).accessLogVerification.ok).toBe(true);
    withLog((db) => {
      const r = row(db, 'C-0020', 3);
      db.prepare('UPDATE c_access_log SET doc = ? WHERE id = ?').run(JSON.stringify({ ...JSON.parse(r.doc), decision: 'DENIED' }), r.id);
    });
    expect((await accessLog('C-0020')).accessLogVerification).toMatchObject({ ok: false, firstBadSeq: 3 });
  });

  it('fails at a deleted entry', async () => {
    await makeEntries('C-0021', 5);
    withLog((db) => db.prepare('DELETE FROM c_access_log WHERE id = ?').run(row(db, 'C-0021', 2).id));
    expect((await accessLog('C-0021')).accessLogVerification).toMatchObject({ ok: false, firstBadSeq: 2 });
  });

  it('fails where entries were reordered', async () => {
    await makeEntries('C-0022', 5);
    withLog((db) => {
      const a = row(db, 'C-0022', 3);
      const b = row(db, 'C-0022', 4);
      const docA = JSON.parse(a.doc);
      const docB = JSON.parse(b.doc);
      db.prepare('UPDATE c_access_log SET doc = ? WHERE id = ?').run(JSON.stringify({ ...docB, id: docA.id, seq: 3 }), a.id);
      db.prepare('UPDATE c_access_log SET doc = ? WHERE id = ?').run(JSON.stringify({ ...docA, id: docB.id, seq: 4 }), b.id);
    });
    expect((await accessLog('C-0022')).accessLogVerification).toMatchObject({ ok: false, firstBadSeq: 3 });
  });

  it('fails when the newest entries are cut off', async () => {
    await makeEntries('C-0023', 3);
    withLog((db) => db.prepare('DELETE FROM c_access_log WHERE id = ?').run(row(db, 'C-0023', 3).id));
    expect((await accessLog('C-0023')).accessLogVerification).toMatchObject({ ok: false, firstBadSeq: 3 });
  });

  it('verifies from the command line too', async () => {
    const { execFileSync } = await import('node:child_process');
    const env = { ...process.env, HUB_DATA_DIR: hub.config.dataDir, HUB_LOG_LEVEL: 'silent' };
    const ok = JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', 'bin/hub.ts', 'verify-log', 'C-0002'], { env, encoding: 'utf8' }));
    expect(ok.ok).toBe(true);
    let failed: { status: number; stdout: string } | undefined;
    try {
      execFileSync(process.execPath, ['--import', 'tsx', 'bin/hub.ts', 'verify-log', 'C-0020'], { env, encoding: 'utf8' });
    } catch (error) {
      failed = error as { status: number; stdout: string };
    }
    expect(failed?.status).toBe(1);
    expect(JSON.parse(failed!.stdout)).toMatchObject({ ok: false, firstBadSeq: 3 });
  });
});

describe('contract: consent-lifecycle', () => {
  const GRANT = contract('consent-lifecycle.graphql');
  const SAVED_PLACES = '{ citizen(id: "C-0003") { id savedPlaces { label } } }';

  it('grants and revokes as written, with a receipt signed by the consent authority', async () => {
    const token = await citizenToken(hub, 'C-0003');
    const validUntil = '2030-01-01T00:00:00Z';
    const grantAnswer = await fetch(hub.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: GRANT, operationName: 'GrantConsent', variables: { input: { granteeId: 'robotaxi', purpose: 'TAXI_ASSIST', categories: ['LOCATION'], validUntil } } }),
    }).then((r) => r.json() as Promise<any>);
    expect(grantAnswer.errors).toBeUndefined();
    const grant = grantAnswer.data.grantConsent;
    expect(grant).toMatchObject({ grantee: { id: 'robotaxi' }, purpose: 'TAXI_ASSIST', categories: ['LOCATION'], status: 'ACTIVE', validUntil: '2030-01-01T00:00:00.000Z' });
    const receipt = readReceipt(await publicKey(), grant.receipt);
    expect(receipt).toMatchObject({ action: 'GRANTED', grantId: grant.id, citizenId: 'C-0003', purpose: 'TAXI_ASSIST', grantee: { id: 'robotaxi', name: 'RoboTaxi Co.' } });
    expect(readReceipt(await publicKey(), grant.receipt.replace(/^./, 'x'))).toBeUndefined();

    const revokeAnswer = await fetch(hub.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: GRANT, operationName: 'RevokeConsent', variables: { id: grant.id } }),
    }).then((r) => r.json() as Promise<any>);
    expect(revokeAnswer.data.revokeConsent).toEqual({ id: grant.id, status: 'REVOKED' });
  });

  it('takes effect on the grantee’s very next request: allowed, paused, resumed, revoked', async () => {
    const citizen = await citizenToken(hub, 'C-0003');
    const staff = await staffToken(hub, 'transport');
    const asTransport = () => graphql(hub, SAVED_PLACES, {}, { token: staff, purpose: 'TAXI_ASSIST' });
    const codeOf = (answer: Awaited<ReturnType<typeof asTransport>>) => answer.body.errors?.[0]?.extensions?.code;

    expect(codeOf(await asTransport())).toBe('CONSENT_REQUIRED');
    const granted = await graphql(hub, 'mutation($input: GrantConsentInput!) { grantConsent(input: $input) { id } }', { input: { granteeId: 'transport', purpose: 'TAXI_ASSIST', categories: ['LOCATION'], validUntil: '2030-01-01T00:00:00Z' } }, { token: citizen });
    const id = (granted.body.data!.grantConsent as any).id;
    const allowed = await asTransport();
    expect(allowed.body.errors).toBeUndefined();
    expect((allowed.body.data!.citizen as any).savedPlaces).not.toBeNull();

    await graphql(hub, 'mutation($id: ID!) { pauseConsent(id: $id) { status } }', { id }, { token: citizen });
    expect(codeOf(await asTransport())).toBe('CONSENT_PAUSED');
    await graphql(hub, 'mutation($id: ID!) { resumeConsent(id: $id) { status } }', { id }, { token: citizen });
    expect((await asTransport()).body.errors).toBeUndefined();
    await graphql(hub, 'mutation($id: ID!) { revokeConsent(id: $id) { status } }', { id }, { token: citizen });
    expect(codeOf(await asTransport())).toBe('CONSENT_REVOKED');

    const again = await graphql(hub, 'mutation($id: ID!) { resumeConsent(id: $id) { status } }', { id }, { token: citizen });
    expect(again.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const log = await accessLog('C-0003');
    const bases = log.accessLog.edges.map((e: any) => e.node.basis);
    expect(bases).toContain(`CONSENT:${id}`);
  });

  it('answers CONSENT_EXPIRED once the end date passes', async () => {
    const citizen = await citizenToken(hub, 'C-0004');
    const staff = await staffToken(hub, 'transport');
    const ends = Date.now() + 4000;
    const validUntil = new Date(ends).toISOString();
    await graphql(hub, 'mutation($input: GrantConsentInput!) { grantConsent(input: $input) { id } }', { input: { granteeId: 'transport', purpose: 'TAXI_ASSIST', categories: ['LOCATION'], validUntil } }, { token: citizen });
    const during = await graphql(hub, '{ citizen(id: "C-0004") { savedPlaces { label } } }', {}, { token: staff, purpose: 'TAXI_ASSIST' });
    expect(during.body.errors).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, ends - Date.now()) + 300));
    const after = await graphql(hub, '{ citizen(id: "C-0004") { savedPlaces { label } } }', {}, { token: staff, purpose: 'TAXI_ASSIST' });
    expect(after.body.errors?.[0]?.extensions?.code).toBe('CONSENT_EXPIRED');
  });

  it('refuses bad grants with clear reasons and stores nothing', async () => {
    const token = await citizenToken(hub, 'C-0005');
    const mutation = 'mutation($input: GrantConsentInput!) { grantConsent(input: $input) { id } }';
    const cases = [
      { granteeId: 'nobody', purpose: 'TAXI_ASSIST', categories: ['LOCATION'], validUntil: '2030-01-01T00:00:00Z' },
      { granteeId: 'robotaxi', purpose: 'RESEARCH', categories: ['LOCATION'], validUntil: '2030-01-01T00:00:00Z' },
      { granteeId: 'robotaxi', purpose: 'TAXI_ASSIST', categories: [], validUntil: '2030-01-01T00:00:00Z' },
      { granteeId: 'robotaxi', purpose: 'TAXI_ASSIST', categories: ['LOCATION'], validUntil: '2001-01-01T00:00:00Z' },
      { granteeId: 'robotaxi', purpose: 'TAXI_ASSIST', categories: ['LOCATION'], validUntil: 'tomorrow' },
    ];
    for (const input of cases) {
      const answer = await graphql(hub, mutation, { input }, { token });
      expect(answer.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
    const me = await graphql(hub, '{ me { consents { id } } }', {}, { token });
    expect((me.body.data!.me as any).consents).toEqual([]);
    const staff = await graphql(hub, mutation, { input: cases[0] }, { token: await staffToken(hub, 'health'), purpose: 'SERVICE_DELIVERY' });
    expect(staff.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('contract: erase-me', () => {
  it('crypto-shreds the citizen: every personal field is DATA_ERASED for everyone, the key is gone, the log still verifies', async () => {
    const token = await citizenToken(hub, 'C-0999');
    const staff = await staffToken(hub, 'transport');
    const beforeName = ((await graphql(hub, '{ me { name } }', {}, { token })).body.data!.me as any).name as string;
    expect(beforeName).toMatch(CITIZEN_NAME);
    const keyRowBefore = new Database(path.join(hub.config.dataDir, 'consent.sqlite'), { readonly: true });
    const wrapped = JSON.parse((keyRowBefore.prepare("SELECT doc FROM c_data_keys WHERE id = 'C-0999'").get() as { doc: string }).doc).wrapped as string;
    keyRowBefore.close();
    await graphql(hub, '{ citizen(id: "C-0999") { name trips(last: 1) { at } } }', {}, { token: staff, purpose: 'SERVICE_DELIVERY' });

    const erased = await graphql(hub, contract('erase-me.graphql'), {}, { token });
    expect(erased.body.errors).toBeUndefined();
    const result = erased.body.data!.eraseMyData as any;
    expect(readReceipt(await publicKey(), result.receipt)).toMatchObject({ type: 'citygraph.erasure-receipt/v1', citizenId: 'C-0999' });

    const self = await graphql(hub, '{ me { id name phone healthCode { status } trips(last: 2) { at } savedPlaces { label } businesses { id } } }', {}, { token });
    const me = self.body.data!.me as any;
    expect(me.id).toBe('C-0999');
    for (const field of ['name', 'phone', 'healthCode', 'trips', 'savedPlaces', 'businesses']) expect(me[field]).toBeNull();
    const codes = new Set(self.body.errors!.map((e) => e.extensions!.code));
    expect([...codes]).toEqual(['DATA_ERASED']);
    const byStaff = await graphql(hub, '{ citizen(id: "C-0999") { name trips(last: 1) { at } } }', {}, { token: staff, purpose: 'SERVICE_DELIVERY' });
    expect(new Set(byStaff.body.errors!.map((e) => e.extensions!.code))).toEqual(new Set(['DATA_ERASED']));

    const raw = readRawFiles(hub, 'consent.sqlite');
    expect(raw.length).toBeGreaterThan(0);
    expect(raw.includes(Buffer.from(wrapped))).toBe(false);
    expect((await accessLog('C-0999')).accessLogVerification.ok).toBe(true);
  });
});
