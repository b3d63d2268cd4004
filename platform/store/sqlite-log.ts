import type Database from 'better-sqlite3';
import {
  AppendOnlyError,
  assertIdentifier,
  assertLogRecord,
  DuplicateKeyError,
  logId,
  logSequence,
  StoreError,
  type AppendLogSpec,
  type Collection,
  type CollectionSpec,
  type Doc,
  type Filter,
  type FindOptions,
  type LogField,
  type Scalar,
  type StoreStats,
} from './types.js';
import { findQuery, inChunks, StatementCache, whereClause, writeAll, type SqlParam } from './sqlite-sql.js';

type Db = Database.Database;

const SQL_TYPE: Record<LogField['type'], string> = { integer: 'INTEGER', text: 'TEXT', bytes: 'BLOB', bytesList: 'BLOB' };
const MIGRATION_PAGE = 2000;

/** A list of byte strings as one BLOB: each element prefixed by its length (2 bytes, big-endian). */
export function packBytesList(list: readonly Uint8Array[]): Buffer {
  let size = 0;
  for (const item of list) size += 2 + item.length;
  const out = Buffer.allocUnsafe(size);
  let at = 0;
  for (const item of list) {
    out.writeUInt16BE(item.length, at);
    out.set(item, at + 2);
    at += 2 + item.length;
  }
  return out;
}

export function unpackBytesList(packed: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let at = 0;
  while (at < packed.length) {
    if (at + 2 > packed.length) throw new StoreError('a stored list of byte strings is cut short');
    const length = packed.readUInt16BE(at);
    if (at + 2 + length > packed.length) throw new StoreError('a stored list of byte strings is cut short');
    out.push(packed.subarray(at + 2, at + 2 + length));
    at += 2 + length;
  }
  return out;
}

/**
 * An append-only log in SQLite (AppendLogSpec): a STRICT table `l_<name>` with one typed column per field, the
 * sequence field as its INTEGER PRIMARY KEY (the table's own B-tree: no separate id index), bytes as BLOBs; indexes on
 * optional fields are partial (only the records that have the field). No JSON: a record is written as its column
 * values by one prepared statement, and read back from them.
 */
export class SqliteLogCollection<T extends Doc> implements Collection<T> {
  readonly name: string;
  private readonly table: string;
  private readonly log: AppendLogSpec<T>;
  /** Declared fields in column order, the sequence first. */
  private readonly fields: Array<{ name: string; type: LogField['type']; optional: boolean }>;
  private readonly selectColumns: string;
  private readonly statements: StatementCache;
  private readonly insertSql: string;

  constructor(
    private readonly db: Db,
    private readonly stats: StoreStats,
    spec: CollectionSpec<T>,
  ) {
    this.statements = new StatementCache(db);
    this.name = spec.name;
    this.table = `l_${spec.name}`;
    this.log = spec.appendLog!;
    const declared = this.log.fields as Record<string, LogField>;
    const sequence = this.log.sequenceField;
    this.fields = [sequence, ...Object.keys(declared).filter((f) => f !== sequence)].map((name) => ({ name, type: declared[name]!.type, optional: Boolean(declared[name]!.optional) }));
    this.selectColumns = this.fields.map((f) => `f_${f.name}`).join(', ');
    this.insertSql = `INTO ${this.table} (${this.selectColumns}) VALUES (${this.fields.map(() => '?').join(', ')})`;
    const columns = this.fields.map((f, i) => `f_${f.name} ${SQL_TYPE[f.type]}${i === 0 ? ' PRIMARY KEY' : f.optional ? '' : ' NOT NULL'}`);
    db.transaction(() => {
      db.exec(`CREATE TABLE IF NOT EXISTS ${this.table} (${columns.join(', ')}) STRICT`);
      this.addOptionalColumns();
      const partial = (list: string[], absent?: string) => {
        const conditions = list.filter((f) => declared[f]?.optional).map((f) => `f_${f} IS NOT NULL`);
        if (absent) conditions.push(`f_${absent} IS NULL`);
        return conditions.length ? ` WHERE ${conditions.join(' AND ')}` : '';
      };
      const wanted = new Map<string, string>();
      for (const index of spec.indexes ?? []) {
        const list = (Array.isArray(index) ? index : [index]) as string[];
        wanted.set(`i_${spec.name}_${list.join('_')}`, `INDEX %s ON ${this.table} (${list.map((f) => this.column(f)).join(', ')})${partial(list)}`);
      }
      for (const list of (spec.unique ?? []) as string[][]) {
        wanted.set(`u_${spec.name}_${list.join('_')}`, `UNIQUE INDEX %s ON ${this.table} (${list.map((f) => this.column(f)).join(', ')})${partial(list)}`);
      }
      const onlyWhereAbsent = this.log.uniqueWhereAbsent as { fields: string[]; absent: string } | undefined;
      if (onlyWhereAbsent) {
        const list = onlyWhereAbsent.fields;
        wanted.set(`u_${spec.name}_${list.join('_')}_without_${onlyWhereAbsent.absent}`, `UNIQUE INDEX %s ON ${this.table} (${list.map((f) => this.column(f)).join(', ')})${partial(list, onlyWhereAbsent.absent)}`);
      }
      // An index of this log that the spec no longer declares (or declares under another name: a partial index
      // replacing a full one) is dropped, so writes stop paying for it.
      const existing = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL`).pluck().all(this.table) as string[];
      for (const name of existing) {
        if (!wanted.has(name) && (name.startsWith(`i_${spec.name}_`) || name.startsWith(`u_${spec.name}_`))) db.exec(`DROP INDEX ${name}`);
      }
      for (const [name, sql] of wanted) db.exec(`CREATE ${sql.replace('%s', `IF NOT EXISTS ${name}`)}`);
      if (this.log.fromDocument) this.migrateDocuments(`c_${spec.name}`, this.log.fromDocument);
    }).immediate();
  }

  /**
   * A log created before an optional field was declared has no column for it: the column is added (NULL in every
   * older record, which reads back as the field being absent). A missing required field is an error: older records
   * could not satisfy it.
   */
  private addOptionalColumns(): void {
    const present = new Set((this.db.prepare(`SELECT name FROM pragma_table_info(?)`).pluck().all(this.table) as string[]));
    for (const field of this.fields) {
      if (present.has(`f_${field.name}`)) continue;
      if (!field.optional) throw new StoreError(`${this.name}: the stored log has no ${field.name}, and a required field cannot be added to it`);
      this.db.exec(`ALTER TABLE ${this.table} ADD COLUMN f_${field.name} ${SQL_TYPE[field.type]}`);
    }
  }

  /**
   * Moves the records of the document table this collection replaces into the log's table, in the caller's
   * transaction (all or nothing), then drops the old table. Records already in the log (a repeated migration) are
   * skipped; a record that breaks a unique index fails the migration, and the start-up with it.
   */
  private migrateDocuments(oldTable: string, convert: (doc: Record<string, unknown>) => T): void {
    const exists = this.db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(oldTable);
    if (!exists) return;
    const page = this.db.prepare(`SELECT rowid AS r, doc FROM ${oldTable} WHERE rowid > ? ORDER BY rowid LIMIT ${MIGRATION_PAGE}`);
    const insert = this.db.prepare(`INSERT ${this.insertSql} ON CONFLICT(f_${this.log.sequenceField}) DO NOTHING`);
    let after = 0;
    for (;;) {
      const rows = page.all(after) as Array<{ r: number; doc: string }>;
      if (rows.length === 0) break;
      for (const row of rows) {
        const record = convert(JSON.parse(row.doc) as Record<string, unknown>);
        assertLogRecord(this.name, this.log, record as unknown as Record<string, unknown>);
        insert.run(this.values(record));
        after = row.r;
      }
    }
    this.db.exec(`DROP TABLE ${oldTable}`);
  }

  private column(field: string): string {
    if (field === 'id') return `f_${this.log.sequenceField}`;
    assertIdentifier(field);
    if (!(this.log.fields as Record<string, LogField>)[field]) throw new StoreError(`${this.name}: no field ${field}`);
    return `f_${field}`;
  }

  private statement(sql: string): Database.Statement {
    return this.statements.get(sql);
  }

  /** A filter value: ids become their sequence numbers; a value that is not an id of this log is an error. */
  private param(field: string, value: Scalar): SqlParam {
    if (field === 'id') {
      const sequence = logSequence(value, this.log.idDigits);
      if (sequence === null) throw new StoreError(`${this.name}: ${JSON.stringify(value)} is not an id of this log`);
      return sequence;
    }
    if (typeof value === 'boolean') return value ? 1 : 0;
    return value;
  }

  private where(filter: Filter<T> | undefined): { sql: string; params: SqlParam[] } {
    return whereClause(filter, (field) => this.column(field), (field, value) => this.param(field, value));
  }


  private values(doc: T): SqlParam[] {
    const record = doc as unknown as Record<string, unknown>;
    const out: SqlParam[] = new Array(this.fields.length);
    for (let i = 0; i < this.fields.length; i++) {
      const field = this.fields[i]!;
      const value = record[field.name];
      if (value === undefined || value === null) out[i] = null;
      else if (field.type === 'bytesList') out[i] = packBytesList(value as Uint8Array[]);
      else if (field.type === 'bytes') out[i] = Buffer.isBuffer(value) ? value : Buffer.from(value as Uint8Array);
      else out[i] = value as string | number;
    }
    return out;
  }

  private record(row: unknown[]): T {
    const out: Record<string, unknown> = { id: logId(row[0] as number, this.log.idDigits) };
    for (let i = 0; i < this.fields.length; i++) {
      const field = this.fields[i]!;
      const value = row[i];
      if (value === null) continue;
      out[field.name] = field.type === 'bytesList' ? unpackBytesList(value as Buffer) : value;
    }
    return out as T;
  }

  private rows(sql: string, params: readonly SqlParam[]): T[] {
    return (this.statement(sql).raw(true).all(...params) as unknown[][]).map((row) => this.record(row));
  }

  async get(id: string): Promise<T | null> {
    this.stats.queries++;
    const sequence = logSequence(id, this.log.idDigits);
    if (sequence === null) return null;
    return this.rows(`SELECT ${this.selectColumns} FROM ${this.table} WHERE f_${this.log.sequenceField} = ?`, [sequence])[0] ?? null;
  }

  async getMany(ids: readonly string[]): Promise<Array<T | null>> {
    if (ids.length === 0) return [];
    this.stats.queries++;
    const sequences = [...new Set(ids.map((id) => logSequence(id, this.log.idDigits)).filter((s): s is number => s !== null))];
    const found = new Map<string, T>();
    // Still one logical query per call, however many chunks.
    for (const chunk of inChunks(sequences)) {
      for (const record of this.rows(`SELECT ${this.selectColumns} FROM ${this.table} WHERE f_${this.log.sequenceField} IN (${chunk.map(() => '?').join(', ')})`, chunk)) found.set(record.id, record);
    }
    return ids.map((id) => found.get(id) ?? null);
  }

  async find(filter?: Filter<T>, options: FindOptions<T> = {}): Promise<T[]> {
    this.stats.queries++;
    const query = findQuery(`${this.selectColumns} FROM ${this.table}`, this.where(filter), options, (field) => this.column(field));
    return this.rows(query.sql, query.params);
  }

  async count(filter?: Filter<T>): Promise<number> {
    this.stats.queries++;
    const where = this.where(filter);
    return (this.statement(`SELECT COUNT(*) AS n FROM ${this.table}${where.sql}`).get(...where.params) as { n: number }).n;
  }

  async insert(doc: T): Promise<void> {
    await this.insertMany([doc]).catch((error: unknown) => {
      throw error instanceof DuplicateKeyError ? new DuplicateKeyError(this.name, doc.id) : error;
    });
  }

  async insertMany(docs: readonly T[], options: { ignoreDuplicates?: boolean } = {}): Promise<number> {
    if (docs.length === 0) return 0;
    for (const doc of docs) assertLogRecord(this.name, this.log, doc as unknown as Record<string, unknown>);
    this.stats.queries++;
    // Only a repeated id is skipped with ignoreDuplicates; a clash on a unique index still fails the batch.
    const statement = this.statement(`INSERT ${this.insertSql}${options.ignoreDuplicates ? ` ON CONFLICT(f_${this.log.sequenceField}) DO NOTHING` : ''}`);
    return writeAll(this.db, statement, docs.map((doc) => this.values(doc)), this.name);
  }

  async upsert(): Promise<void> {
    throw new AppendOnlyError(this.name, 'upsert', 'append-only log');
  }

  async upsertMany(): Promise<void> {
    throw new AppendOnlyError(this.name, 'upsert', 'append-only log');
  }

  async update(): Promise<boolean> {
    throw new AppendOnlyError(this.name, 'update', 'append-only log');
  }

  async delete(): Promise<boolean> {
    throw new AppendOnlyError(this.name, 'delete', 'append-only log');
  }

  async deleteMany(): Promise<number> {
    throw new AppendOnlyError(this.name, 'delete', 'append-only log');
  }
}
