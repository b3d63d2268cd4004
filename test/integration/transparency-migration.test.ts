import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { authorityKeys, type AuthorityKeys } from '../../consent/crypto/authority-signing.js';
import type { AccessRecord } from '../../consent/enforcement/types.js';
import { AccessLogService } from '../../consent/services/access-log-service.js';
import { auditLog } from '../../consent/services/log-audit.js';
import type { TransparencyHeadRecord } from '../../consent/services/transparency-log-service.js';
import { ConsentStore } from '../../consent/subgraph/store.js';
import { b64, unb64, verifyConsistency, type SignedTreeHead } from '../../contracts/transparency-log/transparency-log.js';
import type { Principal } from '../../platform/principal.js';
import { loadSodium } from '../../platform/sodium.js';
import { SqliteStore } from '../../platform/store/sqlite.js';

/**
 * A consent store written before the access log's leaves became an append-only log (issue 11's append budget): the
 * leaves were JSON documents in the document table `c_transparency_leaves`, bytes as base64. Such a store must still
 * open, verify and grow; the move into the new layout happens once, at open.
 */
interface LegacyLeaf {
  id: string;
  leafIndex: number;
  leaf: string;
  hash: string;
  nodes: string[];
  citizenKey: string;
  citizenSeq: number;
  grantId?: string;
}

let keys: AuthorityKeys;
let dir: string;

beforeAll(async () => {
  await loadSodium();
  keys = authorityKeys(new Uint8Array(crypto.randomBytes(32)));
});
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'citygraph-tlog-migration-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const staff = (requestId: string): Principal => ({ kind: 'staff', id: 'transport', department: 'transport', official: 'T-1', roles: [], scopes: [], purpose: 'SERVICE_DELIVERY', requestId });
const read = (citizenId: string, coordinate = 'Citizen.name', allow = true): AccessRecord => ({ citizenId, coordinate, category: 'IDENTITY', allow, basis: allow ? 'STATUTE:test' : null, code: allow ? undefined : 'CONSENT_REQUIRED' } as AccessRecord);

/**
 * Writes a log with today's code, then lays it out as the code before it did: the same records through the generic
 * document collection with the old spec (table `c_transparency_leaves`, its generated columns and indexes), bytes as
 * base64. Answers the file and the newest head.
 */
async function legacyStore(edit?: (leaves: LegacyLeaf[]) => void): Promise<{ file: string; head: SignedTreeHead }> {
  const source = new SqliteStore('consent', path.join(dir, 'source.sqlite'));
  const sourceConsent = await ConsentStore.open(source);
  const log = new AccessLogService(sourceConsent, keys, { refusalWindowMs: 0 });
  for (let round = 0; round < 12; round++) {
    await log.append(staff(`r${round}`), 'transport', [read('C-A'), read('C-B'), read('C-A', 'Citizen.phone', round % 3 !== 0)]);
  }
  const head = await log.currentHead();
  await log.close();
  const leaves: LegacyLeaf[] = (await sourceConsent.transparencyLeaves.find({}, { sort: [['id', 1]] })).map((r) => ({
    id: r.id,
    leafIndex: r.leafIndex,
    leaf: b64(r.leaf),
    hash: b64(r.hash),
    nodes: r.nodes.map(b64),
    citizenKey: r.citizenKey,
    citizenSeq: r.citizenSeq,
    ...(r.grantId ? { grantId: r.grantId } : {}),
  }));
  const heads = await sourceConsent.transparencyHeads.find({});
  await source.close();
  edit?.(leaves);

  const file = path.join(dir, 'consent.sqlite');
  const old = new SqliteStore('consent', file);
  const oldLeaves = await old.collection<LegacyLeaf>({ name: 'transparency_leaves', unique: [['citizenKey', 'citizenSeq']], indexes: ['grantId'] });
  await oldLeaves.insertMany(leaves);
  await (await old.collection<TransparencyHeadRecord>({ name: 'transparency_heads', indexes: ['treeSize'] })).insertMany(heads);
  await old.close();
  return { file, head };
}

function tables(file: string): string[] {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE '%transparency_leaves'").all() as Array<{ name: string }>).map((r) => r.name).sort();
  } finally {
    db.close();
  }
}

describe('a consent store from before the append log', () => {
  it('opens, verifies against the head it signed, and keeps growing consistently; a second opening moves nothing', async () => {
    const { file, head } = await legacyStore();
    expect(tables(file)).toEqual(['c_transparency_leaves']);

    const store = new SqliteStore('consent', file);
    const consent = await ConsentStore.open(store);
    const log = new AccessLogService(consent, keys);
    expect(tables(file)).toEqual(['l_transparency_leaves']);
    expect(await consent.transparencyLeaves.count()).toBe(head.treeSize);
    expect(await log.verify('C-A')).toEqual({ ok: true, firstBadSeq: null, checkedEntries: 24 });
    const tag = (await log.citizenTags(['C-A'])).get('C-A')!;
    const audit = () => auditLog({ leaves: consent.transparencyLeaves, heads: consent.transparencyHeads, authorityKey: keys.publicKey, citizenTag: tag, savedHead: head });
    expect(await audit()).toEqual({ ok: true, firstBadIndex: null, checkedEntries: 24 });
    expect((await log.page('C-A', 3)).entries.map((e) => e.seq)).toEqual([24, 23, 22]);

    await log.append(staff('after'), 'transport', [read('C-A'), read('C-C')]);
    const newer = await log.currentHead();
    expect(newer.treeSize).toBe(head.treeSize + 2);
    const proof = (await log.tree.consistencyProof(head.treeSize, newer.treeSize)).map(unb64);
    expect(verifyConsistency(head.treeSize, newer.treeSize, proof, unb64(head.rootHash), unb64(newer.rootHash))).toBe(true);
    expect(await log.verify('C-A')).toMatchObject({ ok: true, checkedEntries: 25 });
    await log.close();
    await store.close();

    const again = new SqliteStore('consent', file);
    const reopened = await ConsentStore.open(again);
    expect(await reopened.transparencyLeaves.count()).toBe(newer.treeSize);
    expect(tables(file)).toEqual(['l_transparency_leaves']);
    await again.close();
  });

  it('still reports an entry edited before the move, at its position', async () => {
    let editedIndex = -1;
    const { file, head } = await legacyStore((leaves) => {
      const target = leaves.filter((l) => l.citizenSeq === 4)[0]!;
      editedIndex = target.leafIndex;
      target.leaf = Buffer.from(unb64(target.leaf).toString('utf8').replace('"ALLOWED"', '"DENIED"')).toString('base64');
    });
    const store = new SqliteStore('consent', file);
    const consent = await ConsentStore.open(store);
    const log = new AccessLogService(consent, keys);
    const tag = (await log.citizenTags(['C-A'])).get('C-A')!;
    const mine = await consent.transparencyLeaves.find({ citizenKey: tag, citizenSeq: 4 });
    // The edited leaf belongs to C-A or C-B (both have a fourth entry): whichever it is, its owner's check fails there.
    const owner = mine[0]?.leafIndex === editedIndex ? 'C-A' : 'C-B';
    expect(await log.verify(owner)).toMatchObject({ ok: false, firstBadSeq: 4 });
    const ownerTag = (await log.citizenTags([owner])).get(owner)!;
    expect(await auditLog({ leaves: consent.transparencyLeaves, heads: consent.transparencyHeads, authorityKey: keys.publicKey, citizenTag: ownerTag, savedHead: head })).toMatchObject({ ok: false, firstBadIndex: editedIndex });
    await log.close();
    await store.close();
  });
});
