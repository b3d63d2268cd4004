import {
  Binary,
  MongoClient,
  MongoServerError,
  WriteConcern,
  type AnyBulkWriteOperation,
  type ClientSession,
  type Collection as MongoCollection,
  type Db,
  type Document,
} from 'mongodb';
import {
  AppendOnlyError,
  assertIdentifier,
  assertLogRecord,
  assertTypedPatch,
  assertTypedRecord,
  assertSpec,
  assertTimeValue,
  DuplicateKeyError,
  isOperators,
  logSequence,
  StoreError,
  StoreUnavailableError,
  type Collection,
  type AppendLogSpec,
  type CollectionSpec,
  type Condition,
  type Doc,
  type Filter,
  type FindOptions,
  type LogField,
  type RecordField,
  type RecordFields,
  type Scalar,
  type Store,
  type StoreStats,
  type TimeSeriesSpec,
  type UpsertOptions,
} from './types.js';

/**
 * MongoDB adapter (driver 7.x, server 7.0 or later): one database per subgraph, documents keyed by `_id` = the
 * document's id.
 *
 * - **Replica set only.** Every multi-document write runs in a transaction (`ClientSession#withTransaction`), which
 *   MongoDB offers on replica sets and sharded clusters, never on a standalone server: `connect` asks `hello` and
 *   refuses a standalone with a StoreError saying so (docs/deploy.md, "MongoDB", shows a one-node replica set).
 * - **Durability.** A store opened with `durableWrites` (the consent store, which holds the access log) writes with
 *   `{w: 'majority', journal: true}`: on the database's default write concern and on every transaction's commit
 *   (inside a transaction the driver sends the write concern with `commitTransaction` only).
 * - **Time series.** A spec with `timeSeries` becomes a time-series collection; the time field is a BSON date in
 *   MongoDB and an ISO 8601 string at the interface. Time-series writes cannot run in transactions: see
 *   TimeSeriesSpec for what that changes.
 * - **Append logs.** A spec with `appendLog` is an ordinary collection (`_id` = the zero-padded sequence, which
 *   sorts as the number does) whose bytes fields are BinData; records are checked against the declared fields on
 *   insert and never updated or deleted (AppendLogSpec).
 */

/** Bytes as the driver hands them back (BSON Binary) or as written (a Buffer), as a Buffer (no copy). */
export function bytesOf(value: unknown): Buffer {
  if (Buffer.isBuffer(value)) return value;
  if (value instanceof Binary) return Buffer.from(value.buffer.buffer, value.buffer.byteOffset, value.position);
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  throw new StoreError('a stored bytes field is not binary data');
}

interface Stored {
  _id: string;
  [field: string]: unknown;
}

export interface MongoStoreOptions {
  /** `{w: 'majority', journal: true}` for every write; the consent store sets it. */
  durableWrites: boolean;
}

const DUPLICATE_KEY = 11000;
const NAMESPACE_EXISTS = 48;

function isDuplicate(error: unknown): boolean {
  if (!(error instanceof MongoServerError)) return false;
  if (error.code === DUPLICATE_KEY) return true;
  const writeErrors = (error as { writeErrors?: unknown }).writeErrors;
  const list = Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : [];
  return list.some((e) => (e as { code?: number }).code === DUPLICATE_KEY);
}

/** Writes in one transaction; the driver retries the callback on transient errors, so callbacks are idempotent. */
export type Atomically = <R>(work: (session: ClientSession) => Promise<R>) => Promise<R>;

/** One collection; exported for the unit tests, which drive it over a recording fake of the driver's collection. */
export class MongoStoreCollection<T extends Doc> implements Collection<T> {
  constructor(
    private readonly collection: MongoCollection<Stored>,
    private readonly stats: StoreStats,
    readonly name: string,
    private readonly atomically: Atomically,
    private readonly touched: Set<string>,
    private readonly timeSeries: TimeSeriesSpec<T> | undefined,
    private readonly appendLog?: AppendLogSpec<T>,
    private readonly fields?: RecordFields<T>,
  ) {}

  // ---- mapping between the interface's documents and stored ones ----

  private key(field: string): string {
    return field === 'id' ? '_id' : field;
  }

  /** A scalar in a filter: the time field of a time-series collection is compared as a date. */
  private value(field: string, value: Scalar): unknown {
    if (this.appendLog && field === 'id' && logSequence(value, this.appendLog.idDigits) === null) {
      throw new StoreError(`${this.name}: ${JSON.stringify(value)} is not an id of this log`);
    }
    if (this.timeSeries && field === this.timeSeries.timeField && value !== null) {
      return new Date(assertTimeValue(this.name, field, value));
    }
    return value;
  }

  private filter(filter: Filter<T> | undefined): Document {
    const out: Document = {};
    for (const [field, condition] of Object.entries(filter ?? {}) as Array<[string, Condition | undefined]>) {
      if (condition === undefined) continue;
      assertIdentifier(field);
      const key = this.key(field);
      if (!isOperators(condition)) {
        // `$eq` keeps a value that looks like an operator object a plain value, whatever reaches here.
        out[key] = { $eq: this.value(field, condition) };
        continue;
      }
      const ops: Document = {};
      for (const op of ['$ne', '$gt', '$gte', '$lt', '$lte'] as const) {
        if (condition[op] !== undefined) ops[op] = this.value(field, condition[op]);
      }
      if (condition.$in !== undefined) ops.$in = condition.$in.map((v) => this.value(field, v));
      out[key] = ops;
    }
    return out;
  }

  private toStored(doc: T): Stored {
    if (this.appendLog) assertLogRecord(this.name, this.appendLog, doc as unknown as Record<string, unknown>);
    if (this.fields) assertTypedRecord(this.name, { fields: this.fields, timeSeries: this.timeSeries }, doc as unknown as Record<string, unknown>);
    const { id, ...rest } = doc as T & Record<string, unknown>;
    const stored: Stored = { _id: id, ...rest };
    if (this.timeSeries) {
      const field = this.timeSeries.timeField;
      stored[field] = new Date(assertTimeValue(this.name, field, stored[field]));
    }
    return stored;
  }

  private fromStored(stored: Document | null): T | null {
    if (!stored) return null;
    const { _id, ...rest } = stored;
    if (this.appendLog) {
      for (const [field, declared] of Object.entries(this.appendLog.fields as Record<string, LogField>)) {
        const value = rest[field];
        if (value === undefined || value === null) delete rest[field];
        else if (declared.type === 'bytes') rest[field] = bytesOf(value);
        else if (declared.type === 'bytesList') rest[field] = (value as unknown[]).map(bytesOf);
      }
    }
    if (this.fields) {
      // As SQLite's typed layout reads them back: an optional field left out, a nullable one null.
      for (const [field, declared] of Object.entries(this.fields as Record<string, RecordField>)) {
        if (rest[field] !== undefined && rest[field] !== null) continue;
        if (declared.nullable) rest[field] = null;
        else delete rest[field];
      }
    }
    if (this.timeSeries) {
      const value = rest[this.timeSeries.timeField];
      if (value instanceof Date) rest[this.timeSeries.timeField] = value.toISOString();
    }
    return { id: _id as string, ...rest } as unknown as T;
  }

  private appendOnly(operation: string): void {
    if (this.timeSeries) throw new AppendOnlyError(this.name, operation);
    if (this.appendLog) throw new AppendOnlyError(this.name, operation, 'append-only log');
  }

  /** Append logs are never rewritten or shortened; time series may lose old measurements. */
  private noLogDeletes(): void {
    if (this.appendLog) throw new AppendOnlyError(this.name, 'delete', 'append-only log');
  }

  /**
   * AppendLogSpec.fromDocument: rewrites, in batches of 500 (each in a transaction), the documents stored before this
   * collection was an append log, recognised by a declared bytes field that is not BinData. Idempotent: a rewritten
   * document no longer matches.
   */
  async migrateDocuments(): Promise<number> {
    const log = this.appendLog;
    if (!log?.fromDocument) return 0;
    const bytesFields = Object.entries(log.fields as Record<string, LogField>).filter(([, f]) => f.type === 'bytes').map(([name]) => name);
    if (bytesFields.length === 0) return 0;
    const old = { $or: bytesFields.map((f) => ({ [f]: { $exists: true, $not: { $type: 'binData' } } })) };
    let moved = 0;
    for (;;) {
      const batch = await this.collection.find(old).limit(500).toArray();
      if (batch.length === 0) return moved;
      const replacements = batch.map((stored) => {
        const { _id, ...rest } = stored;
        return this.toStored(log.fromDocument!({ id: _id, ...rest }));
      });
      await this.atomically((session) =>
        this.collection.bulkWrite(
          replacements.map((doc) => ({ replaceOne: { filter: { _id: doc._id }, replacement: doc } })),
          { ordered: true, session },
        ),
      );
      moved += batch.length;
    }
  }

  /**
   * Collections with deletions or overwrites since the last flush (their old versions sit in freed pages). Time
   * series are left out: they hold no personal data, and `compact` works on their buckets, not on the collection.
   */
  private touch(): void {
    if (!this.timeSeries) this.touched.add(this.name);
  }

  /**
   * Time-series collections have no unique `_id` index: the ids of a batch that are already stored, found by one
   * query narrowed by the series and time range so that it uses the collection's (meta, time) bucket index.
   */
  private async storedIds(docs: readonly T[]): Promise<Set<string>> {
    const ts = this.timeSeries!;
    const query: Document = { _id: { $in: docs.map((d) => d.id) } };
    const times = docs.map((d) => (d as Record<string, unknown>)[ts.timeField] as string).sort();
    query[ts.timeField] = { $gte: new Date(times[0]!), $lte: new Date(times[times.length - 1]!) };
    if (ts.metaField) query[ts.metaField] = { $in: [...new Set(docs.map((d) => (d as Record<string, unknown>)[ts.metaField!]))] };
    const found = await this.collection.find(query, { projection: { _id: 1 } }).toArray();
    return new Set(found.map((d) => d._id as string));
  }

  // ---- reads ----

  async get(id: string): Promise<T | null> {
    this.stats.queries++;
    return this.fromStored(await this.collection.findOne({ _id: { $eq: id } }));
  }

  async getMany(ids: readonly string[]): Promise<Array<T | null>> {
    if (ids.length === 0) return [];
    this.stats.queries++;
    const found = new Map<string, T>();
    for (const stored of await this.collection.find({ _id: { $in: [...ids] } }).toArray()) {
      const doc = this.fromStored(stored);
      if (doc) found.set(doc.id, doc);
    }
    return ids.map((id) => found.get(id) ?? null);
  }

  async find(filter?: Filter<T>, options: FindOptions<T> = {}): Promise<T[]> {
    this.stats.queries++;
    let cursor = this.collection.find(this.filter(filter));
    if (options.sort?.length) {
      cursor = cursor.sort(options.sort.map(([field, dir]) => [this.key(field), dir] as [string, 1 | -1]));
    }
    if (options.skip) cursor = cursor.skip(options.skip);
    if (options.limit !== undefined) cursor = cursor.limit(options.limit);
    return (await cursor.toArray()).map((stored) => this.fromStored(stored) as T);
  }

  async count(filter?: Filter<T>): Promise<number> {
    this.stats.queries++;
    return this.collection.countDocuments(this.filter(filter));
  }

  // ---- writes ----

  async insert(doc: T): Promise<void> {
    const stored = this.toStored(doc);
    this.stats.queries++;
    if (this.timeSeries && (await this.storedIds([doc])).size > 0) throw new DuplicateKeyError(this.name, doc.id);
    try {
      await this.collection.insertOne(stored);
    } catch (error) {
      if (isDuplicate(error)) throw new DuplicateKeyError(this.name, doc.id);
      throw error;
    }
  }

  async insertMany(docs: readonly T[], options: { ignoreDuplicates?: boolean } = {}): Promise<number> {
    if (docs.length === 0) return 0;
    const stored = docs.map((doc) => this.toStored(doc));
    this.stats.queries++;
    if (this.timeSeries) return this.insertManyTimeSeries(docs, stored, options);
    try {
      if (options.ignoreDuplicates) {
        // One upsert per document that inserts only when the id is new; in a transaction, so that the new ones are
        // all inserted or none. A concurrent insert of the same id is a write conflict the driver retries.
        const operations: AnyBulkWriteOperation<Stored>[] = stored.map(({ _id, ...rest }) => ({
          updateOne: { filter: { _id }, update: { $setOnInsert: rest }, upsert: true },
        }));
        return await this.atomically(async (session) => (await this.collection.bulkWrite(operations, { ordered: true, session })).upsertedCount);
      }
      return await this.atomically(async (session) => (await this.collection.insertMany(stored, { ordered: true, session })).insertedCount);
    } catch (error) {
      if (isDuplicate(error)) throw new DuplicateKeyError(this.name, '(batch)');
      throw error;
    }
  }

  /** Not in a transaction (MongoDB forbids time-series writes there): ids are checked first, then one insert. */
  private async insertManyTimeSeries(docs: readonly T[], stored: Stored[], options: { ignoreDuplicates?: boolean }): Promise<number> {
    const existing = await this.storedIds(docs);
    const seen = new Set<string>();
    const fresh: Stored[] = [];
    for (const doc of stored) {
      if (existing.has(doc._id) || seen.has(doc._id)) {
        if (!options.ignoreDuplicates) throw new DuplicateKeyError(this.name, doc._id);
        continue;
      }
      seen.add(doc._id);
      fresh.push(doc);
    }
    if (fresh.length === 0) return 0;
    return (await this.collection.insertMany(fresh, { ordered: true })).insertedCount;
  }

  async upsert(doc: T, options?: UpsertOptions<T>): Promise<void> {
    await this.upsertMany([doc], options);
  }

  async upsertMany(docs: readonly T[], options: UpsertOptions<T> = {}): Promise<void> {
    this.appendOnly('upsert');
    if (docs.length === 0) return;
    const stored = docs.map((doc) => this.toStored(doc));
    this.stats.queries++;
    this.touch();
    // Upsert filters name the id as a plain value (an equality MongoDB seeds the new document with); ids are strings,
    // which a filter never reads as operators.
    const higher = options.keepHigher;
    if (higher) assertIdentifier(higher);
    const operations: AnyBulkWriteOperation<Stored>[] = stored.map((doc) =>
      higher
        ? {
            // One pipeline update: replace the stored document only when its field is missing or lower. An upsert
            // starts from `{_id}`, whose missing field compares lower than any number. `$literal` keeps stored
            // strings that begin with `$` from being read as field paths.
            updateOne: {
              filter: { _id: doc._id },
              update: [{ $replaceWith: { $cond: { if: { $lt: [`$${higher}`, { $literal: doc[higher] }] }, then: { $literal: doc }, else: '$$ROOT' } } }],
              upsert: true,
            },
          }
        : { replaceOne: { filter: { _id: doc._id }, replacement: doc, upsert: true } },
    );
    await this.atomically((session) => this.collection.bulkWrite(operations, { ordered: true, session }));
  }

  async update(id: string, patch: Partial<Omit<T, 'id'>>): Promise<boolean> {
    this.appendOnly('update');
    this.stats.queries++;
    this.touch();
    if (this.fields) assertTypedPatch(this.name, this.fields as Record<string, RecordField>, patch as Record<string, unknown>);
    const { id: _ignored, ...fields } = patch as Record<string, unknown>;
    if (Object.keys(fields).length === 0) return (await this.collection.countDocuments({ _id: { $eq: id } }, { limit: 1 })) > 0;
    const result = await this.collection.updateOne({ _id: { $eq: id } }, { $set: fields });
    return result.matchedCount > 0;
  }

  async delete(id: string): Promise<boolean> {
    this.noLogDeletes();
    this.stats.queries++;
    this.touch();
    return (await this.collection.deleteOne({ _id: { $eq: id } })).deletedCount > 0;
  }

  async deleteMany(filter: Filter<T>): Promise<number> {
    this.noLogDeletes();
    const query = this.filter(filter);
    this.stats.queries++;
    this.touch();
    if (this.timeSeries) return (await this.collection.deleteMany(query)).deletedCount;
    return this.atomically(async (session) => (await this.collection.deleteMany(query, { session })).deletedCount);
  }
}

/**
 * What is wrong with the deployment a `hello` answer describes, if anything: a replica set member answers `setName`,
 * a mongos answers `msg: 'isdbgrid'`; anything else is a standalone server, which cannot run transactions.
 */
export function deploymentProblem(hello: Document): string | undefined {
  if (typeof hello.setName === 'string' || hello.msg === 'isdbgrid') return undefined;
  return (
    'MongoDB is a standalone server; citygraph needs a replica set (a single-node one will do) because its store ' +
    'writes in transactions. Start mongod with --replSet and run rs.initiate(), then name the set in ' +
    'MONGODB_URI (?replicaSet=...). See docs/deploy.md, "MongoDB".'
  );
}

export class MongoStore implements Store {
  readonly kind = 'mongodb' as const;
  readonly stats: StoreStats = { queries: 0 };
  private readonly db: Db;
  private readonly writeConcern: WriteConcern | undefined;
  private readonly collections = new Map<string, Collection<Doc>>();
  private readonly touched = new Set<string>();

  private constructor(
    private readonly client: MongoClient,
    readonly database: string,
    options: MongoStoreOptions,
    /** Behind a mongos, `compact` has to be run on each shard by an operator: flush() cannot reach them. */
    private readonly sharded: boolean,
  ) {
    this.writeConcern = options.durableWrites ? new WriteConcern('majority', undefined, true) : undefined;
    this.db = client.db(database, this.writeConcern ? { writeConcern: { w: 'majority', journal: true } } : {});
  }

  /**
   * Connects and checks the deployment: a replica set member (`hello` answers `setName`) or a mongos (`msg:
   * 'isdbgrid'`). A standalone server cannot run transactions, so it is refused here rather than at the first write.
   */
  static async connect(uri: string, database: string, options: MongoStoreOptions): Promise<MongoStore> {
    assertIdentifier(database);
    const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5000, appName: `citygraph-${database}` });
    try {
      await client.connect();
    } catch (error) {
      await client.close().catch(() => undefined);
      throw new StoreUnavailableError(`MongoDB is not reachable for ${database}: ${(error as Error).message}`, { cause: error });
    }
    const hello = await client.db('admin').command({ hello: 1 });
    const problem = deploymentProblem(hello);
    if (problem) {
      await client.close();
      throw new StoreError(problem);
    }
    return new MongoStore(client, database, options, hello.msg === 'isdbgrid');
  }

  private readonly atomically: Atomically = (work) =>
    this.client.withSession((session) =>
      session.withTransaction(() => work(session), {
        readConcern: { level: 'snapshot' },
        ...(this.writeConcern ? { writeConcern: this.writeConcern } : { writeConcern: new WriteConcern('majority') }),
      }),
    );

  async collection<T extends Doc>(spec: CollectionSpec<T>): Promise<Collection<T>> {
    assertSpec(spec);
    const existing = this.collections.get(spec.name);
    if (existing) return existing as unknown as Collection<T>;
    // Created here, outside any transaction: writes in a transaction then never have to create it implicitly.
    if (spec.timeSeries) await this.ensureTimeSeries(spec.name, spec.timeSeries);
    else await this.ensureCollection(spec.name);
    const collection = this.db.collection<Stored>(spec.name);
    const key = (field: string) => (field === 'id' ? '_id' : field);
    for (const index of spec.indexes ?? []) {
      const fields = Array.isArray(index) ? index : [index];
      await collection.createIndex(Object.fromEntries(fields.map((f) => [key(f), 1])));
    }
    // A unique index over only the records lacking a field (AppendLogSpec.uniqueWhereAbsent) covers every record
    // here: MongoDB's partial indexes cannot select a field's absence, and the contract keeps the fields unique anyway.
    const onlyWhereAbsent = spec.appendLog?.uniqueWhereAbsent;
    for (const fields of [...(spec.unique ?? []), ...(onlyWhereAbsent ? [onlyWhereAbsent.fields] : [])]) {
      await collection.createIndex(Object.fromEntries(fields.map((f) => [key(f), 1])), { unique: true });
    }
    const created = new MongoStoreCollection<T>(collection, this.stats, spec.name, this.atomically, this.touched, spec.timeSeries, spec.appendLog, spec.fields);
    await created.migrateDocuments();
    this.collections.set(spec.name, created as unknown as Collection<Doc>);
    return created;
  }

  private async ensureCollection(name: string): Promise<void> {
    try {
      await this.db.createCollection(name);
    } catch (error) {
      if (!(error instanceof MongoServerError && error.code === NAMESPACE_EXISTS)) throw error;
    }
  }

  /** Creates the time-series collection once; refuses an existing ordinary collection of that name. */
  private async ensureTimeSeries<T>(name: string, ts: TimeSeriesSpec<T>): Promise<void> {
    const [info] = await this.db.listCollections({ name }).toArray();
    if (info) {
      if (info.type !== 'timeseries') throw new StoreError(`${this.database}.${name} exists but is not a time-series collection; migrate it first`);
      return;
    }
    try {
      await this.db.createCollection(name, {
        timeseries: { timeField: ts.timeField, ...(ts.metaField ? { metaField: ts.metaField } : {}), granularity: ts.granularity ?? 'seconds' },
      });
    } catch (error) {
      // Another instance created it first.
      if (!(error instanceof MongoServerError && error.code === NAMESPACE_EXISTS)) throw error;
    }
  }

  async ping(): Promise<void> {
    await this.db.command({ ping: 1 });
  }

  /**
   * Deletions are durable once acknowledged (`journal: true` on the consent store). What is left is the deleted
   * bytes in WiredTiger's freed blocks: `compact` (online since 4.4, `force` to run it on the primary) rewrites each
   * collection that had deletions or overwrites since the last flush and returns free space to the file system. It
   * runs on the primary only and does not overwrite the freed blocks; secondaries, the oplog, journal files and
   * backups keep what they keep (docs/deploy.md, "MongoDB"). Needs the `compact` action (dbAdmin on the database).
   * Through a mongos there is nothing to compact from here: operators compact each shard's members.
   */
  async flush(): Promise<void> {
    const names = [...this.touched];
    this.touched.clear();
    if (this.sharded) return;
    for (const name of names) {
      try {
        await this.db.command({ compact: name, force: true });
      } catch (error) {
        this.touched.add(name);
        throw new StoreError(`compact ${this.database}.${name} failed: ${(error as Error).message}`, { cause: error });
      }
    }
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}
