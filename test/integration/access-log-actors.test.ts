import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { authorityKeys, type AuthorityKeys } from '../../consent/crypto/authority-signing.js';
import { createDataKey } from '../../consent/crypto/data-keys.js';
import { decodeLeaf, type LeafContent } from '../../contracts/transparency-log/transparency-log.js';
import type { GrantRecord } from '../../consent/domain/grants.js';
import type { AccessRecord } from '../../consent/enforcement/types.js';
import { AccessLogService } from '../../consent/services/access-log-service.js';
import { ConsentStore } from '../../consent/subgraph/store.js';
import type { Principal } from '../../platform/principal.js';
import { loadSodium } from '../../platform/sodium.js';
import { SqliteStore } from '../../platform/store/sqlite.js';

/**
 * How the access log names a citizen who acted (consent/domain/leaf-principal.ts), on a real consent store: SELF on
 * their own data, their own tag on anyone else's, UNKNOWN without a data key; repeated refusals still coalesced per
 * acting citizen.
 */
let keys: AuthorityKeys;
const masterKey = new Uint8Array(crypto.randomBytes(32));
let dir: string;
let store: SqliteStore;
let consent: ConsentStore;
let log: AccessLogService;

beforeAll(async () => {
  await loadSodium();
  keys = authorityKeys(new Uint8Array(crypto.randomBytes(32)));
});

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'citygraph-actors-'));
  store = new SqliteStore('consent', path.join(dir, 'consent.sqlite'));
  consent = await ConsentStore.open(store);
  for (const id of ['C-A', 'C-B', 'C-C']) await consent.dataKeys.upsert(createDataKey(masterKey, id).record);
  log = new AccessLogService(consent, keys, { masterKey, refusalWindowMs: 60_000 });
});

afterEach(async () => {
  await log.close();
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const citizen = (id: string, requestId = crypto.randomUUID()): Principal => ({ kind: 'citizen', id, roles: [], scopes: [], requestId });
const refused = (citizenId: string): AccessRecord => ({ citizenId, coordinate: 'Citizen.name', category: 'IDENTITY', allow: false, code: 'CONSENT_REQUIRED' });
const read = (citizenId: string): AccessRecord => ({ citizenId, coordinate: 'Citizen.name', category: 'IDENTITY', allow: true, basis: 'SELF' });

async function leavesOf(citizenId: string): Promise<LeafContent[]> {
  const tag = (await log.citizenTags([citizenId])).get(citizenId)!;
  const rows = await consent.transparencyLeaves.find({ citizenKey: tag }, { sort: [['citizenSeq', 1]] });
  return rows.map((r) => decodeLeaf(r.leaf));
}

describe('the access log names a citizen who acted without their id', () => {
  it('names them SELF in their own log and by their own tag in another’s, in one request', async () => {
    await log.append(citizen('C-A'), 'consent', [read('C-A'), refused('C-B')]);
    const tagA = (await log.citizenTags(['C-A'])).get('C-A')!;
    expect((await leavesOf('C-A')).map((l) => l.principal)).toEqual([{ kind: 'CITIZEN', id: 'SELF', name: 'SELF' }]);
    expect((await leavesOf('C-B')).map((l) => l.principal)).toEqual([{ kind: 'CITIZEN', id: tagA, name: 'Another citizen' }]);
  });

  it('names a grant change by another citizen by their tag too, and the citizen’s own as SELF', async () => {
    const grant: GrantRecord = {
      id: 'CG-1',
      citizenId: 'C-B',
      granteeId: 'robotaxi',
      purpose: 'TAXI_ASSIST',
      scope: [{ subgraph: 'transport', category: 'LOCATION' }],
      categories: ['LOCATION'],
      validFrom: '2026-01-01T00:00:00.000Z',
      validUntil: '2030-01-01T00:00:00.000Z',
      status: 'ACTIVE',
      createdAt: '2026-01-01T00:00:00.000Z',
      changedAt: '2026-01-01T00:00:00.000Z',
      history: [],
      receipt: 'receipt',
    };
    await log.appendGrantChange(grant, 'GRANTED', citizen('C-B'), 'r1');
    // Another citizen cannot change C-B's grant through the graph; the log names them without their id all the same.
    await log.appendGrantChange({ ...grant, status: 'PAUSED' }, 'PAUSED', citizen('C-A'), 'r2');
    const tagA = (await log.citizenTags(['C-A'])).get('C-A')!;
    expect((await leavesOf('C-B')).map((l) => l.principal.id)).toEqual(['SELF', tagA]);
  });

  it('coalesces each acting citizen’s repeats apart, also when both are UNKNOWN (no data key)', async () => {
    // Two probers the hub holds no key for: both are UNKNOWN in the leaves, yet each is counted on their own.
    for (let i = 0; i < 3; i++) {
      await log.append(citizen('C-X'), 'consent', [refused('C-B')]);
      await log.append(citizen('C-Y'), 'consent', [refused('C-B')]);
    }
    await log.closeAllWindows();
    const leaves = await leavesOf('C-B');
    expect(leaves.map((l) => [l.principal.id, l.principal.name, l.count ?? null])).toEqual([
      ['UNKNOWN', 'Another citizen', null],
      ['UNKNOWN', 'Another citizen', null],
      ['UNKNOWN', 'Another citizen', 2],
      ['UNKNOWN', 'Another citizen', 2],
    ]);
    expect(log.coalesced).toEqual({ attempts: 4, countEntries: 2 });
  });

  it('names a prober by their tag in the count entry, and no leaf holds a citizen id', async () => {
    for (let i = 0; i < 3; i++) await log.append(citizen('C-A'), 'consent', [refused('C-B'), refused('C-C')]);
    await log.closeAllWindows();
    const tagA = (await log.citizenTags(['C-A'])).get('C-A')!;
    for (const subject of ['C-B', 'C-C']) {
      const leaves = await leavesOf(subject);
      expect(leaves.map((l) => [l.principal.id, l.count ?? null])).toEqual([
        [tagA, null],
        [tagA, 2],
      ]);
    }
    const all = await consent.transparencyLeaves.find({});
    expect(all.filter((r) => /C-[ABC]/.test(r.leaf.toString('utf8'))).length).toBe(0);
  });

  it('names an erased prober UNKNOWN from then on: their old tag can no longer be made', async () => {
    await log.append(citizen('C-A'), 'consent', [refused('C-B')]);
    const tagA = (await log.citizenTags(['C-A'])).get('C-A')!;
    await consent.dataKeys.upsert({ id: 'C-A', erasedAt: new Date().toISOString() });
    log.forgetCitizen('C-A');
    await log.append(citizen('C-A'), 'consent', [refused('C-C')]);
    expect((await leavesOf('C-B')).map((l) => l.principal.id)).toEqual([tagA]);
    expect((await leavesOf('C-C')).map((l) => l.principal.id)).toEqual(['UNKNOWN']);
    expect((await log.citizenTags(['C-A'])).get('C-A')).not.toBe(tagA);
  });
});
