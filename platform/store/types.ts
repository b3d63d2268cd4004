/**
 * The one store interface every subgraph uses (ARCHITECTURE §6). SQLite and MongoDB implement it identically;
 * a conformance suite (test/integration/store-conformance.test.ts) runs the same assertions against both.
 *
 * Filters are a small, typed subset of MongoDB's query language. Values are always scalars or lists of scalars:
 * no operator objects ever come from client input, so `{"$gt": ""}` sent as a string stays a string.
 */
export type Scalar = string | number | boolean | null;

export interface Operators {
  $in?: readonly Scalar[];
  $ne?: Scalar;
  $gt?: Scalar;
  $gte?: Scalar;
  $lt?: Scalar;
  $lte?: Scalar;
}

export type Condition = Scalar | Operators;

export interface Doc {
  id: string;
}

export type Filter<T> = { [K in keyof T & string]?: Condition };

export type SortDirection = 1 | -1;

export interface FindOptions<T> {
  sort?: Array<[keyof T & string, SortDirection]>;
  limit?: number;
  skip?: number;
}

/**
 * A collection of measurements over time (sensor readings). MongoDB stores it as a time-series collection
 * (`createCollection(name, {timeseries: {timeField, metaField, granularity}})`); SQLite as an ordinary table with an
 * index on (metaField, timeField). The contract is the same in both:
 * - the time field holds a normalised ISO 8601 string (`Date#toISOString()`), anything else is a StoreError;
 *   filters and sorts on it compare in time order;
 * - the collection is append-only: `insert`, `insertMany`, reads, `delete` and `deleteMany`; `update`, `upsert` and
 *   `upsertMany` throw a StoreError (MongoDB cannot update a time-series measurement in place);
 * - no `unique` indexes (MongoDB cannot build them on time-series collections); ids are still checked on insert
 *   (`insertMany({ignoreDuplicates})` skips ids already stored), but in MongoDB that check is a read before the write,
 *   so two writers racing with the same new id may both store it, and `insertMany` and `deleteMany` are not atomic
 *   there (time-series writes cannot run in a transaction). Readings tolerate both: a reading is keyed by
 *   (sensor, time) and re-sending it is harmless.
 */
export interface TimeSeriesSpec<T> {
  timeField: keyof T & string;
  /** What identifies the series (a sensor id); MongoDB buckets by it. */
  metaField?: keyof T & string;
  /** MongoDB's bucketing hint: how often one series gets a new measurement. */
  granularity?: 'seconds' | 'minutes' | 'hours';
}

/** The type of one field of an append-only log's records (AppendLogSpec). */
export type LogFieldType =
  /** A safe integer (a JavaScript number). */
  | 'integer'
  | 'text'
  /** Bytes: a Buffer at the interface, a BLOB in SQLite, BinData in MongoDB. */
  | 'bytes'
  /** A list of byte strings (Buffer[]); in SQLite one BLOB, each element prefixed by its length. */
  | 'bytesList';

export interface LogField {
  type: LogFieldType;
  /** Absent in some records (stored as NULL / left out); an index on it covers only the records that have it. */
  optional?: boolean;
}

/**
 * An append-only log (ARCHITECTURE §6: "append-only logs"): records numbered by an integer sequence field and
 * written once, with typed fields. SQLite keeps it as a table of typed columns (the sequence is the INTEGER PRIMARY
 * KEY, bytes are BLOBs) instead of JSON documents; MongoDB as ordinary documents with BinData. The contract:
 * - the id is the sequence number zero-padded to `idDigits` digits (`insert` refuses a record whose id is not);
 *   `get`, `getMany`, filters and sorts on `id` work as on any collection (ids order as their numbers);
 * - every field of the record is declared in `fields` with its type (a record with another field, or a value of
 *   another type, is a StoreError);
 * - `insert`, `insertMany` (all or nothing, `ignoreDuplicates` skips ids already stored), `get`, `getMany`, `find`
 *   and `count` as for documents; `update`, `upsert`, `upsertMany`, `delete` and `deleteMany` throw an
 *   AppendOnlyError: nothing in the product rewrites or removes a log record (erasure makes a citizen's entries
 *   unlinkable by deleting their key, not by touching the log).
 */
export interface AppendLogSpec<T> {
  /** The integer field that numbers the records (0, 1, 2, ...). */
  sequenceField: keyof T & string;
  idDigits: number;
  /** Every field except `id`, the sequence field included, with its type. */
  fields: { [K in Exclude<keyof T & string, 'id'>]-?: LogField };
  /**
   * Records that a document collection of this name holds from before it became an append log: each is converted
   * by this function and moved into the log's layout once, at open (SQLite: in one transaction, then the old table
   * is dropped; MongoDB: the documents are rewritten in place, in batches, each batch in a transaction). Idempotent:
   * opening again finds nothing left to move.
   */
  fromDocument?: (doc: Record<string, unknown>) => T;
}

export interface CollectionSpec<T> {
  name: string;
  /** Single-field or compound indexes, created at start-up. */
  indexes?: Array<(keyof T & string) | Array<keyof T & string>>;
  unique?: Array<Array<keyof T & string>>;
  /** Measurements over time: see TimeSeriesSpec for what changes. */
  timeSeries?: TimeSeriesSpec<T>;
  /** An append-only log of typed records: see AppendLogSpec for what changes. */
  appendLog?: AppendLogSpec<T>;
}

export interface UpsertOptions<T> {
  /**
   * Keep a stored document whose value of this (numeric) field is greater than or equal to the new document's:
   * a monotonic upsert, so that a slower writer can never move a head backwards.
   */
  keepHigher?: keyof T & string;
}

/**
 * Atomicity, as both adapters implement it (MongoDB with a multi-document transaction on a replica set):
 * - every method that writes several documents (`insertMany`, `upsertMany`, `deleteMany`) is all or nothing, and
 *   concurrent readers never see part of it (except on time-series collections, see TimeSeriesSpec);
 * - single-document methods (`insert`, `upsert`, `update`, `delete`) are atomic on their document;
 * - nothing is atomic across collections or across calls: callers order their writes so that a crash between two
 *   calls leaves a state they can recover from (the access log writes its entries before its head, for example).
 */
export interface Collection<T extends Doc> {
  readonly name: string;
  get(id: string): Promise<T | null>;
  /** Answers in the same order and length as `ids`, with `null` where a document is missing. */
  getMany(ids: readonly string[]): Promise<Array<T | null>>;
  find(filter?: Filter<T>, options?: FindOptions<T>): Promise<T[]>;
  count(filter?: Filter<T>): Promise<number>;
  /** Fails with a DuplicateKeyError when the id exists. */
  insert(doc: T): Promise<void>;
  /**
   * All or nothing: a duplicate id (or a duplicate on a unique index) anywhere in the batch fails it with a
   * DuplicateKeyError and leaves nothing inserted. With `ignoreDuplicates`, ids already stored are skipped and the
   * rest is inserted all or nothing; answers how many were inserted.
   */
  insertMany(docs: readonly T[], options?: { ignoreDuplicates?: boolean }): Promise<number>;
  upsert(doc: T, options?: UpsertOptions<T>): Promise<void>;
  /** All or nothing. */
  upsertMany(docs: readonly T[], options?: UpsertOptions<T>): Promise<void>;
  /** Shallow-merges `patch` into the document; answers whether it existed. */
  update(id: string, patch: Partial<Omit<T, 'id'>>): Promise<boolean>;
  delete(id: string): Promise<boolean>;
  /** All or nothing; answers how many were deleted. */
  deleteMany(filter: Filter<T>): Promise<number>;
}

export interface StoreStats {
  /** Every call that reaches the database counts one; tests use it to prove there is no N+1. */
  queries: number;
}

export interface Store {
  readonly kind: 'sqlite' | 'mongodb';
  readonly database: string;
  readonly stats: StoreStats;
  collection<T extends Doc>(spec: CollectionSpec<T>): Promise<Collection<T>>;
  ping(): Promise<void>;
  /**
   * Makes deletions final on disk as far as the engine can; used after erasure. SQLite (secure_delete on) checkpoints
   * and truncates the WAL, so no deleted content stays in the file or the WAL. MongoDB compacts the collections that
   * had deletions or overwrites since the last flush; it cannot scrub freed pages, the oplog or backups (docs/deploy.md,
   * "MongoDB"), which is why erasure is crypto-shredding and this is defence in depth.
   */
  flush(): Promise<void>;
  close(): Promise<void>;
}

export class StoreError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreError';
  }
}

export class DuplicateKeyError extends StoreError {
  constructor(collection: string, id: string) {
    super(`duplicate id in ${collection}: ${id}`);
    this.name = 'DuplicateKeyError';
  }
}

export class StoreUnavailableError extends StoreError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreUnavailableError';
  }
}

const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/** Field and collection names go into SQL and MongoDB paths: only plain identifiers are allowed. */
export function assertIdentifier(name: string): void {
  if (!FIELD_NAME.test(name)) throw new StoreError(`not a valid field or collection name: ${JSON.stringify(name)}`);
}

export function isOperators(condition: Condition): condition is Operators {
  return condition !== null && typeof condition === 'object' && !Array.isArray(condition);
}

/** Time-series time fields are normalised ISO 8601 strings: `toISOString()` of themselves. */
export function assertTimeValue(collection: string, field: string, value: unknown): string {
  if (typeof value === 'string') {
    const time = new Date(value);
    if (!Number.isNaN(time.getTime()) && time.toISOString() === value) return value;
  }
  throw new StoreError(`${collection}.${field} must be an ISO 8601 time as Date#toISOString() writes it, got ${JSON.stringify(value)}`);
}

/** Checks a collection spec the same way in both adapters. */
export function assertSpec<T>(spec: CollectionSpec<T>): void {
  assertIdentifier(spec.name);
  if (spec.appendLog) assertAppendLogSpec(spec);
  const ts = spec.timeSeries;
  if (!ts) return;
  assertIdentifier(ts.timeField);
  if (ts.metaField) assertIdentifier(ts.metaField);
  if (ts.timeField === 'id' || ts.metaField === 'id') throw new StoreError(`${spec.name}: the id cannot be a time-series field`);
  if (spec.unique?.length) throw new StoreError(`${spec.name}: a time-series collection cannot have unique indexes`);
}

export class AppendOnlyError extends StoreError {
  constructor(collection: string, operation: string, kind: 'time-series collection' | 'append-only log' = 'time-series collection') {
    super(`${collection} is a ${kind}: ${operation} is not supported (append-only)`);
    this.name = 'AppendOnlyError';
  }
}

function assertAppendLogSpec<T>(spec: CollectionSpec<T>): void {
  const log = spec.appendLog!;
  if (spec.timeSeries) throw new StoreError(`${spec.name}: a collection is either a time series or an append log`);
  if (!Number.isInteger(log.idDigits) || log.idDigits < 1 || log.idDigits > 15) throw new StoreError(`${spec.name}: idDigits must be an integer from 1 to 15`);
  const fields = log.fields as Record<string, LogField | undefined>;
  for (const [field, declared] of Object.entries(fields)) {
    assertIdentifier(field);
    if (field === 'id') throw new StoreError(`${spec.name}: the id is not a declared field of an append log`);
    if (!declared || !['integer', 'text', 'bytes', 'bytesList'].includes(declared.type)) throw new StoreError(`${spec.name}.${field}: unknown field type`);
  }
  const sequence = fields[log.sequenceField];
  if (!sequence || sequence.type !== 'integer' || sequence.optional) throw new StoreError(`${spec.name}: the sequence field must be a declared, required integer`);
  for (const index of [...(spec.indexes ?? []), ...(spec.unique ?? [])]) {
    for (const field of Array.isArray(index) ? index : [index]) {
      if (field !== 'id' && !fields[field]) throw new StoreError(`${spec.name}: index on undeclared field ${String(field)}`);
      if (fields[field]?.type === 'bytes' || fields[field]?.type === 'bytesList') throw new StoreError(`${spec.name}: cannot index bytes field ${String(field)}`);
    }
  }
}

/** An append log's id for a sequence number: the number zero-padded. */
export function logId(sequence: number, digits: number): string {
  return String(sequence).padStart(digits, '0');
}

/** The sequence number an append log's id stands for, or null when the text is not such an id. */
export function logSequence(id: unknown, digits: number): number | null {
  if (typeof id !== 'string' || id.length !== digits) return null;
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i);
    if (c < 48 || c > 57) return null;
  }
  return Number(id);
}

/**
 * Checks one record against an append log's declared fields; throws a StoreError. Every appended record passes here,
 * so the declared fields are walked as an array and undeclared ones are found by counting keys.
 */
export function assertLogRecord<T>(collection: string, log: AppendLogSpec<T>, doc: Record<string, unknown>): void {
  const fields = log.fields as Record<string, LogField>;
  let declaredKeys = 0;
  for (const field in fields) {
    const declared = fields[field]!;
    const value = doc[field];
    if (value === undefined || value === null) {
      if (!declared.optional) throw new StoreError(`${collection}.${field} is required`);
      if (field in doc) declaredKeys++;
      continue;
    }
    declaredKeys++;
    const ok =
      declared.type === 'integer'
        ? Number.isSafeInteger(value)
        : declared.type === 'text'
          ? typeof value === 'string'
          : declared.type === 'bytes'
            ? value instanceof Uint8Array
            : Array.isArray(value) && value.every((v) => v instanceof Uint8Array && v.length < 65536);
    if (!ok) throw new StoreError(`${collection}.${field} must be ${declared.type}`);
  }
  if (Object.keys(doc).length !== declaredKeys + ('id' in doc ? 1 : 0)) {
    const extra = Object.keys(doc).find((key) => key !== 'id' && !fields[key]);
    throw new StoreError(`${collection}: undeclared field ${extra}`);
  }
  const sequence = doc[log.sequenceField] as number;
  if (sequence < 0 || String(sequence).length > log.idDigits || doc.id !== logId(sequence, log.idDigits)) {
    throw new StoreError(`${collection}: the id must be ${log.sequenceField} zero-padded to ${log.idDigits} digits`);
  }
}
