import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MongoStore } from '../../platform/store/mongo.js';
import { SqliteStore } from '../../platform/store/sqlite.js';
import { DuplicateKeyError, type Collection, type Store } from '../../platform/store/types.js';

interface Thing {
  id: string;
  kind: string;
  n: number;
  flag?: boolean;
  note?: string;
}

/** One suite, two adapters: SQLite always; MongoDB only when MONGODB_URI names a server. */
function conformance(label: string, open: () => Promise<Store>, skipReason?: string) {
  if (skipReason) console.warn(`SKIPPED store conformance: ${label}: ${skipReason}`);
  (skipReason ? describe.skip : describe)(`store conformance: ${label}`, () => {
    let store: Store;
    let things: Collection<Thing>;

    beforeAll(async () => {
      store = await open();
      things = await store.collection<Thing>({ name: `things_${Date.now().toString(36)}`, indexes: ['kind', ['kind', 'n']], unique: [] });
      await things.insertMany(
        Array.from({ length: 20 }, (_, i) => ({ id: `T-${String(i).padStart(2, '0')}`, kind: i % 2 ? 'odd' : 'even', n: i, flag: i % 3 === 0 })),
      );
    });
    afterAll(async () => {
      await store.close();
    });

    it('gets by id and answers getMany in key order with null for missing ids', async () => {
      expect((await things.get('T-03'))?.n).toBe(3);
      expect(await things.get('nope')).toBeNull();
      const many = await things.getMany(['T-05', 'missing', 'T-01']);
      expect(many.map((t) => t?.id ?? null)).toEqual(['T-05', null, 'T-01']);
    });

    it('filters by equality, ranges, $in and $ne, sorts and pages', async () => {
      expect((await things.find({ kind: 'odd' })).length).toBe(10);
      const ranged = await things.find({ kind: 'even', n: { $gte: 4, $lt: 12 } }, { sort: [['n', -1]] });
      expect(ranged.map((t) => t.n)).toEqual([10, 8, 6, 4]);
      expect((await things.find({ n: { $in: [1, 2, 99] } }, { sort: [['n', 1]] })).map((t) => t.n)).toEqual([1, 2]);
      expect(await things.count({ kind: { $ne: 'odd' } })).toBe(10);
      expect((await things.find({}, { sort: [['n', 1]], skip: 5, limit: 3 })).map((t) => t.n)).toEqual([5, 6, 7]);
      expect((await things.find({ flag: true })).length).toBe(7);
    });

    it('treats operator-looking strings as plain values', async () => {
      expect(await things.find({ kind: '{"$gt": ""}' })).toEqual([]);
      expect(await things.find({ kind: '$where' })).toEqual([]);
    });

    it('rejects a duplicate insert and skips duplicates when asked', async () => {
      await expect(things.insert({ id: 'T-01', kind: 'x', n: 0 })).rejects.toBeInstanceOf(DuplicateKeyError);
      expect(await things.insertMany([{ id: 'T-01', kind: 'x', n: 0 }, { id: 'T-99', kind: 'odd', n: 99 }], { ignoreDuplicates: true })).toBe(1);
      expect((await things.get('T-01'))?.kind).toBe('odd');
    });

    it('updates, upserts and deletes', async () => {
      expect(await things.update('T-02', { note: 'changed' })).toBe(true);
      expect((await things.get('T-02'))?.note).toBe('changed');
      expect(await things.update('nope', { note: 'x' })).toBe(false);
      await things.upsert({ id: 'T-50', kind: 'even', n: 50 });
      await things.upsert({ id: 'T-50', kind: 'even', n: 51 });
      expect((await things.get('T-50'))?.n).toBe(51);
      expect(await things.delete('T-50')).toBe(true);
      expect(await things.deleteMany({ kind: 'odd', n: { $gt: 15 } })).toBe(3);
      expect(await things.count({ kind: 'odd' })).toBe(8);
    });

    it('counts every call that reaches the database', async () => {
      const before = store.stats.queries;
      await things.getMany(['T-01', 'T-02', 'T-03']);
      expect(store.stats.queries - before).toBe(1);
    });
  });
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'citygraph-store-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
conformance('sqlite', async () => new SqliteStore('conformance', path.join(dir, 'conformance.sqlite')));

const mongoUri = process.env.MONGODB_URI ?? '';
conformance(
  'mongodb',
  () => MongoStore.connect(mongoUri, `citygraph_conformance_${Date.now()}`, { majorityWrites: true }),
  mongoUri ? undefined : 'MONGODB_URI is not set (no MongoDB server can be installed on this machine; docs/deploy.md says how to run it)',
);
