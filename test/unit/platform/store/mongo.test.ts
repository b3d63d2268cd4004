import { describe, expect, it } from '@jest/globals';
import { Binary, MongoServerError } from 'mongodb';
import { deploymentProblem, MongoStoreCollection, type Atomically } from '../../../../platform/store/mongo.js';
import { AppendOnlyError, DuplicateKeyError, StoreError, type AppendLogSpec } from '../../../../platform/store/types.js';

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

  it('keeps an append log as documents with BinData, reads bytes back as Buffers, and never rewrites or removes one', async () => {
    interface Leaf {
      id: string;
      leafIndex: number;
      leaf: Buffer;
      nodes: Buffer[];
      tag: string;
      grantId?: string;
    }
    const spec: AppendLogSpec<Leaf> = {
      sequenceField: 'leafIndex',
      idDigits: 4,
      fields: { leafIndex: { type: 'integer' }, leaf: { type: 'bytes' }, nodes: { type: 'bytesList' }, tag: { type: 'text' }, grantId: { type: 'text', optional: true } },
    };
    // As the driver answers: BinData as bson Binary, its buffer possibly larger than its content.
    const big = new Binary(Buffer.from('leaf-bytes-and-more'));
    big.position = 10;
    const fake = fakeCollection([{ _id: '0007', leafIndex: 7, leaf: big, nodes: [new Binary(Buffer.alloc(32, 1))], tag: 't', grantId: null }]);
    const touched = new Set<string>();
    const leaves = new MongoStoreCollection<Leaf>(fake.collection, { queries: 0 }, 'leaves', fake.atomically, touched, undefined, spec);
    const record = { id: '0008', leafIndex: 8, leaf: Buffer.from('x'), nodes: [Buffer.alloc(32, 2)], tag: 't' };
    await leaves.insertMany([record]);
    expect(fake.calls[0]!.args[0]).toEqual([{ _id: '0008', leafIndex: 8, leaf: Buffer.from('x'), nodes: [Buffer.alloc(32, 2)], tag: 't' }]);
    expect(fake.calls[0]!.inTransaction).toBe(true);

    const [read] = await leaves.find({ id: { $gte: '0007' } });
    expect(read).toEqual({ id: '0007', leafIndex: 7, leaf: Buffer.from('leaf-bytes'), nodes: [Buffer.alloc(32, 1)], tag: 't' });
    expect(Buffer.isBuffer(read!.leaf) && Buffer.isBuffer(read!.nodes[0])).toBe(true);
    await expect(leaves.find({ id: { $gte: '7' } })).rejects.toBeInstanceOf(StoreError);

    await expect(leaves.insert({ ...record, id: '8' })).rejects.toBeInstanceOf(StoreError);
    await expect(leaves.insert({ ...record, leaf: 'eA==' } as unknown as Leaf)).rejects.toBeInstanceOf(StoreError);
    await expect(leaves.update('0007', { tag: 'u' })).rejects.toBeInstanceOf(AppendOnlyError);
    await expect(leaves.upsert(record)).rejects.toBeInstanceOf(AppendOnlyError);
    await expect(leaves.delete('0007')).rejects.toBeInstanceOf(AppendOnlyError);
    await expect(leaves.deleteMany({ tag: 't' })).rejects.toBeInstanceOf(AppendOnlyError);
    expect(fake.calls.map((c) => c.method)).toEqual(['insertMany', 'find']);
    expect(touched.size).toBe(0);
  });

  it('rewrites the documents stored before a collection became an append log, in transactions, until none is left', async () => {
    interface Entry {
      id: string;
      n: number;
      body: Buffer;
    }
    const old = [{ _id: '01', n: 1, body: Buffer.from('one').toString('base64') }];
    const fake = fakeCollection(old);
    let finds = 0;
    // The first query finds the old document; once rewritten, nothing matches any more.
    (fake.collection as unknown as { find: (...args: unknown[]) => unknown }).find = (...args: unknown[]) => {
      fake.calls.push({ method: 'find', args, inTransaction: false });
      const answer = finds++ === 0 ? old : [];
      const cursor = { sort: () => cursor, skip: () => cursor, limit: () => cursor, toArray: async () => answer };
      return cursor;
    };
    const spec: AppendLogSpec<Entry> = {
      sequenceField: 'n',
      idDigits: 2,
      fields: { n: { type: 'integer' }, body: { type: 'bytes' } },
      fromDocument: (doc) => ({ id: doc.id as string, n: doc.n as number, body: Buffer.from(doc.body as string, 'base64') }),
    };
    const entries = new MongoStoreCollection<Entry>(fake.collection, { queries: 0 }, 'entries', fake.atomically, new Set(), undefined, spec);
    expect(await entries.migrateDocuments()).toBe(1);
    expect(fake.calls[0]!.args[0]).toEqual({ $or: [{ body: { $exists: true, $not: { $type: 'binData' } } }] });
    expect(fake.calls[1]).toMatchObject({ method: 'bulkWrite', inTransaction: true });
    expect(fake.calls[1]!.args[0]).toEqual([{ replaceOne: { filter: { _id: '01' }, replacement: { _id: '01', n: 1, body: Buffer.from('one') } } }]);
    expect(fake.calls.map((c) => c.method)).toEqual(['find', 'bulkWrite', 'find']);
  });
});
