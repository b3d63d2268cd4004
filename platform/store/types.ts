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

export interface CollectionSpec<T> {
  name: string;
  /** Single-field or compound indexes, created at start-up. */
  indexes?: Array<(keyof T & string) | Array<keyof T & string>>;
  unique?: Array<Array<keyof T & string>>;
}

export interface Collection<T extends Doc> {
  readonly name: string;
  get(id: string): Promise<T | null>;
  /** Answers in the same order and length as `ids`, with `null` where a document is missing. */
  getMany(ids: readonly string[]): Promise<Array<T | null>>;
  find(filter?: Filter<T>, options?: FindOptions<T>): Promise<T[]>;
  count(filter?: Filter<T>): Promise<number>;
  /** Fails with a DuplicateKeyError when the id exists. */
  insert(doc: T): Promise<void>;
  /** All or nothing. With `ignoreDuplicates`, existing ids are skipped; answers how many were inserted. */
  insertMany(docs: readonly T[], options?: { ignoreDuplicates?: boolean }): Promise<number>;
  upsert(doc: T): Promise<void>;
  upsertMany(docs: readonly T[]): Promise<void>;
  /** Shallow-merges `patch` into the document; answers whether it existed. */
  update(id: string, patch: Partial<Omit<T, 'id'>>): Promise<boolean>;
  delete(id: string): Promise<boolean>;
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
  /** Makes deletions final on disk (SQLite: checkpoint and truncate the WAL); used after erasure. */
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
