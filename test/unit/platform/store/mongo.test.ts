import { describe, expect, it } from '@jest/globals';
import { MongoServerError } from 'mongodb';
import { deploymentProblem, MongoStoreCollection, type Atomically } from '../../../../platform/store/mongo.js';
import { AppendOnlyError, DuplicateKeyError, StoreError } from '../../../../platform/store/types.js';

/** The deployment check MongoStore.connect makes on the server's `hello` answer; no database needed. */
describe('MongoDB deployment check', () => {
  it('accepts a replica set member, primary or not', () => {
    expect(deploymentProblem({ isWritablePrimary: true, setName: 'rs0', hosts: ['127.0.0.1:27017'], maxWireVersion: 25 })).toBeUndefined();
    expect(deploymentProblem({ isWritablePrimary: false, secondary: true, setName: 'rs0' })).toBeUndefined();
  });

  it('accepts a mongos in front of a sharded cluster', () => {
    expect(deploymentProblem({ isWritablePrimary: true, msg: 'isdbgrid', maxWireVersion: 25 })).toBeUndefined();
  });

  it('refuses a standalone server with a message that says what to do', () => {
    const problem = deploymentProblem({ isWritablePrimary: true, maxWireVersion: 25, ok: 1 });
    expect(problem).toMatch(/standalone server/);
    expect(problem).toMatch(/--replSet/);
    expect(problem).toMatch(/rs\.initiate\(\)/);
    expect(problem).toMatch(/docs\/deploy\.md/);
  });
});

/**
 * The adapter's calls into the driver, over a recording fake of a driver collection: which writes run in a
 * transaction (with the session), and what filters, documents and updates are sent. The server's side of these
 * calls is what the conformance suite checks against a real replica set.
 */
interface Call {
  method: string;
  args: unknown[];
  inTransaction: boolean;
}

function fakeCollection(stored: Array<Record<string, unknown>> = [], fail?: { method: string; error: Error }) {
  const calls: Call[] = [];
  let inTransaction = false;
  const record = (method: string, result: unknown) => (...args: unknown[]) => {
    calls.push({ method, args, inTransaction });
    if (fail?.method === method) return Promise.reject(fail.error);
    return Promise.resolve(result);
  };
  const collection = {
    find: (...args: unknown[]) => {
      calls.push({ method: 'find', args, inTransaction });
      const cursor = { sort: () => cursor, skip: () => cursor, limit: () => cursor, toArray: async () => stored };
      return cursor;
    },
    findOne: record('findOne', stored[0] ?? null),
    countDocuments: record('countDocuments', stored.length),
    insertOne: record('insertOne', { acknowledged: true }),
    insertMany: (docs: unknown[], options: unknown) => record('insertMany', { insertedCount: docs.length })(docs, options),
    bulkWrite: (ops: unknown[], options: unknown) => record('bulkWrite', { upsertedCount: ops.length })(ops, options),
    updateOne: record('updateOne', { matchedCount: 1 }),
    deleteOne: record('deleteOne', { deletedCount: 1 }),
    deleteMany: record('deleteMany', { deletedCount: 2 }),
  };
  const session = { id: 'session' };
  const atomically: Atomically = async (work) => {
    inTransaction = true;
    try {
      return await work(session as never);
    } finally {
      inTransaction = false;
    }
  };
  return { collection: collection as never, calls, atomically, session };
}

interface Thing {
  id: string;
  kind: string;
  n: number;
}
interface Reading {
  id: string;
  sensorId: string;
  at: string;
  value: number;
}
const AT = '2026-03-01T10:00:00.000Z';

describe('MongoDB adapter, over a fake driver collection', () => {
  it('runs insertMany, upsertMany and deleteMany in a transaction, passing the session to the driver', async () => {
    const fake = fakeCollection();
    const things = new MongoStoreCollection<Thing>(fake.collection, { queries: 0 }, 'things', fake.atomically, new Set(), undefined);
    await things.insertMany([{ id: 'a', kind: 'k', n: 1 }]);
    await things.insertMany([{ id: 'b', kind: 'k', n: 2 }], { ignoreDuplicates: true });
    await things.upsertMany([{ id: 'c', kind: 'k', n: 3 }]);
    await things.deleteMany({ kind: 'k' });
    expect(fake.calls.map((c) => [c.method, c.inTransaction, (c.args[1] as { session?: unknown })?.session === fake.session])).toEqual([
      ['insertMany', true, true],
      ['bulkWrite', true, true],
      ['bulkWrite', true, true],
      ['deleteMany', true, true],
    ]);
    expect(fake.calls[0]!.args[0]).toEqual([{ _id: 'a', kind: 'k', n: 1 }]);
    expect(fake.calls[1]!.args[0]).toEqual([{ updateOne: { filter: { _id: 'b' }, update: { $setOnInsert: { kind: 'k', n: 2 } }, upsert: true } }]);
    expect(fake.calls[3]!.args[0]).toEqual({ kind: { $eq: 'k' } });
  });

  it('turns a duplicate key error from a batch into a DuplicateKeyError', async () => {
    const error = new MongoServerError({ message: 'E11000 duplicate key error', code: 11000 });
    const fake = fakeCollection([], { method: 'insertMany', error });
    const things = new MongoStoreCollection<Thing>(fake.collection, { queries: 0 }, 'things', fake.atomically, new Set(), undefined);
    await expect(things.insertMany([{ id: 'a', kind: 'k', n: 1 }])).rejects.toBeInstanceOf(DuplicateKeyError);
  });

  it('sends equality as $eq and ids as _id, so that a value is never read as an operator', async () => {
    const fake = fakeCollection();
    const things = new MongoStoreCollection<Thing>(fake.collection, { queries: 0 }, 'things', fake.atomically, new Set(), undefined);
    await things.find({ id: 'x', kind: '$where', n: { $gte: 2, $in: [3, 4] } });
    expect(fake.calls[0]!.args[0]).toEqual({ _id: { $eq: 'x' }, kind: { $eq: '$where' }, n: { $gte: 2, $in: [3, 4] } });
  });

  it('upserts with keepHigher as one pipeline update that keeps a higher stored value, values taken literally', async () => {
    const fake = fakeCollection();
    const touched = new Set<string>();
    const heads = new MongoStoreCollection<Thing>(fake.collection, { queries: 0 }, 'heads', fake.atomically, touched, undefined);
    await heads.upsert({ id: 'C-1', kind: '$kind', n: 5 }, { keepHigher: 'n' });
    const [operation] = fake.calls[0]!.args[0] as Array<{ updateOne: unknown }>;
    expect(operation).toEqual({
      updateOne: {
        filter: { _id: 'C-1' },
        update: [{ $replaceWith: { $cond: { if: { $lt: ['$n', { $literal: 5 }] }, then: { $literal: { _id: 'C-1', kind: '$kind', n: 5 } }, else: '$$ROOT' } } }],
        upsert: true,
      },
    });
    expect([...touched]).toEqual(['heads']);
  });

  it('writes time series outside transactions, with the time as a date, skipping stored ids, and reads it back as ISO text', async () => {
    const fake = fakeCollection([{ _id: `S-1|${AT}`, sensorId: 'S-1', at: new Date(AT), value: 1 }]);
    const ts = { timeField: 'at', metaField: 'sensorId', granularity: 'minutes' } as const;
    const touched = new Set<string>();
    const readings = new MongoStoreCollection<Reading>(fake.collection, { queries: 0 }, 'readings', fake.atomically, touched, ts);
    const later = '2026-03-01T10:01:00.000Z';
    const inserted = await readings.insertMany(
      [
        { id: `S-1|${AT}`, sensorId: 'S-1', at: AT, value: 1 },
        { id: `S-1|${later}`, sensorId: 'S-1', at: later, value: 2 },
      ],
      { ignoreDuplicates: true },
    );
    expect(inserted).toBe(1);
    const [check, insert] = fake.calls;
    expect(check!.method).toBe('find');
    expect(check!.args[0]).toEqual({ _id: { $in: [`S-1|${AT}`, `S-1|${later}`] }, at: { $gte: new Date(AT), $lte: new Date(later) }, sensorId: { $in: ['S-1'] } });
    expect(insert!.method).toBe('insertMany');
    expect(insert!.inTransaction).toBe(false);
    expect(insert!.args[0]).toEqual([{ _id: `S-1|${later}`, sensorId: 'S-1', at: new Date(later), value: 2 }]);

    expect(await readings.find({ sensorId: 'S-1', at: { $gte: AT } })).toEqual([{ id: `S-1|${AT}`, sensorId: 'S-1', at: AT, value: 1 }]);
    expect(fake.calls[2]!.args[0]).toEqual({ sensorId: { $eq: 'S-1' }, at: { $gte: new Date(AT) } });

    await readings.deleteMany({ sensorId: 'S-1' });
    expect(fake.calls[3]!.inTransaction).toBe(false);
    expect(touched.size).toBe(0);
    await expect(readings.update(`S-1|${AT}`, { value: 3 })).rejects.toBeInstanceOf(AppendOnlyError);
    await expect(readings.upsertMany([{ id: 'x', sensorId: 'S-1', at: AT, value: 3 }])).rejects.toBeInstanceOf(AppendOnlyError);
    await expect(readings.insert({ id: 'bad', sensorId: 'S-1', at: 'tomorrow', value: 0 })).rejects.toBeInstanceOf(StoreError);
  });
});
