import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readReceipt } from '../../consent/crypto/authority-signing.js';
import { leafHash, unb64, verifyConsistency, verifyHead, verifyInclusion } from '../../contracts/transparency-log/transparency-log.js';
import { CITIZEN_NAME, citizenToken, contract, graphql, readRawFiles, staffToken, startTestHub, type TestHub } from '../support/hub.js';
import { RawTransparencyLeaves } from '../support/raw-transparency-leaves.js';

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

describe('contract: access-log-proof', () => {
  const PROOF = contract('access-log-proof.graphql');
  const run = async (operationName: string, variables: Record<string, unknown>, token: string) =>
    (await fetch(hub.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: PROOF, operationName, variables }),
    }).then((r) => r.json())) as any;

  it('answers every entry with its leaf and an inclusion proof against the signed head beside it, and proves consistency from an older head', async () => {
    const token = await citizenToken(hub, 'C-0002');
    const earlier = await run('MyAccessLogWithProofs', {}, token);
    expect(earlier.errors).toBeUndefined();
    await graphql(hub, contract('staff-citizen-view.graphql'), { id: 'C-0002' }, { token: await staffToken(hub, 'transport'), purpose: 'SERVICE_DELIVERY' });
    const answer = await run('MyAccessLogWithProofs', {}, token);
    expect(answer.errors).toBeUndefined();
    const head = answer.data.transparencyHead;
    expect(Object.keys(head).sort()).toEqual(['keyId', 'rootHash', 'signature', 'timestamp', 'treeSize']);
    const key = await publicKey();
    expect(verifyHead(key, head)).toBe(true);
    const edges = answer.data.me.accessLog.edges;
    expect(edges.length).toBeGreaterThanOrEqual(5);
    for (const { node } of edges) {
      expect(node.proof.treeSize).toBe(head.treeSize);
      const leaf = unb64(node.leaf);
      const content = JSON.parse(leaf.toString('utf8'));
      expect(content).toMatchObject({ seq: node.seq, at: node.at, coordinate: node.coordinate, decision: node.decision, basis: node.basis });
      expect(content.principal).toMatchObject({ kind: node.principal.kind, id: node.principal.id, name: node.principal.name });
      expect(verifyInclusion(node.proof.leafIndex, node.proof.treeSize, leafHash(leaf), node.proof.auditPath.map(unb64), unb64(head.rootHash))).toBe(true);
    }
    const old = earlier.data.transparencyHead;
    const consistency = await run('Consistency', { fromSize: old.treeSize, toSize: head.treeSize }, token);
    expect(consistency.errors).toBeUndefined();
    const { proof } = consistency.data.transparencyConsistency;
    expect(verifyConsistency(old.treeSize, head.treeSize, proof.map(unb64), unb64(old.rootHash), unb64(head.rootHash))).toBe(true);
    const beyond = await run('Consistency', { fromSize: head.treeSize + 1000, toSize: head.treeSize + 2000 }, token);
    expect(beyond.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('serves the head and consistency proofs to anyone, signed in or not', async () => {
    const answer = await graphql(hub, '{ transparencyHead { treeSize rootHash } transparencyConsistency(fromSize: 1, toSize: 2) { proof } }');
    expect(answer.body.errors).toBeUndefined();
    expect((answer.body.data as any).transparencyConsistency.proof).toHaveLength(1);
  });
});

// Last: these tests damage the one tree that every citizen's log is part of.
describe('the access log is tamper-evident', () => {
  async function makeEntries(citizenId: string, times: number) {
    const token = await staffToken(hub, 'transport');
    for (let i = 0; i < times; i++) {
      await graphql(hub, '{ citizen(id: "' + citizenId + '") { name } }', {}, { token, purpose: 'SERVICE_DELIVERY' });
    }
  }

  /** An attacker with the store file and no key, on a connection of its own (the store's log refuses edits). */
  function withLog(change: (raw: RawTransparencyLeaves) => void) {
    const raw = new RawTransparencyLeaves(path.join(hub.config.dataDir, 'consent.sqlite'));
    try {
      change(raw);
    } finally {
      raw.close();
    }
  }

  /** The stored leaf of a citizen's entry at position `seq`, found through the citizen's own view of the log. */
  async function row(citizenId: string, seq: number) {
    const token = await citizenToken(hub, citizenId);
    const answer = await graphql(hub, '{ me { accessLog(first: 100) { edges { node { seq leafIndex } } } } }', {}, { token });
    const node = (answer.body.data!.me as any).accessLog.edges.map((e: any) => e.node).find((n: any) => n.seq === seq);
    const leafIndex = node.leafIndex as number;
    let stored: { leaf: Buffer; hash: Buffer } = { leaf: Buffer.alloc(0), hash: Buffer.alloc(0) };
    withLog((raw) => (stored = raw.read(leafIndex)));
    return { leafIndex, ...stored };
  }

  const cli = async (args: string[]) => {
    const { execFileSync } = await import('node:child_process');
    const env = { ...process.env, HUB_DATA_DIR: hub.config.dataDir, HUB_WITNESS_DIR: hub.config.transparency.witnessDir, HUB_LOG_LEVEL: 'silent' };
    try {
      return { status: 0, out: JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', 'bin/hub.ts', 'verify-log', ...args], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })) };
    } catch (error) {
      const failed = error as { status: number; stdout: string };
      return { status: failed.status, out: JSON.parse(failed.stdout) };
    }
  };
  let saved = '';

  it('verifies from the command line against a saved head', async () => {
    await makeEntries('C-0020', 5);
    const head = (await graphql(hub, '{ transparencyHead { treeSize rootHash timestamp signature keyId } }')).body.data!.transparencyHead;
    saved = path.join(hub.config.dataDir, 'saved-head.json');
    fs.writeFileSync(saved, JSON.stringify(head));
    expect(await cli(['C-0002', '--head', saved])).toMatchObject({ status: 0, out: { ok: true, firstBadIndex: null } });
  });

  it('fails at the edited entry, in the graph and on the command line', async () => {
    expect((await accessLog('C-0020')).accessLogVerification.ok).toBe(true);
    const r = await row('C-0020', 3);
    const edited = Buffer.from(r.leaf.toString('utf8').replace('"ALLOWED"', '"DENIED"'));
    withLog((raw) => raw.update(r.leafIndex, { leaf: edited }));
    expect((await accessLog('C-0020')).accessLogVerification).toMatchObject({ ok: false, firstBadSeq: 3 });
    const result = await cli(['C-0020', '--head', saved]);
    expect(result).toEqual({ status: 1, out: { ok: false, firstBadIndex: r.leafIndex, checkedEntries: expect.any(Number) } });
  });

  it('fails at a deleted entry', async () => {
    await makeEntries('C-0021', 5);
    const r = await row('C-0021', 2);
    withLog((raw) => raw.delete(r.leafIndex));
    expect((await accessLog('C-0021')).accessLogVerification).toMatchObject({ ok: false, firstBadSeq: 2 });
  });

  it('fails where entries were reordered', async () => {
    await makeEntries('C-0022', 5);
    const a = await row('C-0022', 3);
    const b = await row('C-0022', 4);
    withLog((raw) => {
      raw.update(a.leafIndex, { leaf: b.leaf, hash: b.hash });
      raw.update(b.leafIndex, { leaf: a.leaf, hash: a.hash });
    });
    expect((await accessLog('C-0022')).accessLogVerification).toMatchObject({ ok: false, firstBadSeq: 3 });
  });

  it('fails when the newest entries are cut off', async () => {
    await makeEntries('C-0023', 3);
    await accessLog('C-0023');
    const r = await row('C-0023', 3);
    withLog((raw) => raw.delete(r.leafIndex));
    expect((await accessLog('C-0023')).accessLogVerification).toMatchObject({ ok: false, firstBadSeq: 3 });
  });
});
