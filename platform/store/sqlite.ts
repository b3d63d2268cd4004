import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { SqliteLogCollection } from './sqlite-log.js';
import {
  AppendOnlyError,
  assertIdentifier,
  assertSpec,
  assertTimeFilter,
  assertTimeValue,
  DuplicateKeyError,
  type Collection,
  type CollectionSpec,
  type Doc,
  type Filter,
  type FindOptions,
  type Scalar,
  type Store,
  type StoreStats,
  type TimeSeriesSpec,
  type UpsertOptions,
} from './types.js';
import { findQuery, inChunks, StatementCache, whereClause, writeAll, type SqlParam } from './sqlite-sql.js';
import { SqliteTypedCollection } from './sqlite-typed.js';

type Db = Database.Database;

function toParam(value: Scalar): SqlParam {
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value;
}

/**
 * SQLite adapter: one file per subgraph, WAL mode, a table per collection holding each document as JSON.
 * Indexed fields become generated columns with an index, so filters on them use the index.
 * Atomicity (see Collection): every multi-row write is one SQLite transaction, which also holds across processes
 * sharing the file (WAL, busy_timeout). A time-series collection is a table like any other, indexed on
 * (metaField, timeField), with the same append-only contract as MongoDB's. An append-only log (AppendLogSpec) is
 * not a document table at all: see SqliteLogCollection (sqlite-log.ts); nor is a typed collection (CollectionSpec.fields):
 * see SqliteTypedCollection (sqlite-typed.ts).
 */
class SqliteCollection<T extends Doc> implements Collection<T> {
  private readonly table: string;
  private readonly columns = new Set<string>();
  private readonly statements: StatementCache;

  constructor(
    private readonly db: Db,
    private readonly stats: StoreStats,
    spec: CollectionSpec<T>,
  ) {
    assertSpec(spec);
    this.statements = new StatementCache(db);
    this.name = spec.name;
    this.table = `c_${spec.name}`;
    this.timeSeries = spec.timeSeries;
    const indexes = [...(spec.indexes ?? [])];
    if (spec.timeSeries) indexes.push(spec.timeSeries.metaField ? [spec.timeSeries.metaField, spec.timeSeries.timeField] : spec.timeSeries.timeField);
    // Schema set-up under the write lock (IMMEDIATE): a second process opening the same file at the same moment waits
    // (busy_timeout), then reads the columns this one added instead of adding them again ("duplicate column name").
    db.transaction(() => {
      db.exec(`CREATE TABLE IF NOT EXISTS ${this.table} (id TEXT PRIMARY KEY NOT NULL, doc TEXT NOT NULL)`);
      const existing = new Set(
        (db.prepare(`PRAGMA table_xinfo(${this.table})`).all() as Array<{ name: string }>).map((c) => c.name),
      );
      const fields = new Set<string>();
      for (const index of [...indexes, ...(spec.unique ?? [])]) {
        for (const field of Array.isArray(index) ? index : [index]) fields.add(field);
      }
      for (const field of fields) {
        if (field === 'id') continue;
        assertIdentifier(field);
        const column = `f_${field}`;
        if (!existing.has(column)) {
          db.exec(`ALTER TABLE ${this.table} ADD COLUMN ${column} GENERATED ALWAYS AS (json_extract(doc, '$.${field}')) VIRTUAL`);
        }
        this.columns.add(field);
      }
      for (const index of indexes) {
        const list = Array.isArray(index) ? index : [index];
        const name = `i_${spec.name}_${list.join('_')}`;
        db.exec(`CREATE INDEX IF NOT EXISTS ${name} ON ${this.table} (${list.map((f) => this.column(f)).join(', ')})`);
      }
      for (const list of spec.unique ?? []) {
        const name = `u_${spec.name}_${list.join('_')}`;
        db.exec(`CREATE UNIQUE INDEX IF NOT EXISTS ${name} ON ${this.table} (${list.map((f) => this.column(f)).join(', ')})`);
      }
    }).immediate();
  }

  readonly name: string;
  private readonly timeSeries: TimeSeriesSpec<T> | undefined;

  /** Time-series collections: the time field must be a normalised ISO 8601 string, in documents and in filters. */
  private checkTime(doc: T): void {
    if (this.timeSeries) assertTimeValue(this.name, this.timeSeries.timeField, (doc as Record<string, unknown>)[this.timeSeries.timeField]);
  }

  private appendOnly(operation: string): void {
    if (this.timeSeries) throw new AppendOnlyError(this.name, operation);
  }

  private column(field: string): string {
    if (field === 'id') return 'id';
    assertIdentifier(field);
    return this.columns.has(field) ? `f_${field}` : `json_extract(doc, '$.${field}')`;
  }

  private statement(sql: string): Database.Statement {
    return this.statements.get(sql);
  }

  private where(filter: Filter<T> | undefined): { sql: string; params: SqlParam[] } {
    assertTimeFilter(this.name, this.timeSeries, filter);
    return whereClause(filter, (field) => this.column(field), (_field, value) => toParam(value));
  }


  private parse(row: { doc: string } | undefined): T | null {
    return row ? (JSON.parse(row.doc) as T) : null;
  }

  async get(id: string): Promise<T | null> {
    this.stats.queries++;
    return this.parse(this.statement(`SELECT doc FROM ${this.table} WHERE id = ?`).get(id) as { doc: string } | undefined);
  }

  async getMany(ids: readonly string[]): Promise<Array<T | null>> {
    if (ids.length === 0) return [];
    this.stats.queries++;
    const found = new Map<string, T>();
    // Still one logical query per call, however many chunks.
    for (const chunk of inChunks([...new Set(ids)])) {
      const rows = this.statement(`SELECT id, doc FROM ${this.table} WHERE id IN (${chunk.map(() => '?').join(', ')})`).all(...chunk) as Array<{ id: string; doc: string }>;
      for (const row of rows) found.set(row.id, JSON.parse(row.doc) as T);
    }
    return ids.map((id) => found.get(id) ?? null);
  }

  async find(filter?: Filter<T>, options: FindOptions<T> = {}): Promise<T[]> {
    this.stats.queries++;
    const query = findQuery(`doc FROM ${this.table}`, this.where(filter), options, (field) => this.column(field));
    const rows = this.statement(query.sql).all(...query.params) as Array<{ doc: string }>;
    return rows.map((row) => JSON.parse(row.doc) as T);
  }

  async count(filter?: Filter<T>): Promise<number> {
    this.stats.queries++;
    const where = this.where(filter);
    const row = this.statement(`SELECT COUNT(*) AS n FROM ${this.table}${where.sql}`).get(...where.params) as { n: number };
    return row.n;
  }

  async insert(doc: T): Promise<void> {
    this.checkTime(doc);
    this.stats.queries++;
    try {
      this.statement(`INSERT INTO ${this.table} (id, doc) VALUES (?, ?)`).run(doc.id, JSON.stringify(doc));
    } catch (error) {
      if ((error as { code?: string }).code?.startsWith('SQLITE_CONSTRAINT')) throw new DuplicateKeyError(this.name, doc.id);
      throw error;
    }
  }

  async insertMany(docs: readonly T[], options: { ignoreDuplicates?: boolean } = {}): Promise<number> {
    if (docs.length === 0) return 0;
    for (const doc of docs) this.checkTime(doc);
    this.stats.queries++;
    const statement = this.statement(`INSERT ${options.ignoreDuplicates ? 'OR IGNORE ' : ''}INTO ${this.table} (id, doc) VALUES (?, ?)`);
    return writeAll(this.db, statement, docs.map((doc) => [doc.id, JSON.stringify(doc)]), this.name);
  }

  async upsert(doc: T, options?: UpsertOptions<T>): Promise<void> {
    await this.upsertMany([doc], options);
  }

  async upsertMany(docs: readonly T[], options: UpsertOptions<T> = {}): Promise<void> {
    this.appendOnly('upsert');
    if (docs.length === 0) return;
    this.stats.queries++;
    let sql = `INSERT INTO ${this.table} (id, doc) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET doc = excluded.doc`;
    if (options.keepHigher) {
      assertIdentifier(options.keepHigher);
      const field = `'$.${options.keepHigher}'`;
      sql += ` WHERE json_extract(${this.table}.doc, ${field}) IS NULL OR json_extract(${this.table}.doc, ${field}) < json_extract(excluded.doc, ${field})`;
    }
    const statement = this.statement(sql);
    this.db.transaction((list: readonly T[]) => {
      for (const doc of list) statement.run(doc.id, JSON.stringify(doc));
    })(docs);
  }

  async update(id: string, patch: Partial<Omit<T, 'id'>>): Promise<boolean> {
    this.appendOnly('update');
    this.stats.queries++;
    const select = this.statement(`SELECT doc FROM ${this.table} WHERE id = ?`);
    const write = this.statement(`UPDATE ${this.table} SET doc = ? WHERE id = ?`);
    // IMMEDIATE: the write lock is taken before the read, so another process cannot commit in between (a deferred
    // read-then-write transaction would fail with SQLITE_BUSY_SNAPSHOT instead of waiting).
    return this.db.transaction(() => {
      const current = this.parse(select.get(id) as { doc: string } | undefined);
      if (!current) return false;
      write.run(JSON.stringify({ ...current, ...patch, id }), id);
      return true;
    }).immediate();
  }

  async delete(id: string): Promise<boolean> {
    this.stats.queries++;
    return this.statement(`DELETE FROM ${this.table} WHERE id = ?`).run(id).changes > 0;
  }

  async deleteMany(filter: Filter<T>): Promise<number> {
    this.stats.queries++;
    const where = this.where(filter);
    return this.statement(`DELETE FROM ${this.table}${where.sql}`).run(...where.params).changes;
  }
}

export class SqliteStore implements Store {
  readonly kind = 'sqlite' as const;
  readonly stats: StoreStats = { queries: 0 };
  private readonly db: Db;
  private readonly collections = new Map<string, Collection<Doc>>();
  /** SQLite's synchronous setting as the connection reports it after opening. */
  readonly synchronous: 'FULL' | 'NORMAL';

  /**
   * `durableWrites` (the consent store: grants, keys and the access log): every commit is synced to disk before it
   * returns (`synchronous = FULL`), so a committed grant change or log entry survives a power failure, as MongoDB's
   * `w: majority` journaled writes do. The group-committed log pays one sync per commit of about a thousand entries.
   * Other stores keep WAL's `NORMAL`: a crash of the process loses nothing, a power failure at most the last commits.
   */
  constructor(
    readonly database: string,
    file: string,
    readonly options: { durableWrites?: boolean; bulkWrites?: boolean } = {},
  ) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(options.durableWrites ? 'synchronous = FULL' : 'synchronous = NORMAL');
    this.synchronous = this.db.pragma('synchronous', { simple: true }) === 2 ? 'FULL' : 'NORMAL';
    this.db.pragma('busy_timeout = 5000');
    if (options.bulkWrites) {
      // `bulkWrites` (the sensors store: readings of thousands of sensors in every commit, each on its own B-tree
      // page): the WAL is checkpointed every 16,000 pages instead of 1,000, so a page that many commits rewrite
      // is copied into the database once per checkpoint, not once per commit (measured: 25 -> 18 µs of CPU a
      // reading at 500,000 readings); the WAL file is cut back to 64 MB after a checkpoint.
      this.db.pragma('wal_autocheckpoint = 16000');
      this.db.pragma('journal_size_limit = 67108864');
    }
    // Deleted content is overwritten, not left in free pages: erasure must not leave key material on disk.
    this.db.pragma('secure_delete = ON');
  }

  async collection<T extends Doc>(spec: CollectionSpec<T>): Promise<Collection<T>> {
    const existing = this.collections.get(spec.name);
    if (existing) return existing as unknown as Collection<T>;
    assertSpec(spec);
    const created = spec.appendLog
      ? new SqliteLogCollection<T>(this.db, this.stats, spec)
      : spec.fields
        ? new SqliteTypedCollection<T>(this.db, this.stats, spec)
        : new SqliteCollection<T>(this.db, this.stats, spec);
    this.collections.set(spec.name, created as unknown as Collection<Doc>);
    return created;
  }

  async ping(): Promise<void> {
    this.db.prepare('SELECT 1').get();
  }

  async flush(): Promise<void> {
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
