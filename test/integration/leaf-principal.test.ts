import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { citizenToken, graphql, staffToken, startTestHub, type TestHub } from '../support/hub.js';
import { labelled } from '../support/labelled.js';
import { RawTransparencyLeaves } from '../support/raw-transparency-leaves.js';

/**
 * Issue 11 item 5 (ARCHITECTURE §4): a leaf holds no personal value, and a citizen's id is one. A citizen who acts is
 * `SELF` in their own log and a pseudonym (their own tag) in anyone else's, so that after erasure nothing in the
 * tree names them. Before this, every leaf a citizen's request caused named them by their plain id, for good.
 */
let hub: TestHub;
const WINDOW_MS = 1000;
const run = promisify(execFile);
const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');

beforeAll(async () => {
  hub = await startTestHub({ citizens: 30, sensors: 100, env: { HUB_REFUSAL_WINDOW_MS: String(WINDOW_MS), HUB_RATE_CITIZEN_BURST: '1000', HUB_RATE_CITIZEN_PER_SECOND: '1000' } });
});
afterAll(async () => {
  await hub?.close();
});

/** C-0001's sealed notes, read from the consent store's file on a connection of its own (the SQLite layout). */
function sealedNotesOfC0001(): number {
  const db = new Database(path.join(hub.config.dataDir, 'consent.sqlite'), { readonly: true });
  try {
    return (db.prepare("SELECT count(*) AS n FROM c_sealed_notes WHERE json_extract(doc, '$.citizenId') = 'C-0001'").get() as { n: number }).n;
  } finally {
    db.close();
  }
}

const LOG = '{ me { accessLog(first: 100) { edges { node { seq coordinate decision code count basis principal { kind id name } leaf } } } accessLogVerification { ok checkedEntries } } }';

interface Entry {
  seq: number;
  coordinate: string;
  decision: string;
  code: string | null;
  count: number | null;
  basis: string | null;
  principal: { kind: string; id: string; name: string };
  leaf: string;
}

async function logOf(citizenId: string): Promise<{ entries: Entry[]; verification: { ok: boolean; checkedEntries: number } }> {
  const answer = await graphql(hub, LOG, {}, { token: await citizenToken(hub, citizenId) });
  expect(answer.body.errors).toBeUndefined();
  const me = answer.body.data!.me as { accessLog: { edges: Array<{ node: Entry }> }; accessLogVerification: { ok: boolean; checkedEntries: number } };
  return { entries: me.accessLog.edges.map((e) => e.node), verification: me.accessLogVerification };
}

/** The `citizen` field (the salted tag) of a leaf the graph served. */
const tagOf = (entry: Entry): string => (JSON.parse(Buffer.from(entry.leaf, 'base64').toString('utf8')) as { citizen: string }).citizen;

/** `verify-log` as an operator runs it, offline on the stores and the witness file. */
async function verifyLog(args: string[]): Promise<{ status: number; out: { ok: boolean; firstBadIndex: number | null; checkedEntries: number } }> {
  const env = { ...process.env, HUB_DATA_DIR: hub.config.dataDir, HUB_WITNESS_DIR: hub.config.transparency.witnessDir, HUB_LOG_LEVEL: 'silent', NODE_ENV: 'test' };
  try {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bin/hub.ts'), 'verify-log', ...args], { cwd: ROOT, env, encoding: 'utf8' });
    return { status: 0, out: JSON.parse(stdout) };
  } catch (error) {
    const failed = error as { code: number; stdout: string };
    return { status: failed.code, out: JSON.parse(failed.stdout) };
  }
}

function rawLeaves(): Array<{ leafIndex: number; leaf: Buffer }> {
  const raw = new RawTransparencyLeaves(path.join(hub.config.dataDir, 'consent.sqlite'));
  try {
    return raw.leaves();
  } finally {
    raw.close();
  }
}

describe('a citizen who acts is never named by their id in a leaf, and is unlinkable once erased', () => {
  it('reads, is refused, repeats, changes a consent and is erased: no leaf names C-0001, and the tree still verifies', async () => {
    const prober = await citizenToken(hub, 'C-0001');

    // Their own data: allowed, basis SELF.
    const own = await graphql(hub, '{ citizen(id: "C-0001") { name phone } me { name } }', {}, { token: prober });
    expect(own.body.errors).toBeUndefined();

    // Someone else's: refused, then the same refusal again and again (coalesced into one count entry), and a refused
    // export of the other citizen's data.
    for (let i = 0; i < 4; i++) {
      const other = await graphql(hub, '{ citizen(id: "C-0002") { name } }', {}, { token: prober });
      labelled(`attempt ${i}`, () => expect(other.body.errors?.[0]?.extensions?.code).toBe('CONSENT_REQUIRED'));
    }
    const exported = await graphql(hub, '{ citizen(id: "C-0002") { export { identity } } }', {}, { token: prober });
    expect(exported.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    // A change to their own consent (the seed's grant to RoboTaxi).
    const consents = await graphql(hub, '{ me { consents { id grantee { id } status } } }', {}, { token: prober });
    const grant = (consents.body.data!.me as { consents: Array<{ id: string; grantee: { id: string }; status: string }> }).consents.find((g) => g.grantee.id === 'robotaxi' && g.status === 'ACTIVE')!;
    const paused = await graphql(hub, 'mutation($id: ID!) { pauseConsent(id: $id) { status } }', { id: grant.id }, { token: prober });
    expect(paused.body.errors).toBeUndefined();

    // An official's break-glass read of C-0001: its justification is a sealed note naming C-0001 beside the log.
    const emergency = await graphql(hub, '{ citizen(id: "C-0001") { name } }', {}, {
      token: await staffToken(hub, 'transport', { official: 'T-0042', emergency: true }),
      purpose: 'EMERGENCY',
      headers: { 'x-justification': 'Flood evacuation, resident unreachable by phone' },
    });
    expect(emergency.body.errors).toBeUndefined();
    expect(sealedNotesOfC0001()).toBe(1);

    // The window ends: the repeats are one count entry.
    await new Promise((resolve) => setTimeout(resolve, WINDOW_MS + 1500));
    const before = await logOf('C-0002');
    const byProber = before.entries.filter((e) => e.principal.kind === 'CITIZEN');
    expect(byProber.map((e) => [e.coordinate, e.code, e.count])).toEqual(
      expect.arrayContaining([
        ['Citizen.name', 'CONSENT_REQUIRED', null],
        ['Citizen.name', 'CONSENT_REQUIRED', 3],
        ['Citizen.export', 'FORBIDDEN', null],
      ]),
    );
    // Named as another citizen, by the prober's own tag (the `citizen` of the prober's own leaves): the city can tie
    // repeated probing to one log while the prober exists.
    const own1 = await logOf('C-0001');
    const proberTag = tagOf(own1.entries[0]!);
    for (const entry of byProber) labelled(`C-0002 seq ${entry.seq}`, () => expect(entry.principal).toEqual({ kind: 'CITIZEN', id: proberTag, name: 'Another citizen' }));
    const ownChanges = own1.entries.filter((e) => e.coordinate === 'ConsentGrant' && e.basis === `CONSENT:${grant.id}`);
    expect(ownChanges.length).toBeGreaterThan(0);
    for (const entry of ownChanges) labelled(`C-0001 seq ${entry.seq}`, () => expect(entry.principal).toEqual({ kind: 'CITIZEN', id: 'SELF', name: 'SELF' }));
    expect(before.verification.ok).toBe(true);
    const head = (await graphql(hub, '{ transparencyHead { treeSize rootHash timestamp signature keyId } }')).body.data!.transparencyHead;
    const saved = path.join(hub.config.dataDir, 'head-before-erasure.json');
    fs.writeFileSync(saved, JSON.stringify(head));

    const erased = await graphql(hub, 'mutation { eraseMyData { erasedAt } }', {}, { token: prober });
    expect(erased.body.errors).toBeUndefined();

    // At rest, in every leaf of the tree: not one names C-0001.
    const leaves = rawLeaves();
    expect(leaves.length).toBeGreaterThanOrEqual(head.treeSize);
    const naming = leaves.filter((l) => l.leaf.includes('C-0001')).map((l) => l.leafIndex);
    expect(naming).toEqual([]);
    // Nor does a sealed note beside it (its row named C-0001 next to a request id and a leaf's salted hash).
    expect(sealedNotesOfC0001()).toBe(0);

    // The tree still verifies, for the other citizen inside the hub and offline from the head kept before erasure.
    const after = await logOf('C-0002');
    expect(after.verification).toMatchObject({ ok: true, checkedEntries: before.verification.checkedEntries });
    expect(after.entries.filter((e) => e.principal.kind === 'CITIZEN').every((e) => e.principal.name === 'Another citizen' && e.principal.id === proberTag)).toBe(true);
    expect(await verifyLog(['C-0002', '--head', saved])).toMatchObject({ status: 0, out: { ok: true, firstBadIndex: null } });
  });

  it('lists another citizen in the export the same way, and says in the export how a citizen is named', async () => {
    await graphql(hub, '{ citizen(id: "C-0004") { name } }', {}, { token: await citizenToken(hub, 'C-0003') });
    const answer = await graphql(hub, '{ me { export { identity } } }', {}, { token: await citizenToken(hub, 'C-0004') });
    expect(answer.body.errors).toBeUndefined();
    const accessLog = (answer.body.data!.me as { export: { identity: { accessLog: { about: { principals: { en: string } }; log: Array<{ principal: { kind: string; id: string; name: string } }> } } } }).export.identity.accessLog;
    const byCitizen = accessLog.log.filter((e) => e.principal.kind === 'CITIZEN');
    expect(byCitizen.length).toBeGreaterThan(0);
    for (const entry of byCitizen) expect(entry.principal).toEqual({ kind: 'CITIZEN', id: expect.not.stringMatching(/C-0003/), name: 'Another citizen' });
    expect(accessLog.about.principals.en).toContain('never named by their id');
  });
});
