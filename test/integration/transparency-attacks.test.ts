import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { authorityKeys, type AuthorityKeys } from '../../consent/crypto/authority-signing.js';
import { cosignText, ed25519FromSeed, leafHash, signEd25519, type SignedTreeHead, type WitnessedHead } from '../../contracts/transparency-log/transparency-log.js';
import type { AccessRecord } from '../../consent/enforcement/types.js';
import { AccessLogService } from '../../consent/services/access-log-service.js';
import { auditLog } from '../../consent/services/log-audit.js';
import { ConsentStore } from '../../consent/subgraph/store.js';
import type { Principal } from '../../platform/principal.js';
import { loadSodium } from '../../platform/sodium.js';
import { SqliteStore } from '../../platform/store/sqlite.js';
import { RawTransparencyLeaves } from '../support/raw-transparency-leaves.js';
import { labelled } from '../support/labelled.js';

/**
 * An attacker with write access to the consent store but no key (ARCHITECTURE §4, issue 11): every change to the
 * stored tree or its heads is detected by `verify-log`'s audit for a citizen who kept an older head, or against the
 * witness's cosigned heads, with the first bad position reported.
 */
let keys: AuthorityKeys;
const witness = ed25519FromSeed(crypto.randomBytes(32));
let dir: string;
let store: SqliteStore;
let consent: ConsentStore;
let log: AccessLogService;
/** The attacker's own connection to the store file (the store's append-only log refuses edits). */
let raw: RawTransparencyLeaves;

beforeAll(async () => {
  await loadSodium();
  keys = authorityKeys(new Uint8Array(crypto.randomBytes(32)));
});

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'citygraph-attacks-'));
  store = new SqliteStore('consent', path.join(dir, 'consent.sqlite'));
  consent = await ConsentStore.open(store);
  log = new AccessLogService(consent, keys);
  raw = new RawTransparencyLeaves(path.join(dir, 'consent.sqlite'));
});

afterEach(async () => {
  raw.close();
  await log.close();
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const staff = (requestId: string): Principal => ({ kind: 'staff', id: 'transport', department: 'transport', official: 'T-1', roles: [], scopes: [], purpose: 'SERVICE_DELIVERY', requestId });
const read = (citizenId: string, coordinate = 'Citizen.name'): AccessRecord => ({ citizenId, coordinate, category: 'IDENTITY', allow: true, basis: 'STATUTE:test' });

/** Requests for three citizens, interleaved: C-A's entries are spread over the tree. */
async function traffic(rounds: number, from = 0): Promise<void> {
  for (let round = from; round < from + rounds; round++) {
    await log.append(staff(`r${round}`), 'transport', [read('C-A'), read('C-B'), read('C-C', 'Citizen.phone'), ...(round % 2 ? [read('C-A', 'Citizen.phone')] : [])]);
  }
}

function cosign(head: SignedTreeHead): WitnessedHead {
  const timestamp = new Date().toISOString();
  return { ...head, cosignature: { keyId: 'w', signature: signEd25519(witness.privateKey, cosignText(head)), timestamp } };
}

async function audit(options: { saved?: SignedTreeHead; witnessed?: WitnessedHead[] } = {}) {
  const tag = (await log.citizenTags(['C-A'])).get('C-A')!;
  return auditLog({
    leaves: consent.transparencyLeaves,
    heads: consent.transparencyHeads,
    authorityKey: keys.publicKey,
    citizenTag: tag,
    savedHead: options.saved,
    witnessed: options.witnessed,
    witnessKey: witness.publicKey,
    batch: 7,
  });
}

async function leavesOf(citizenId: string) {
  const tag = (await log.citizenTags([citizenId])).get(citizenId)!;
  return consent.transparencyLeaves.find({ citizenKey: tag }, { sort: [['citizenSeq', 1]] });
}

describe('the access log as a transparency log, attacked through the store', () => {
  it('verifies an untouched log against the saved head, the witnessed heads and the store', async () => {
    await traffic(6);
    const saved = await log.currentHead();
    await traffic(6, 6);
    const witnessed = [cosign(await log.currentHead())];
    expect(await audit({ saved, witnessed })).toEqual({ ok: true, firstBadIndex: null, checkedEntries: 18 });
  });

  it('detects deleting the newest entries together with the heads that covered them', async () => {
    await traffic(10);
    const saved = await log.currentHead();
    const cut = saved.treeSize - 5;
    raw.deleteFrom(cut);
    await consent.transparencyHeads.deleteMany({ treeSize: { $gt: cut } });
    expect(await audit({ saved })).toMatchObject({ ok: false, firstBadIndex: cut });
  });

  it('detects rebuilding the head from an older one (a rollback to an earlier checkpoint)', async () => {
    await traffic(4);
    const older = await log.currentHead();
    await traffic(4, 4);
    const newer = await log.currentHead();
    // Cut back to the older head's size and keep only the older head: the store is consistent with itself.
    raw.deleteFrom(older.treeSize);
    await consent.transparencyHeads.deleteMany({ treeSize: { $gt: older.treeSize } });
    expect(await audit()).toMatchObject({ ok: true });
    // A citizen who kept the newer head, or the witness's file, sees the cut at its first missing leaf.
    expect(await audit({ saved: newer })).toMatchObject({ ok: false, firstBadIndex: older.treeSize });
    expect(await audit({ witnessed: [cosign(older), cosign(newer)] })).toMatchObject({ ok: false, firstBadIndex: older.treeSize });
  });

  it("detects deleting a citizen's whole log", async () => {
    await traffic(8);
    const saved = await log.currentHead();
    const mine = await leavesOf('C-A');
    const tag = (await log.citizenTags(['C-A'])).get('C-A')!;
    raw.deleteCitizen(tag);
    expect(await audit({ saved })).toMatchObject({ ok: false, firstBadIndex: mine[0]!.leafIndex });
  });

  it("detects replacing a citizen's whole log by other leaves at the same positions", async () => {
    await traffic(8);
    const saved = await log.currentHead();
    const mine = await leavesOf('C-A');
    for (const row of mine) {
      const fake = Buffer.from(JSON.stringify({ v: 1, citizen: 'someone-else', seq: row.citizenSeq }));
      raw.update(row.leafIndex, { leaf: fake, hash: leafHash(fake), citizenKey: 'someone-else' });
    }
    const result = await audit({ saved });
    expect(result.ok).toBe(false);
    expect(result.firstBadIndex).toBeLessThanOrEqual(mine[0]!.leafIndex);
  });

  it('detects deleting only the heads', async () => {
    await traffic(5);
    const saved = await log.currentHead();
    await consent.transparencyHeads.deleteMany({});
    expect(await audit({ saved })).toMatchObject({ ok: false, firstBadIndex: 0 });
    expect(await audit({ witnessed: [cosign(saved)] })).toMatchObject({ ok: false, firstBadIndex: 0 });
  });

  it('detects an edited entry at its position (bytes only, and bytes with a matching leaf hash)', async () => {
    await traffic(6);
    const saved = await log.currentHead();
    const target = (await leavesOf('C-A'))[3]!;
    const edited = Buffer.from(target.leaf.toString('utf8').replace('"ALLOWED"', '"DENIED"'));
    raw.update(target.leafIndex, { leaf: edited });
    expect(await audit({ saved })).toMatchObject({ ok: false, firstBadIndex: target.leafIndex });
    raw.update(target.leafIndex, { hash: leafHash(edited) });
    const sneaky = await audit({ saved });
    expect(sneaky.ok).toBe(false);
    expect(sneaky.firstBadIndex).toBeLessThanOrEqual(target.leafIndex);
    expect(sneaky.firstBadIndex).toBeGreaterThanOrEqual(target.leafIndex - 1);
  });

  it('detects two entries reordered, and an entry inserted by shifting the rest', async () => {
    await traffic(6);
    const saved = await log.currentHead();
    const [a, b] = (await leavesOf('C-A')).slice(2, 4);
    raw.update(a!.leafIndex, { leaf: b!.leaf, hash: b!.hash, citizenSeq: a!.citizenSeq });
    raw.update(b!.leafIndex, { leaf: a!.leaf, hash: a!.hash, citizenSeq: b!.citizenSeq });
    expect(await audit({ saved })).toMatchObject({ ok: false, firstBadIndex: a!.leafIndex });
  });

  it('detects an entry inserted into the middle (the rest shifted one place on)', async () => {
    await traffic(4);
    const saved = await log.currentHead();
    const all = await consent.transparencyLeaves.find({}, { sort: [['leafIndex', -1]] });
    const at = 5;
    for (const row of all.filter((r) => r.leafIndex >= at)) {
      raw.delete(row.leafIndex);
      raw.insert({ ...row, leafIndex: row.leafIndex + 1, ...(row.runHead === undefined ? {} : { runHead: row.runHead + (row.runHead >= at ? 1 : 0) }) });
    }
    const fake = Buffer.from(JSON.stringify({ v: 1, citizen: 'x', seq: 1 }));
    raw.insert({ leafIndex: at, leaf: fake, hash: leafHash(fake), nodes: [], citizenKey: 'x', citizenSeq: 1 });
    const result = await audit({ saved });
    expect(result.ok).toBe(false);
    expect(result.firstBadIndex).toBeLessThanOrEqual(at);
  });

  it('detects a citizen’s entries hidden by editing the per-citizen index (a run cut short, a leaf moved to another run)', async () => {
    await traffic(6);
    const saved = await log.currentHead();
    const rows = await leavesOf('C-A');
    const head = rows.find((r) => (r.runLength ?? 1) > 1)!;
    labelled('a request with two of C-A’s entries wrote them as one run', () => expect([head.runLength, rows.find((r) => r.runHead === head.leafIndex)?.leafIndex]).toEqual([2, head.leafIndex + 1]));
    // Shortened, the run no longer reaches its second leaf: the citizen's listing stops before it.
    raw.update(head.leafIndex, { runLength: undefined });
    const listed = (await log.all('C-A')).length;
    labelled('the listing through the index loses the entry', () => expect(listed).toBe(rows.length - 1));
    expect(await audit({ saved })).toMatchObject({ ok: false, firstBadIndex: head.leafIndex + 1 });
    raw.update(head.leafIndex, { runLength: 2 });
    expect(await audit({ saved })).toMatchObject({ ok: true });
    // Pointed at an earlier run of the citizen, the leaf is outside every run the index reaches.
    raw.update(head.leafIndex + 1, { runHead: rows[0]!.leafIndex });
    expect(await audit({ saved })).toMatchObject({ ok: false, firstBadIndex: head.leafIndex + 1 });
  });

  it('refuses a saved head or a witnessed head whose signature does not verify', async () => {
    await traffic(3);
    const saved = await log.currentHead();
    expect(await audit({ saved: { ...saved, treeSize: saved.treeSize + 1 } })).toMatchObject({ ok: false, firstBadIndex: 0 });
    expect(await audit({ witnessed: [{ ...cosign(saved), cosignature: { keyId: 'w', signature: saved.signature, timestamp: saved.timestamp } }] })).toMatchObject({ ok: false });
  });
});

describe('the in-hub verification of one citizen (O(k log n), no saved head)', () => {
  it('is ok for an intact log and reports an edited, deleted or reordered entry by its position', async () => {
    await traffic(6);
    expect(await log.verify('C-A')).toEqual({ ok: true, firstBadSeq: null, checkedEntries: 9 });
    const rows = await leavesOf('C-A');
    const edited = Buffer.from(rows[4]!.leaf.toString('utf8').replace('"ALLOWED"', '"DENIED"'));
    raw.update(rows[4]!.leafIndex, { leaf: edited });
    expect(await log.verify('C-A')).toMatchObject({ ok: false, firstBadSeq: 5 });
    raw.delete(rows[1]!.leafIndex);
    expect(await log.verify('C-A')).toMatchObject({ ok: false, firstBadSeq: 2 });
  });

  it('reports a cut-off newest entry as a gap in the tree', async () => {
    await traffic(6);
    const rows = await leavesOf('C-A');
    await traffic(1, 6);
    await log.currentHead();
    const last = (await leavesOf('C-A')).at(-1)!;
    raw.delete(last.leafIndex);
    expect(await log.verify('C-A')).toMatchObject({ ok: false, firstBadSeq: rows.length + 1 });
  });
});
