import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MongoClient } from 'mongodb';
import { MongoStore } from '../../platform/store/mongo.js';
import { SqliteStore } from '../../platform/store/sqlite.js';
import { AppendOnlyError, DuplicateKeyError, logId, seriesId, StoreError, type AppendLogSpec, type Collection, type CollectionSpec, type RecordFields, type Store } from '../../platform/store/types.js';

interface Reading {
  id: string;
  sensorId: string;
  at: string;
  value: number;
}

interface Head {
  id: string;
  seq: number;
  hash: string;
}

interface Thing {
  id: string;
  kind: string;
  n: number;
  flag?: boolean;
  note?: string;
}

/** A record of an append-only log: numbered, typed, bytes as Buffers. */
interface Entry {
  id: string;
  n: number;
  body: Buffer;
  parts: Buffer[];
  tag: string;
  pos: number;
  note?: string;
}

type Layout = 'documents' | 'typed';

const THING_FIELDS: RecordFields<Thing> = { kind: { type: 'text' }, n: { type: 'integer' }, flag: { type: 'boolean', optional: true }, note: { type: 'text', optional: true } };
const HEAD_FIELDS: RecordFields<Head> = { seq: { type: 'integer' }, hash: { type: 'text' } };
const READING_FIELDS: RecordFields<Reading> = { sensorId: { type: 'text' }, at: { type: 'text' }, value: { type: 'number' } };

/** The same collection spec in either layout: typed adds the record's declared fields. */
function laidOut<T>(layout: Layout, spec: CollectionSpec<T>, fields: RecordFields<T>): CollectionSpec<T> {
  return layout === 'typed' ? { ...spec, fields } : spec;
}

const ENTRY_FIELDS: AppendLogSpec<Entry>['fields'] = {
  n: { type: 'integer' },
  body: { type: 'bytes' },
  parts: { type: 'bytesList' },
  tag: { type: 'text' },
  pos: { type: 'integer' },
  note: { type: 'text', optional: true },
};

function entrySpec(name: string, fromDocument?: AppendLogSpec<Entry>['fromDocument']): CollectionSpec<Entry> {
  return { name, unique: [['tag', 'pos']], indexes: ['note'], appendLog: { sequenceField: 'n', idDigits: 6, fields: ENTRY_FIELDS, ...(fromDocument ? { fromDocument } : {}) } };
}

const entry = (n: number, tag: string, pos: number, note?: string): Entry => ({
  id: logId(n, 6),
  n,
  body: Buffer.from(`entry ${n} \u0000\u00ff`, 'latin1'),
  parts: n % 3 === 0 ? [] : [Buffer.alloc(n % 2 ? 0 : 32, n), Buffer.from([n, 0, 255])],
  tag,
  pos,
  ...(note ? { note } : {}),
});

/** One suite, two adapters (SQLite always; MongoDB only when MONGODB_URI names a server), two layouts each. */
function conformance(label: string, open: () => Promise<Store>, skipReason?: string, cleanup?: () => Promise<void>) {
  if (skipReason) console.warn(`SKIPPED store conformance: ${label}: ${skipReason}`);
  for (const layout of ['documents', 'typed'] as const) layoutConformance(label, layout, open, skipReason, cleanup);
  (skipReason ? describe.skip : describe)(`store conformance: ${label}`, () => {
    let store: Store;
    beforeAll(async () => {
      store = await open();
    });
    afterAll(async () => {
      await store.close();
      await cleanup?.();
    });
    appendLogAndTypedTests(() => store, open);
  });
}

function layoutConformance(label: string, layout: Layout, open: () => Promise<Store>, skipReason?: string, cleanup?: () => Promise<void>) {
  (skipReason ? describe.skip : describe)(`store conformance: ${label} ${layout}`, () => {
    let store: Store;
    let things: Collection<Thing>;
    const unique = () => `${layout}_${Date.now().toString(36)}`;

    beforeAll(async () => {
      store = await open();
      things = await store.collection<Thing>(laidOut(layout, { name: `things_${unique()}`, indexes: ['kind', ['kind', 'n']], unique: [] }, THING_FIELDS));
      await things.insertMany(
        Array.from({ length: 20 }, (_, i) => ({ id: `T-${String(i).padStart(2, '0')}`, kind: i % 2 ? 'odd' : 'even', n: i, flag: i % 3 === 0 })),
      );
    });
    afterAll(async () => {
      await store.close();
      await cleanup?.();
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

    it('inserts a batch all or nothing: a duplicate anywhere in it leaves nothing inserted', async () => {
      const before = await things.count();
      const clashWithStored = [{ id: 'A-1', kind: 'batch', n: 1 }, { id: 'A-2', kind: 'batch', n: 2 }, { id: 'T-03', kind: 'batch', n: 3 }];
      await expect(things.insertMany(clashWithStored)).rejects.toBeInstanceOf(DuplicateKeyError);
      const clashWithinBatch = [{ id: 'B-1', kind: 'batch', n: 1 }, { id: 'B-2', kind: 'batch', n: 2 }, { id: 'B-1', kind: 'batch', n: 3 }];
      await expect(things.insertMany(clashWithinBatch)).rejects.toBeInstanceOf(DuplicateKeyError);
      expect(await things.count({ kind: 'batch' })).toBe(0);
      expect(await things.count()).toBe(before);
    });

    it('fails a batch that breaks a unique index, leaving nothing inserted', async () => {
      const pairs = await store.collection<Thing>(laidOut(layout, { name: `pairs_${unique()}`, unique: [['kind', 'n']] }, THING_FIELDS));
      await pairs.insert({ id: 'P-1', kind: 'k', n: 1 });
      await expect(pairs.insertMany([{ id: 'P-2', kind: 'k', n: 2 }, { id: 'P-3', kind: 'k', n: 1 }])).rejects.toBeInstanceOf(DuplicateKeyError);
      expect((await pairs.find({}, { sort: [['id', 1]] })).map((p) => p.id)).toEqual(['P-1']);
    });

    it('upserts monotonically with keepHigher: a lower value never replaces a higher one', async () => {
      const heads = await store.collection<Head>(laidOut(layout, { name: `heads_${unique()}` }, HEAD_FIELDS));
      await heads.upsertMany([{ id: 'C-1', seq: 5, hash: 'five' }, { id: 'C-2', seq: 1, hash: 'one' }], { keepHigher: 'seq' });
      await heads.upsertMany([{ id: 'C-1', seq: 4, hash: 'four' }, { id: 'C-2', seq: 2, hash: '$two' }], { keepHigher: 'seq' });
      await heads.upsert({ id: 'C-1', seq: 5, hash: 'five again' }, { keepHigher: 'seq' });
      expect(await heads.getMany(['C-1', 'C-2'])).toEqual([{ id: 'C-1', seq: 5, hash: 'five' }, { id: 'C-2', seq: 2, hash: '$two' }]);
    });

    it('keeps readings as a time series: time order, ranges, repeats skipped, append-only', async () => {
      const readings = await store.collection<Reading>(
        laidOut(layout, { name: `readings_${unique()}`, indexes: [['sensorId', 'at']], timeSeries: { timeField: 'at', metaField: 'sensorId', granularity: 'minutes' } }, READING_FIELDS),
      );
      const base = Date.parse('2026-03-01T10:00:00.000Z');
      const at = (minute: number) => new Date(base + minute * 60_000).toISOString();
      const batch = [3, 0, 2, 1].map((m) => ({ id: `S-1|${at(m)}`, sensorId: 'S-1', at: at(m), value: m }));
      expect(await readings.insertMany([...batch, { id: `S-2|${at(0)}`, sensorId: 'S-2', at: at(0), value: 9 }])).toBe(5);
      // A repeat of stored readings is skipped; the new one in the same batch goes in.
      expect(await readings.insertMany([batch[0]!, { id: `S-1|${at(4)}`, sensorId: 'S-1', at: at(4), value: 4 }], { ignoreDuplicates: true })).toBe(1);
      await expect(readings.insert(batch[1]!)).rejects.toBeInstanceOf(DuplicateKeyError);

      const window = await readings.find({ sensorId: 'S-1', at: { $gte: at(1), $lte: at(3) } }, { sort: [['at', 1]] });
      expect(window).toEqual([1, 2, 3].map((m) => ({ id: `S-1|${at(m)}`, sensorId: 'S-1', at: at(m), value: m })));
      expect((await readings.find({ sensorId: 'S-1' }, { sort: [['at', -1]], limit: 2 })).map((r) => r.value)).toEqual([4, 3]);
      expect(await readings.count({ sensorId: 'S-1', at: { $gt: at(2) } })).toBe(2);
      expect((await readings.get(`S-2|${at(0)}`))?.at).toBe(at(0));

      await expect(readings.insert({ id: 'bad', sensorId: 'S-1', at: '2026-03-01 10:00', value: 0 })).rejects.toBeInstanceOf(StoreError);
      await expect(readings.find({ at: { $gte: 'yesterday' } })).rejects.toBeInstanceOf(StoreError);
      await expect(readings.update(`S-2|${at(0)}`, { value: 1 })).rejects.toBeInstanceOf(AppendOnlyError);
      await expect(readings.upsert({ id: `S-2|${at(0)}`, sensorId: 'S-2', at: at(0), value: 1 })).rejects.toBeInstanceOf(AppendOnlyError);
      expect(await readings.deleteMany({ sensorId: 'S-2' })).toBe(1);
      expect(await readings.count()).toBe(5);
      await expect(store.collection<Reading>(laidOut(layout, { name: 'readings_unique', unique: [['sensorId', 'at']], timeSeries: { timeField: 'at' } }, READING_FIELDS))).rejects.toBeInstanceOf(StoreError);
    });

    it('flushes after deletions: deleted documents stay gone and the rest stays readable', async () => {
      const secrets = await store.collection<Thing>(laidOut(layout, { name: `secrets_${unique()}`, indexes: ['kind'] }, THING_FIELDS));
      await secrets.insertMany(Array.from({ length: 50 }, (_, i) => ({ id: `K-${i}`, kind: i < 25 ? 'erased' : 'kept', n: i, note: `key material ${i}` })));
      expect(await secrets.deleteMany({ kind: 'erased' })).toBe(25);
      await secrets.update('K-30', { note: 'rewritten' });
      await store.flush();
      expect(await secrets.count({ kind: 'erased' })).toBe(0);
      expect(await secrets.get('K-3')).toBeNull();
      expect(await secrets.count({ kind: 'kept' })).toBe(25);
      expect((await secrets.get('K-30'))?.note).toBe('rewritten');
      await store.flush();
    });

    it('counts every call that reaches the database', async () => {
      const before = store.stats.queries;
      await things.getMany(['T-01', 'T-02', 'T-03']);
      expect(store.stats.queries - before).toBe(1);
    });
  });
}

function appendLogAndTypedTests(storeOf: () => Store, open: () => Promise<Store>) {
  describe('append logs and typed records', () => {
    let store: Store;
    beforeAll(() => {
      store = storeOf();
    });

    it('keeps an append-only log: typed records read back as written, bytes as Buffers, id order, indexes', async () => {
      const log = await store.collection<Entry>(entrySpec(`entries_${Date.now().toString(36)}`));
      const written = [entry(0, 'a', 1), entry(1, 'b', 1, 'grant'), entry(2, 'a', 2), entry(3, 'a', 3, 'grant'), entry(4, 'b', 2)];
      expect(await log.insertMany(written)).toBe(5);
      const got = await log.get(logId(1, 6));
      expect(got).toEqual(written[1]);
      expect(Buffer.isBuffer(got!.body) && got!.parts.every((p) => Buffer.isBuffer(p))).toBe(true);
      expect('note' in (await log.get(logId(0, 6)))!).toBe(false);
      expect((await log.getMany([logId(4, 6), logId(9, 6), 'not-an-id', logId(0, 6)])).map((e) => e?.n ?? null)).toEqual([4, null, null, 0]);
      expect(await log.get('not-an-id')).toBeNull();
      expect((await log.find({ tag: 'a' }, { sort: [['pos', -1]], limit: 2 })).map((e) => e.n)).toEqual([3, 2]);
      expect((await log.find({ tag: 'a', pos: { $lt: 3 } }, { sort: [['pos', 1]] })).map((e) => e.n)).toEqual([0, 2]);
      expect((await log.find({ note: 'grant' }, { sort: [['id', 1]] })).map((e) => e.n)).toEqual([1, 3]);
      expect((await log.find({ id: { $gte: logId(2, 6) } }, { sort: [['id', -1]], limit: 2 })).map((e) => e.n)).toEqual([4, 3]);
      expect(await log.count({ id: { $lt: logId(3, 6) } })).toBe(3);
      expect(await log.count()).toBe(5);
      await expect(log.find({ id: { $lt: 'zzz' } })).rejects.toBeInstanceOf(StoreError);
    });

    it('appends to a log all or nothing, and refuses to rewrite or remove what it holds', async () => {
      const log = await store.collection<Entry>(entrySpec(`appends_${Date.now().toString(36)}`));
      await log.insertMany([entry(0, 'a', 1), entry(1, 'a', 2)]);
      await expect(log.insertMany([entry(2, 'a', 3), entry(1, 'b', 1)])).rejects.toBeInstanceOf(DuplicateKeyError);
      await expect(log.insertMany([entry(2, 'a', 3), entry(3, 'a', 2)])).rejects.toBeInstanceOf(DuplicateKeyError);
      await expect(log.insert(entry(0, 'c', 1))).rejects.toBeInstanceOf(DuplicateKeyError);
      expect(await log.count()).toBe(2);
      expect(await log.insertMany([entry(1, 'z', 9), entry(2, 'a', 3)], { ignoreDuplicates: true })).toBe(1);
      expect((await log.get(logId(1, 6)))?.tag).toBe('a');

      await expect(log.insert({ ...entry(5, 'a', 5), id: logId(6, 6) })).rejects.toBeInstanceOf(StoreError);
      await expect(log.insert({ ...entry(5, 'a', 5), id: '5' })).rejects.toBeInstanceOf(StoreError);
      await expect(log.insert({ ...entry(5, 'a', 5), extra: 1 } as Entry)).rejects.toBeInstanceOf(StoreError);
      await expect(log.insert({ ...entry(5, 'a', 5), body: 'text' } as unknown as Entry)).rejects.toBeInstanceOf(StoreError);
      await expect(log.insert({ ...entry(5, 'a', 5), pos: 1.5 })).rejects.toBeInstanceOf(StoreError);
      await expect(log.insert({ ...entry(5, 'a', 5), tag: undefined } as unknown as Entry)).rejects.toBeInstanceOf(StoreError);

      await expect(log.update(logId(0, 6), { tag: 'x' })).rejects.toBeInstanceOf(AppendOnlyError);
      await expect(log.upsert(entry(0, 'x', 1))).rejects.toBeInstanceOf(AppendOnlyError);
      await expect(log.upsertMany([entry(0, 'x', 1)])).rejects.toBeInstanceOf(AppendOnlyError);
      await expect(log.delete(logId(0, 6))).rejects.toBeInstanceOf(AppendOnlyError);
      await expect(log.deleteMany({ tag: 'a' })).rejects.toBeInstanceOf(AppendOnlyError);
      expect((await log.find({}, { sort: [['id', 1]] })).map((e) => [e.n, e.tag])).toEqual([[0, 'a'], [1, 'a'], [2, 'a']]);
      await expect(store.collection<Entry>({ ...entrySpec('bad_log'), indexes: ['body'] })).rejects.toBeInstanceOf(StoreError);
    });

    it('adds an optional field to a stored log, and keeps a unique index over the records lacking a field', async () => {
      const name = `runs_${Date.now().toString(36)}`;
      type Run = Entry & { head?: number };
      const v2: CollectionSpec<Run> = {
        name,
        indexes: ['note'],
        appendLog: { sequenceField: 'n', idDigits: 6, fields: { ...ENTRY_FIELDS, head: { type: 'integer', optional: true } }, uniqueWhereAbsent: { fields: ['tag', 'pos'], absent: 'head' } },
      };
      const first = await open();
      try {
        await (await first.collection<Entry>(entrySpec(name))).insertMany([entry(0, 'a', 1), entry(1, 'a', 2)]);
      } finally {
        await first.close();
      }
      const reopened = await open();
      try {
        const log = await reopened.collection<Run>(v2);
        // Records stored before the field existed read back without it.
        expect(await log.find({}, { sort: [['id', 1]] })).toEqual([entry(0, 'a', 1), entry(1, 'a', 2)]);
        // A run: its first record without `head`, the others naming it.
        await log.insertMany([entry(2, 'a', 3), { ...entry(3, 'a', 4), head: 2 }, { ...entry(4, 'a', 5), head: 2 }]);
        expect((await log.find({ tag: 'a', head: null }, { sort: [['pos', -1]] })).map((e) => e.n)).toEqual([2, 1, 0]);
        expect((await log.get(logId(3, 6)))?.head).toBe(2);
        // A record without the field that repeats another's (tag, pos) is refused, and the batch with it.
        await expect(log.insertMany([entry(5, 'b', 1), entry(6, 'a', 3)])).rejects.toBeInstanceOf(DuplicateKeyError);
        expect(await log.count()).toBe(5);
        await expect(reopened.collection<Run>({ ...v2, name: `${name}_bad`, appendLog: { ...v2.appendLog!, uniqueWhereAbsent: { fields: ['tag', 'pos'], absent: 'tag' } } })).rejects.toBeInstanceOf(StoreError);
      } finally {
        await reopened.close();
      }
    });

    it('moves the documents of a collection that becomes an append log into its layout once, at open', async () => {
      const name = `legacy_${Date.now().toString(36)}`;
      interface Legacy { id: string; n: number; body: string; parts: string[]; tag: string; pos: number; note?: string }
      const before = [entry(0, 'a', 1), entry(1, 'a', 2, 'grant'), entry(2, 'b', 1)];
      const legacy = await store.collection<Legacy>({ name, indexes: ['tag'] });
      await legacy.insertMany(before.map((e) => ({ ...e, body: e.body.toString('base64'), parts: e.parts.map((p) => p.toString('base64')) })));
      const fromDocument = (doc: Record<string, unknown>): Entry => ({
        ...(doc as unknown as Entry),
        body: Buffer.from(doc.body as string, 'base64'),
        parts: (doc.parts as string[]).map((p) => Buffer.from(p, 'base64')),
      });
      for (let opening = 0; opening < 2; opening++) {
        const reopened = await open();
        try {
          const log = await reopened.collection<Entry>(entrySpec(name, fromDocument));
          // The second opening finds nothing left to move: the entry appended after the first is still the only new one.
          expect(await log.find({}, { sort: [['id', 1]] })).toEqual(opening === 0 ? before : [...before, entry(3, 'b', 2)]);
          expect(await log.find({ tag: 'a' }, { sort: [['pos', -1]], limit: 1 })).toEqual([before[1]]);
          if (opening === 0) await log.insert(entry(3, 'b', 2));
          expect(await log.count()).toBe(4);
        } finally {
          await reopened.close();
        }
      }
    });


    it('keeps typed records as declared: booleans, numbers, nullable and optional fields read back as written', async () => {
      interface Sensor { id: string; kind: string; lat: number; active: boolean; seenAt: string | null; gauge?: number; blob?: Buffer }
      const sensors = await store.collection<Sensor>({
        name: `typed_${Date.now().toString(36)}`,
        indexes: ['kind', 'active'],
        fields: { kind: { type: 'text' }, lat: { type: 'number' }, active: { type: 'boolean' }, seenAt: { type: 'text', nullable: true }, gauge: { type: 'integer', optional: true }, blob: { type: 'bytes', optional: true } },
      });
      const written: Sensor[] = [
        { id: 'S-1', kind: 'WATER', lat: 52.123456, active: true, seenAt: null, gauge: 2 },
        { id: 'S-2', kind: 'AIR', lat: -0.5, active: false, seenAt: '2026-03-01T10:00:00.000Z', blob: Buffer.from([0, 1, 255]) },
      ];
      await sensors.insertMany(written);
      expect(await sensors.getMany(['S-2', 'S-1'])).toEqual([written[1], written[0]]);
      expect((await sensors.find({ active: true })).map((s) => s.id)).toEqual(['S-1']);
      expect((await sensors.find({ seenAt: null })).map((s) => s.id)).toEqual(['S-1']);
      expect((await sensors.find({ lat: { $lt: 0 } })).map((s) => s.id)).toEqual(['S-2']);
      expect(await sensors.update('S-1', { seenAt: '2026-03-01T11:00:00.000Z', active: false })).toBe(true);
      expect(await sensors.get('S-1')).toEqual({ ...written[0], seenAt: '2026-03-01T11:00:00.000Z', active: false });
      await sensors.upsert({ id: 'S-2', kind: 'AIR', lat: 1, active: true, seenAt: null });
      expect(await sensors.get('S-2')).toEqual({ id: 'S-2', kind: 'AIR', lat: 1, active: true, seenAt: null });

      // What does not fit the declaration is refused on every write, and nothing of the batch is kept.
      const refused: unknown[] = [
        { id: 'S-3', kind: 'AIR', lat: 1, active: 'yes', seenAt: null },
        { id: 'S-3', kind: 'AIR', lat: Number.NaN, active: true, seenAt: null },
        { id: 'S-3', kind: 'AIR', active: true, seenAt: null },
        { id: 'S-3', kind: 'AIR', lat: 1, active: true, seenAt: null, gauge: 1.5 },
        { id: 'S-3', kind: 'AIR', lat: 1, active: true, seenAt: null, extra: 'x' },
        { id: 'S-3', lat: 1, active: true, seenAt: null },
      ];
      for (const doc of refused) {
        await expect(sensors.insertMany([{ id: 'S-4', kind: 'AIR', lat: 0, active: true, seenAt: null }, doc as Sensor])).rejects.toBeInstanceOf(StoreError);
        await expect(sensors.upsert(doc as Sensor)).rejects.toBeInstanceOf(StoreError);
      }
      await expect(sensors.update('S-1', { lat: 'north' } as unknown as Partial<Sensor>)).rejects.toBeInstanceOf(StoreError);
      await expect(sensors.update('S-1', { extra: 1 } as unknown as Partial<Sensor>)).rejects.toBeInstanceOf(StoreError);
      expect(await sensors.count()).toBe(2);
      expect((await sensors.get('S-1'))?.lat).toBe(52.123456);
      await expect(store.collection<Sensor>({ name: 'typed_bad', fields: { kind: { type: 'text', optional: true, nullable: true } } as never })).rejects.toBeInstanceOf(StoreError);
      await expect(store.collection<Sensor>({ name: 'typed_bad2', indexes: ['nope' as never], fields: { kind: { type: 'text' } } as never })).rejects.toBeInstanceOf(StoreError);
    });

    it('identifies a typed time series measurement by its series and time', async () => {
      const readings = await store.collection<Reading>({
        name: `series_${Date.now().toString(36)}`,
        indexes: [['sensorId', 'at']],
        timeSeries: { timeField: 'at', metaField: 'sensorId' },
        fields: READING_FIELDS,
      });
      const at = '2026-03-01T10:00:00.000Z';
      await expect(readings.insert({ id: 'R-1', sensorId: 'S-1', at, value: 1 })).rejects.toBeInstanceOf(StoreError);
      await readings.insert({ id: seriesId('S-1', at), sensorId: 'S-1', at, value: 1 });
      expect(await readings.insertMany([{ id: seriesId('S-1', at), sensorId: 'S-1', at, value: 2 }], { ignoreDuplicates: true })).toBe(0);
      expect(await readings.get(seriesId('S-1', at))).toEqual({ id: 'S-1|' + at, sensorId: 'S-1', at, value: 1 });
      expect(await readings.getMany(['nope', seriesId('S-1', at)])).toEqual([null, { id: 'S-1|' + at, sensorId: 'S-1', at, value: 1 }]);
      expect((await readings.find({ id: seriesId('S-1', at) })).length).toBe(1);
      await expect(store.collection<Reading>({ name: 'series_bad', timeSeries: { timeField: 'at', metaField: 'sensorId' }, fields: { ...READING_FIELDS, at: { type: 'integer' } } as never })).rejects.toBeInstanceOf(StoreError);
    });

    it('moves the documents of a collection that becomes typed into its layout once, at open (declared fields only)', async () => {
      const name = `untyped_${Date.now().toString(36)}`;
      const legacy = await store.collection<Thing & { retired?: string }>({ name, indexes: ['kind'] });
      await legacy.insertMany([
        { id: 'T-1', kind: 'odd', n: 1, flag: true, retired: 'dropped' },
        { id: 'T-2', kind: 'even', n: 2 },
      ]);
      for (let opening = 0; opening < 2; opening++) {
        const reopened = await open();
        try {
          const typed = await reopened.collection<Thing>({ name, indexes: ['kind'], fields: THING_FIELDS });
          expect(await typed.find({}, { sort: [['id', 1]] })).toEqual([
            { id: 'T-1', kind: 'odd', n: 1, flag: true },
            { id: 'T-2', kind: 'even', n: opening === 0 ? 2 : 3 },
          ]);
          if (opening === 0) await typed.update('T-2', { n: 3 });
        } finally {
          await reopened.close();
        }
      }
    });
  });
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'citygraph-store-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
conformance('sqlite', async () => new SqliteStore('conformance', path.join(dir, 'conformance.sqlite')));

const mongoUri = process.env.MONGODB_URI ?? '';
const mongoDatabase = `citygraph_conformance_${Date.now()}`;
conformance(
  'mongodb',
  () => MongoStore.connect(mongoUri, mongoDatabase, { durableWrites: true }),
  mongoUri ? undefined : 'MONGODB_URI is not set (no MongoDB server can be installed on this machine; docs/deploy.md says how to run it)',
  async () => {
    const client = await new MongoClient(mongoUri).connect();
    await client.db(mongoDatabase).dropDatabase();
    await client.close();
  },
);

