import type Database from 'better-sqlite3';
import { DuplicateKeyError, isOperators, type Filter, type FindOptions, type Scalar } from './types.js';

/** A value bound to a `?` of an SQLite statement. */
export type SqlParam = string | number | bigint | Buffer | null;

/**
 * The WHERE clause of a store filter (platform/store/types.ts: equality, null, $gt/$gte/$lt/$lte, $ne, $in), for both
 * SQLite layouts: `column` names where a field lives (a generated column, a JSON path or a typed column) and `param`
 * turns a filter value into what that column holds. Values are always bound, never written into the SQL.
 */
export function whereClause<T>(
  filter: Filter<T> | undefined,
  column: (field: string) => string,
  param: (field: string, value: Scalar) => SqlParam,
): { sql: string; params: SqlParam[] } {
  const clauses: string[] = [];
  const params: SqlParam[] = [];
  for (const [field, condition] of Object.entries(filter ?? {}) as Array<[string, Filter<T>[keyof Filter<T>]]>) {
    if (condition === undefined) continue;
    const name = column(field);
    if (!isOperators(condition)) {
      if (condition === null) clauses.push(`${name} IS NULL`);
      else {
        clauses.push(`${name} = ?`);
        params.push(param(field, condition));
      }
      continue;
    }
    for (const [op, sqlOp] of [['$gt', '>'], ['$gte', '>='], ['$lt', '<'], ['$lte', '<=']] as const) {
      const value = condition[op];
      if (value === undefined) continue;
      clauses.push(`${name} ${sqlOp} ?`);
      params.push(param(field, value as Scalar));
    }
    if (condition.$ne !== undefined) {
      if (condition.$ne === null) clauses.push(`${name} IS NOT NULL`);
      else {
        clauses.push(`(${name} IS NULL OR ${name} <> ?)`);
        params.push(param(field, condition.$ne));
      }
    }
    if (condition.$in !== undefined) {
      if (condition.$in.length === 0) clauses.push('0');
      else {
        clauses.push(`${name} IN (${condition.$in.map(() => '?').join(', ')})`);
        params.push(...condition.$in.map((value) => param(field, value)));
      }
    }
  }
  return { sql: clauses.length ? ` WHERE ${clauses.join(' AND ')}` : '', params };
}

/** Prepared statements of one connection, each prepared once by its SQL text (both SQLite layouts). */
export class StatementCache {
  private readonly statements = new Map<string, Database.Statement>();

  constructor(private readonly db: Database.Database) {}

  get(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }
}

/**
 * Ids for `IN (?, ...)` lookups, in chunks under SQLite's bound-parameter limit, each padded (with its last id, which
 * changes nothing in an IN list) to a power of two: a handful of statement shapes, each prepared once.
 */
export function inChunks<V>(ids: readonly V[], max = 512): V[][] {
  const chunks: V[][] = [];
  for (let i = 0; i < ids.length; i += max) {
    const chunk = ids.slice(i, i + max);
    let size = 1;
    while (size < chunk.length) size *= 2;
    while (chunk.length < size) chunk.push(chunk[chunk.length - 1]!);
    chunks.push(chunk);
  }
  return chunks;
}

/**
 * The SELECT of a `find` in any SQLite layout: `select` (the columns and table), the filter's WHERE, the sort and the
 * page. `column` names where a sorted field lives.
 */
export function findQuery<T>(
  select: string,
  where: { sql: string; params: SqlParam[] },
  options: FindOptions<T>,
  column: (field: string) => string,
): { sql: string; params: SqlParam[] } {
  let sql = `SELECT ${select}${where.sql}`;
  if (options.sort?.length) sql += ` ORDER BY ${options.sort.map(([field, dir]) => `${column(field)} ${dir === 1 ? 'ASC' : 'DESC'}`).join(', ')}`;
  const params = [...where.params];
  if (options.limit !== undefined || options.skip !== undefined) {
    sql += ' LIMIT ? OFFSET ?';
    params.push(options.limit ?? -1, options.skip ?? 0);
  }
  return { sql, params };
}

/**
 * Runs `statement` once per row in one transaction, all or nothing, and answers how many rows it changed; a
 * constraint failure (a repeated id, a unique index) is a DuplicateKeyError of `collection`.
 */
export function writeAll(db: Database.Database, statement: Database.Statement, rows: readonly SqlParam[][], collection: string): number {
  const run = db.transaction(() => {
    let changed = 0;
    for (const row of rows) changed += statement.run(row).changes;
    return changed;
  });
  try {
    return run();
  } catch (error) {
    if ((error as { code?: string }).code?.startsWith('SQLITE_CONSTRAINT')) throw new DuplicateKeyError(collection, '(batch)');
    throw error;
  }
}
