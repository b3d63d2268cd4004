import { MongoClient, MongoServerError, type Collection as MongoCollection, type Db, type Document } from 'mongodb';
import {
  assertIdentifier,
  DuplicateKeyError,
  isOperators,
  type Collection,
  type CollectionSpec,
  type Doc,
  type Filter,
  type FindOptions,
  type Store,
  type StoreStats,
} from './types.js';

type Stored<T> = Omit<T, 'id'> & { _id: string };

function toMongoFilter<T>(filter: Filter<T> | undefined): Document {
  const out: Document = {};
  for (const [field, condition] of Object.entries(filter ?? {}) as Array<[string, Filter<T>[keyof Filter<T>]]>) {
    if (condition === undefined) continue;
    assertIdentifier(field);
    const key = field === 'id' ? '_id' : field;
    if (!isOperators(condition)) {
      out[key] = condition;
      continue;
    }
    const ops: Document = {};
    for (const op of ['$in', '$ne', '$gt', '$gte', '$lt', '$lte'] as const) {
      if (condition[op] !== undefined) ops[op] = condition[op];
    }
    out[key] = ops;
  }
  return out;
}

function fromStored<T extends Doc>(stored: Document | null): T | null {
  if (!stored) return null;
  const { _id, ...rest } = stored;
  return { id: _id as string, ...rest } as unknown as T;
}

function toStored<T extends Doc>(doc: T): Stored<T> {
  const { id, ...rest } = doc;
  return { _id: id, ...rest } as Stored<T>;
}

function isDuplicate(error: unknown): boolean {
  return error instanceof MongoServerError && error.code === 11000;
}

/** MongoDB adapter: one database per subgraph, documents keyed by `_id` = the document's id. */
class MongoStoreCollection<T extends Doc> implements Collection<T> {
  constructor(
    private readonly collection: MongoCollection<Document>,
    private readonly stats: StoreStats,
    readonly name: string,
  ) {}

  async get(id: string): Promise<T | null> {
    this.stats.queries++;
    return fromStored<T>(await this.collection.findOne({ _id: id } as Document));
  }

  async getMany(ids: readonly string[]): Promise<Array<T | null>> {
    if (ids.length === 0) return [];
    this.stats.queries++;
    const found = new Map<string, T>();
    for (const stored of await this.collection.find({ _id: { $in: [...ids] } } as Document).toArray()) {
      const doc = fromStored<T>(stored);
      if (doc) found.set(doc.id, doc);
    }
    return ids.map((id) => found.get(id) ?? null);
  }

  async find(filter?: Filter<T>, options: FindOptions<T> = {}): Promise<T[]> {
    this.stats.queries++;
    let cursor = this.collection.find(toMongoFilter(filter));
    if (options.sort?.length) {
      cursor = cursor.sort(options.sort.map(([field, dir]) => [field === 'id' ? '_id' : field, dir] as [string, 1 | -1]));
    }
    if (options.skip) cursor = cursor.skip(options.skip);
    if (options.limit !== undefined) cursor = cursor.limit(options.limit);
    return (await cursor.toArray()).map((stored) => fromStored<T>(stored) as T);
  }

  async count(filter?: Filter<T>): Promise<number> {
    this.stats.queries++;
    return this.collection.countDocuments(toMongoFilter(filter));
  }

  async insert(doc: T): Promise<void> {
    this.stats.queries++;
    try {
      await this.collection.insertOne(toStored(doc) as Document);
    } catch (error) {
      if (isDuplicate(error)) throw new DuplicateKeyError(this.name, doc.id);
      throw error;
    }
  }

  async insertMany(docs: readonly T[], options: { ignoreDuplicates?: boolean } = {}): Promise<number> {
    if (docs.length === 0) return 0;
    this.stats.queries++;
    if (options.ignoreDuplicates) {
      const result = await this.collection.bulkWrite(
        docs.map((doc) => ({ updateOne: { filter: { _id: doc.id } as Document, update: { $setOnInsert: toStored(doc) }, upsert: true } })),
        { ordered: false },
      );
      return result.upsertedCount;
    }
    try {
      const result = await this.collection.insertMany(docs.map((doc) => toStored(doc) as Document), { ordered: true });
      return result.insertedCount;
    } catch (error) {
      if (isDuplicate(error)) throw new DuplicateKeyError(this.name, '(batch)');
      throw error;
    }
  }

  async upsert(doc: T): Promise<void> {
    await this.upsertMany([doc]);
  }

  async upsertMany(docs: readonly T[]): Promise<void> {
    if (docs.length === 0) return;
    this.stats.queries++;
    await this.collection.bulkWrite(
      docs.map((doc) => ({ replaceOne: { filter: { _id: doc.id } as Document, replacement: toStored(doc) as Document, upsert: true } })),
      { ordered: true },
    );
  }

  async update(id: string, patch: Partial<Omit<T, 'id'>>): Promise<boolean> {
    this.stats.queries++;
    const { id: _ignored, ...fields } = patch as Record<string, unknown>;
    const result = await this.collection.updateOne({ _id: id } as Document, { $set: fields });
    return result.matchedCount > 0;
  }

  async delete(id: string): Promise<boolean> {
    this.stats.queries++;
    return (await this.collection.deleteOne({ _id: id } as Document)).deletedCount > 0;
  }

  async deleteMany(filter: Filter<T>): Promise<number> {
    this.stats.queries++;
    return (await this.collection.deleteMany(toMongoFilter(filter))).deletedCount;
  }
}

export class MongoStore implements Store {
  readonly kind = 'mongodb' as const;
  readonly stats: StoreStats = { queries: 0 };
  private readonly db: Db;

  private constructor(
    private readonly client: MongoClient,
    readonly database: string,
    majorityWrites: boolean,
  ) {
    this.db = client.db(database, majorityWrites ? { writeConcern: { w: 'majority' } } : {});
  }

  /** Consent and access-log data is written with `w: majority` (ARCHITECTURE §6). */
  static async connect(uri: string, database: string, options: { majorityWrites: boolean }): Promise<MongoStore> {
    const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5000, appName: `citygraph-${database}` });
    await client.connect();
    return new MongoStore(client, database, options.majorityWrites);
  }

  async collection<T extends Doc>(spec: CollectionSpec<T>): Promise<Collection<T>> {
    assertIdentifier(spec.name);
    const collection = this.db.collection<Document>(spec.name);
    for (const index of spec.indexes ?? []) {
      const fields = Array.isArray(index) ? index : [index];
      await collection.createIndex(Object.fromEntries(fields.map((f) => [f === 'id' ? '_id' : f, 1])));
    }
    for (const fields of spec.unique ?? []) {
      await collection.createIndex(Object.fromEntries(fields.map((f) => [f === 'id' ? '_id' : f, 1])), { unique: true });
    }
    return new MongoStoreCollection<T>(collection, this.stats, spec.name);
  }

  async ping(): Promise<void> {
    await this.db.command({ ping: 1 });
  }

  /** MongoDB applies deletions itself; with `w: majority` they are durable once acknowledged. */
  async flush(): Promise<void> {}

  async close(): Promise<void> {
    await this.client.close();
  }
}
