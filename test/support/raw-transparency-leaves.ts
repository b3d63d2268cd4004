import Database from 'better-sqlite3';
import { packBytesList } from '../../platform/store/sqlite-log.js';
import type { TransparencyLeafRecord } from '../../consent/services/transparency-log-service.js';

/** A leaf row as the SQLite adapter lays out the consent store's append log `transparency_leaves` (no id column: the
 * leaf index is the key). */
export type RawLeaf = Omit<TransparencyLeafRecord, 'id'>;

const TABLE = 'l_transparency_leaves';
const COLUMNS: Record<keyof RawLeaf, string> = {
  leafIndex: 'f_leafIndex',
  leaf: 'f_leaf',
  hash: 'f_hash',
  nodes: 'f_nodes',
  citizenKey: 'f_citizenKey',
  citizenSeq: 'f_citizenSeq',
  runLength: 'f_runLength',
  runHead: 'f_runHead',
  grantId: 'f_grantId',
};

/**
 * The attacker of the tamper tests: write access to the consent store's SQLite file, no key. The store's own
 * interface refuses to rewrite or remove a log record (an append-only log), so the attacks go to the table directly,
 * on a connection of their own, as anyone holding the file could.
 */
export class RawTransparencyLeaves {
  private readonly db: Database.Database;

  constructor(file: string) {
    this.db = new Database(file);
    this.db.pragma('busy_timeout = 5000');
  }

  private value(field: keyof RawLeaf, value: RawLeaf[keyof RawLeaf]): Buffer | string | number | null {
    if (value === undefined) return null;
    return field === 'nodes' ? packBytesList(value as Buffer[]) : (value as Buffer | string | number);
  }

  update(leafIndex: number, patch: Partial<Omit<RawLeaf, 'leafIndex'>>): void {
    const fields = Object.keys(patch) as Array<keyof typeof patch>;
    const changed = this.db
      .prepare(`UPDATE ${TABLE} SET ${fields.map((f) => `${COLUMNS[f]} = ?`).join(', ')} WHERE f_leafIndex = ?`)
      .run(...fields.map((f) => this.value(f, patch[f])), leafIndex).changes;
    if (changed !== 1) throw new Error(`no leaf ${leafIndex} to change`);
  }

  insert(leaf: RawLeaf): void {
    const fields = Object.keys(COLUMNS) as Array<keyof RawLeaf>;
    this.db.prepare(`INSERT INTO ${TABLE} (${fields.map((f) => COLUMNS[f]).join(', ')}) VALUES (${fields.map(() => '?').join(', ')})`).run(...fields.map((f) => this.value(f, leaf[f])));
  }

  delete(leafIndex: number): void {
    this.db.prepare(`DELETE FROM ${TABLE} WHERE f_leafIndex = ?`).run(leafIndex);
  }

  /** Every leaf from this index on (cutting the tree back). */
  deleteFrom(leafIndex: number): void {
    this.db.prepare(`DELETE FROM ${TABLE} WHERE f_leafIndex >= ?`).run(leafIndex);
  }

  deleteCitizen(citizenKey: string): void {
    this.db.prepare(`DELETE FROM ${TABLE} WHERE f_citizenKey = ?`).run(citizenKey);
  }

  read(leafIndex: number): { leaf: Buffer; hash: Buffer } {
    const row = this.db.prepare(`SELECT f_leaf AS leaf, f_hash AS hash FROM ${TABLE} WHERE f_leafIndex = ?`).get(leafIndex) as { leaf: Buffer; hash: Buffer } | undefined;
    if (!row) throw new Error(`no leaf ${leafIndex}`);
    return row;
  }

  /** Every leaf's bytes, in leaf order. */
  leaves(): Array<{ leafIndex: number; leaf: Buffer }> {
    return this.db.prepare(`SELECT f_leafIndex AS leafIndex, f_leaf AS leaf FROM ${TABLE} ORDER BY f_leafIndex`).all() as Array<{ leafIndex: number; leaf: Buffer }>;
  }

  close(): void {
    this.db.close();
  }
}
