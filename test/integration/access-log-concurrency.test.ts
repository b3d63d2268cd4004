import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { countLostRaces } from '../support/lost-races.js';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { authorityKeys, type AuthorityKeys } from '../../consent/crypto/authority-signing.js';
import type { AccessRecord } from '../../consent/enforcement/types.js';
import { AccessLogService } from '../../consent/services/access-log-service.js';
import { ConsentStore } from '../../consent/subgraph/store.js';
import type { Principal } from '../../platform/principal.js';
import { loadSodium } from '../../platform/sodium.js';
import { SqliteStore } from '../../platform/store/sqlite.js';

/**
 * Two consent instances over one store: here two connections to the same SQLite file (WAL), each with its own
 * AccessLogService, so that nothing held in one instance's memory can help the other.
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'citygraph-access-log-'));
const file = path.join(dir, 'consent.sqlite');
let keys: AuthorityKeys;
const stores: SqliteStore[] = [];
const consentStores: ConsentStore[] = [];
const services: AccessLogService[] = [];
let collisions = 0;

beforeAll(async () => {
  await loadSodium();
  keys = authorityKeys(new Uint8Array(crypto.randomBytes(32)));
  for (let i = 0; i < 2; i++) {
    const store = new SqliteStore('consent', file);
    const consent = await ConsentStore.open(store);
    countLostRaces(consent, () => collisions++);
    stores.push(store);
    consentStores.push(consent);
    services.push(new AccessLogService(consent, keys));
  }
});

afterAll(async () => {
  for (const store of stores) await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function staff(requestId: string): Principal {
  return { kind: 'staff', id: 'transport', department: 'transport', roles: [], scopes: [], purpose: 'SERVICE_DELIVERY', requestId };
}

function records(citizenIds: readonly string[], n: number): AccessRecord[] {
  return citizenIds.flatMap((citizenId) =>
    Array.from({ length: n }, (_, i) => ({ citizenId, coordinate: i % 2 ? 'Citizen.phone' : 'Citizen.name', category: i % 2 ? 'CONTACT' : 'IDENTITY', allow: true, basis: 'STATUTE:test' }) as AccessRecord),
  );
}

const run = promisify(execFile);
const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');

describe('access-log appends from two consent processes over one SQLite file (multi-process WAL)', () => {
  it('loses, duplicates and reorders nothing, and the chains verify', async () => {
    const shared = path.join(dir, 'two-processes.sqlite');
    const seed = crypto.randomBytes(32);
    const processKeys = authorityKeys(new Uint8Array(seed));
    const rounds = 100;
    // Both start appending at the same instant (after loading, which takes a second or two), so that they collide.
    const startAt = String(Date.now() + 6000);
    const child = (instance: number) =>
      run(process.execPath, ['--import', 'tsx', path.join(ROOT, 'test/support/append-access-log.ts'), shared, String(instance), String(rounds), 'C-10,C-11', startAt], {
        cwd: ROOT,
        env: { ...process.env, NODE_OPTIONS: '', CITYGRAPH_TEST_AUTHORITY_KEY: seed.toString('base64') },
      });
    const outputs = await Promise.all([child(1), child(2)]);
    expect(outputs.map((o) => o.stdout.trim().split(' ')[0])).toEqual(['done', 'done']);
    const collisions = outputs.reduce((sum, o) => sum + Number(o.stdout.trim().split(' ')[1]), 0);
    // The race was exercised: some appends lost a sequence number to the other process and were retried.
    expect(collisions).toBeGreaterThan(0);

    const store = new SqliteStore('consent', shared);
    try {
      const consent = await ConsentStore.open(store);
      const service = new AccessLogService(consent, processKeys);
      let perCitizen = 0;
      for (let round = 0; round < rounds; round++) perCitizen += 2 * (1 + (round % 2));
      for (const citizenId of ['C-10', 'C-11']) {
        const entries = await service.all(citizenId);
        expect(entries.map((e) => e.seq)).toEqual(Array.from({ length: perCitizen }, (_, i) => i + 1));
        const requests = new Set(entries.map((e) => e.requestId));
        expect(requests.size).toBe(2 * rounds);
        expect(await service.verify(citizenId)).toEqual({ ok: true, firstBadSeq: null, checkedEntries: perCitizen });
      }
      // One tree over both processes' leaves: every position filled once, and a head signed over all of them.
      expect((await service.currentHead()).treeSize).toBe(2 * perCitizen);
      expect(await consent.transparencyLeaves.count()).toBe(2 * perCitizen);
    } finally {
      await store.close();
    }
  }, 120_000);
});

describe('access-log appends from two consent instances over one store', () => {
  it('loses, duplicates and reorders nothing when both append for the same citizens at once, and the chains verify', async () => {
    const rounds = 40;
    const work: Array<Promise<void>> = [];
    for (let round = 0; round < rounds; round++) {
      for (const [instance, service] of services.entries()) {
        const requestId = `r-${instance}-${round}`;
        // Each append writes 1-3 records for C-1, and every third also for C-2 in the same write.
        const citizens = round % 3 === 0 ? ['C-1', 'C-2'] : ['C-1'];
        work.push(service.append(staff(requestId), 'transport', records(citizens, 1 + (round % 3))));
      }
    }
    await Promise.all(work);

    const expected = { 'C-1': 0, 'C-2': 0 };
    for (let round = 0; round < rounds; round++) {
      expected['C-1'] += 2 * (1 + (round % 3));
      if (round % 3 === 0) expected['C-2'] += 2 * (1 + (round % 3));
    }

    for (const citizenId of ['C-1', 'C-2'] as const) {
      // Read through the other connection than the one that wrote last: both see the same, complete log.
      for (const service of services) {
        const entries = await service.all(citizenId);
        expect(entries.length).toBe(expected[citizenId]);
        expect(entries.map((e) => e.seq)).toEqual(Array.from({ length: expected[citizenId] }, (_, i) => i + 1));
        // Tree positions only grow along a citizen's own log, and no two entries share one.
        for (let i = 1; i < entries.length; i++) expect(entries[i]!.leafIndex).toBeGreaterThan(entries[i - 1]!.leafIndex);
        // Every request's records are there exactly once.
        const perRequest = new Map<string, number>();
        for (const e of entries) perRequest.set(e.requestId, (perRequest.get(e.requestId) ?? 0) + 1);
        expect([...perRequest.values()].reduce((a, b) => a + b, 0)).toBe(expected[citizenId]);
      }
      for (const service of services) {
        expect(await service.verify(citizenId)).toEqual({ ok: true, firstBadSeq: null, checkedEntries: expected[citizenId] });
      }
    }
    expect(collisions).toBeGreaterThan(0);
  });

  it('keeps appending after one instance fell behind: the next append starts from the store, not from memory', async () => {
    const before = (await services[0]!.all('C-3')).length;
    await services[0]!.append(staff('lag-1'), 'transport', records(['C-3'], 2));
    await services[1]!.append(staff('lag-2'), 'transport', records(['C-3'], 3));
    await services[0]!.append(staff('lag-3'), 'transport', records(['C-3'], 1));
    const entries = await services[1]!.all('C-3');
    expect(entries.map((e) => e.requestId)).toEqual(['lag-1', 'lag-1', 'lag-2', 'lag-2', 'lag-2', 'lag-3']);
    expect(entries.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6].map((s) => s + before));
    expect(await services[0]!.verify('C-3')).toEqual({ ok: true, firstBadSeq: null, checkedEntries: 6 });
  });
});
