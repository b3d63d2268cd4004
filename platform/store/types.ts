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
  /**
   * A unique index over only the records that lack the optional field `absent`: SQLite builds it as a partial index
   * (`WHERE <absent> IS NULL`), which a `find` uses when its filter has `<absent>: null`, and which costs nothing
   * on the other records' writes. MongoDB cannot index a field's absence and indexes every record; so the contract is
   * that callers keep `fields` unique over all records as well, and then both adapters refuse the same writes.
   */
  uniqueWhereAbsent?: { fields: Array<keyof T & string>; absent: keyof T & string };
}

/** The type of one field of a typed collection's records (CollectionSpec.fields). */
export type RecordFieldType = LogFieldType | 'number' | 'boolean';

export interface RecordField {
  type: RecordFieldType;
  /** Absent in some records: written as NULL (or left out), read back absent. */
  optional?: boolean;
  /** `null` in some records: written as NULL, read back `null`. A field is optional or nullable, not both. */
  nullable?: boolean;
}

/** Every field of a typed collection's records except `id`, with its type. */
export type RecordFields<T> = { [K in Exclude<keyof T & string, 'id'>]-?: RecordField };

export interface CollectionSpec<T> {
  name: string;
  /**
   * Typed records: every field except `id` declared with its type. A record with another field, a missing required
   * field or a value of another type is a StoreError on write, in both adapters. SQLite keeps the collection as a
   * STRICT table of typed columns instead of JSON documents (no JSON on any write or read); MongoDB as ordinary
   * documents. With `timeSeries` and a `metaField`, a measurement is identified by its series and time: its id must be
   * `seriesId(meta, time)` (SQLite then keys the table by the pair and stores no id). Documents a collection of this
   * name held as JSON documents are moved into the typed layout once, at open (SQLite; declared fields only).
   */
  fields?: RecordFields<T>;
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
  if (typeof value === 'string' && (isCanonicalIsoTime(value) || (value.length !== 24 && roundTrips(value)))) return value;
  throw new StoreError(`${collection}.${field} must be an ISO 8601 time as Date#toISOString() writes it, got ${JSON.stringify(value)}`);
}

function roundTrips(value: string): boolean {
  const time = new Date(value);
  return !Number.isNaN(time.getTime()) && time.toISOString() === value;
}

/** The number two ASCII digits at `at` stand for (already checked to be digits). */
function twoDigits(value: string, at: number): number {
  return (value.charCodeAt(at) - 48) * 10 + value.charCodeAt(at + 1) - 48;
}

const DIGIT_POSITIONS = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18, 20, 21, 22];
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Whether `value` is what `toISOString()` writes for a year from 0000 to 9999 (`YYYY-MM-DDTHH:MM:SS.sssZ`, a real
 * calendar date, hours 00-23), decided from its characters: the same answer as `new Date(value).toISOString() ===
 * value` for every 24-character string, without building a Date (a stored reading checks one; test: store-time).
 * Years outside that range are 27 characters (`+010000-...`) and are checked by the round trip.
 */
export function isCanonicalIsoTime(value: string): boolean {
  if (value.length !== 24) return false;
  for (const i of DIGIT_POSITIONS) {
    const c = value.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  const digit = (i: number) => value.charCodeAt(i) - 48;
  if (value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45 || value.charCodeAt(10) !== 84 || value.charCodeAt(13) !== 58) return false;
  if (value.charCodeAt(16) !== 58 || value.charCodeAt(19) !== 46 || value.charCodeAt(23) !== 90) return false;
  const year = digit(0) * 1000 + digit(1) * 100 + digit(2) * 10 + digit(3);
  const month = digit(5) * 10 + digit(6);
  const day = digit(8) * 10 + digit(9);
  const hour = digit(11) * 10 + digit(12);
  const minute = digit(14) * 10 + digit(15);
  const second = digit(17) * 10 + digit(18);
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!);
}

/** Checks a collection spec the same way in both adapters. */
export function assertSpec<T>(spec: CollectionSpec<T>): void {
  assertIdentifier(spec.name);
  if (spec.appendLog) assertAppendLogSpec(spec);
  if (spec.fields) assertFieldsSpec(spec);
  const ts = spec.timeSeries;
  if (!ts) return;
  assertIdentifier(ts.timeField);
  if (ts.metaField) assertIdentifier(ts.metaField);
  if (ts.timeField === 'id' || ts.metaField === 'id') throw new StoreError(`${spec.name}: the id cannot be a time-series field`);
  if (spec.unique?.length) throw new StoreError(`${spec.name}: a time-series collection cannot have unique indexes`);
}

const RECORD_FIELD_TYPES: readonly RecordFieldType[] = ['integer', 'number', 'boolean', 'text', 'bytes', 'bytesList'];

function assertFieldsSpec<T>(spec: CollectionSpec<T>): void {
  if (spec.appendLog) throw new StoreError(`${spec.name}: an append log declares its fields in appendLog.fields`);
  const fields = spec.fields as Record<string, RecordField | undefined>;
  for (const [field, declared] of Object.entries(fields)) {
    assertIdentifier(field);
    if (field === 'id') throw new StoreError(`${spec.name}: the id is not a declared field`);
    if (!declared || !RECORD_FIELD_TYPES.includes(declared.type)) throw new StoreError(`${spec.name}.${field}: unknown field type`);
    if (declared.optional && declared.nullable) throw new StoreError(`${spec.name}.${field}: a field is optional or nullable, not both`);
  }
  for (const index of [...(spec.indexes ?? []), ...(spec.unique ?? [])]) {
    for (const field of Array.isArray(index) ? index : [index]) {
      if (field !== 'id' && !fields[field]) throw new StoreError(`${spec.name}: index on undeclared field ${String(field)}`);
      if (fields[field]?.type === 'bytes' || fields[field]?.type === 'bytesList') throw new StoreError(`${spec.name}: cannot index bytes field ${String(field)}`);
    }
  }
  const ts = spec.timeSeries;
  for (const field of ts ? [ts.timeField, ts.metaField] : []) {
    if (field === undefined) continue;
    const declared = fields[field];
    if (!declared || declared.type !== 'text' || declared.optional || declared.nullable) {
      throw new StoreError(`${spec.name}: the time-series field ${field} must be a declared, required text field`);
    }
  }
}

/** The id of a typed time series' measurement (CollectionSpec.fields): its series and time. */
export function seriesId(meta: string, time: string): string {
  return `${meta}|${time}`;
}

/** The series and time a typed time series' id stands for, or null when the text is not such an id. */
export function splitSeriesId(id: unknown): { meta: string; time: string } | null {
  if (typeof id !== 'string') return null;
  const bar = id.lastIndexOf('|');
  if (bar <= 0) return null;
  return { meta: id.slice(0, bar), time: id.slice(bar + 1) };
}

/**
 * Checks one record against a typed collection's declared fields (and, for a time series keyed by series and time,
 * its id); throws a StoreError. The check is compiled once per declaration (typedRecordCheck).
 */
export function assertTypedRecord<T>(collection: string, spec: Pick<CollectionSpec<T>, 'fields' | 'timeSeries'>, doc: Record<string, unknown>): void {
  let check = compiledChecks.get(spec.fields!);
  if (!check) compiledChecks.set(spec.fields!, (check = typedRecordCheck(collection, spec)));
  check(doc);
}

const compiledChecks = new WeakMap<object, (doc: Record<string, unknown>) => void>();

/**
 * The record check of a typed collection as one function over arrays: every written record passes here (a stored
 * reading is one), so nothing is allocated on the way and undeclared fields are found by counting keys.
 */
export function typedRecordCheck<T>(collection: string, spec: Pick<CollectionSpec<T>, 'fields' | 'timeSeries'>): (doc: Record<string, unknown>) => void {
  const entries = Object.entries(spec.fields as Record<string, RecordField>);
  const names = entries.map(([name]) => name);
  const types = entries.map(([, field]) => field.type);
  const absentOk = entries.map(([, field]) => Boolean(field.optional || field.nullable));
  const meta = spec.timeSeries?.metaField;
  const time = spec.timeSeries?.timeField;
  return (doc) => {
    let present = 0;
    for (let i = 0; i < names.length; i++) {
      const value = doc[names[i]!];
      if (value === undefined || value === null) {
        if (!absentOk[i]) throw new StoreError(`${collection}.${names[i]} is required`);
        if (names[i]! in doc) present++;
        continue;
      }
      present++;
      if (!fieldValueOk(types[i]!, value)) throw new StoreError(`${collection}.${names[i]} must be ${types[i]}`);
    }
    const id = doc.id;
    if (typeof id !== 'string') throw new StoreError(`${collection}: the id must be a string`);
    let keys = 0;
    for (const key in doc) if (Object.hasOwn(doc, key)) keys++;
    if (keys !== present + 1) {
      const extra = Object.keys(doc).find((key) => key !== 'id' && !names.includes(key));
      throw new StoreError(`${collection}: undeclared field ${extra}`);
    }
    if (meta && time) {
      const series = doc[meta] as string;
      const at = doc[time] as string;
      if (id.length !== series.length + 1 + at.length || id.charCodeAt(series.length) !== 124 || !id.startsWith(series) || !id.endsWith(at)) {
        throw new StoreError(`${collection}: the id must be ${meta}|${time}`);
      }
    }
  };
}

/** Checks the fields an update sets against a typed collection's declarations (the rest of the record is unchanged). */
export function assertTypedPatch(collection: string, fields: Record<string, RecordField>, patch: Record<string, unknown>): void {
  for (const [field, value] of Object.entries(patch)) {
    if (field === 'id') continue;
    const declared = fields[field];
    if (!declared) throw new StoreError(`${collection}: undeclared field ${field}`);
    if (value === undefined || value === null) {
      if (!declared.optional && !declared.nullable) throw new StoreError(`${collection}.${field} is required`);
    } else if (!fieldValueOk(declared.type, value)) throw new StoreError(`${collection}.${field} must be ${declared.type}`);
  }
}

function fieldValueOk(type: RecordFieldType, value: unknown): boolean {
  switch (type) {
    case 'integer':
      return Number.isSafeInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'text':
      return typeof value === 'string';
    case 'bytes':
      return value instanceof Uint8Array;
    case 'bytesList':
      return Array.isArray(value) && value.every((v) => v instanceof Uint8Array && v.length < 65536);
  }
}


/** Time-series collections: the time values a filter compares with must be normalised ISO 8601 strings. */
export function assertTimeFilter<T>(collection: string, timeSeries: TimeSeriesSpec<T> | undefined, filter: Filter<T> | undefined): void {
  const condition = timeSeries && filter?.[timeSeries.timeField];
  if (!timeSeries || condition === undefined || condition === null) return;
  const field = timeSeries.timeField;
  if (!isOperators(condition)) return void assertTimeValue(collection, field, condition);
  for (const value of [condition.$gt, condition.$gte, condition.$lt, condition.$lte, condition.$ne, ...(condition.$in ?? [])]) {
    if (value !== undefined && value !== null) assertTimeValue(collection, field, value);
  }
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
  const partial = log.uniqueWhereAbsent;
  if (partial && (!fields[partial.absent]?.optional || partial.fields.length === 0)) throw new StoreError(`${spec.name}: uniqueWhereAbsent needs fields and a declared optional field`);
  for (const index of [...(spec.indexes ?? []), ...(spec.unique ?? []), ...(partial ? [partial.fields] : [])]) {
    for (const field of Array.isArray(index) ? index : [index]) {
      if (field !== 'id' && !fields[field]) throw new StoreError(`${spec.name}: index on undeclared field ${String(field)}`);
      if (fields[field]?.type === 'bytes' || fields[field]?.type === 'bytesList') throw new StoreError(`${spec.name}: cannot index bytes field ${String(field)}`);
    }
  }
}

/** An append log's id for a sequence number: the number zero-padded. */
const ZEROS = '0'.repeat(32);

/** An append log's id: the sequence zero-padded to `digits` (made for every appended record: no padStart rope). */
export function logId(sequence: number, digits: number): string {
  const text = String(sequence);
  if (text.length >= digits) return text;
  return digits <= ZEROS.length ? ZEROS.slice(0, digits - text.length) + text : text.padStart(digits, '0');
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
  assertTypedRecord(collection, { fields: log.fields as RecordFields<T> }, doc);
  const sequence = doc[log.sequenceField] as number;
  // The id is the sequence zero-padded (logId), checked by reading it back: nothing is built for the comparison.
  if (sequence < 0 || logSequence(doc.id, log.idDigits) !== sequence) {
    throw new StoreError(`${collection}: the id must be ${log.sequenceField} zero-padded to ${log.idDigits} digits`);
  }
}
