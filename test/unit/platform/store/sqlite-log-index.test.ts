import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from '@jest/globals';
import { SqliteStore } from '../../../../platform/store/sqlite.js';
import { TRANSPARENCY_LEAVES } from '../../../../consent/subgraph/store.js';
import type { TransparencyLeafRecord } from '../../../../consent/services/transparency-log-service.js';
import { labelled } from '../../../support/labelled.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'citygraph-log-index-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The access log's table as it was created before runs: a unique index over every leaf. */
const BEFORE_RUNS = [
  'CREATE TABLE l_transparency_leaves (f_leafIndex INTEGER PRIMARY KEY, f_leaf BLOB NOT NULL, f_hash BLOB NOT NULL, f_nodes BLOB NOT NULL, f_citizenKey TEXT NOT NULL, f_citizenSeq INTEGER NOT NULL, f_grantId TEXT) STRICT',
  'CREATE INDEX i_transparency_leaves_grantId ON l_transparency_leaves (f_grantId) WHERE f_grantId IS NOT NULL',
  'CREATE UNIQUE INDEX u_transparency_leaves_citizenKey_citizenSeq ON l_transparency_leaves (f_citizenKey, f_citizenSeq)',
];

describe('the access log’s per-citizen index in SQLite (one entry per run, not per leaf)', () => {
  it('replaces the index over every leaf by one over runs’ first leaves, which the position lookup uses', async () => {
    const file = path.join(dir, 'consent.sqlite');
    const before = new Database(file);
    before.pragma('journal_mode = WAL');
    for (const sql of BEFORE_RUNS) before.exec(sql);
    before.prepare('INSERT INTO l_transparency_leaves VALUES (0, ?, ?, ?, ?, 1, NULL)').run(Buffer.from('{}'), Buffer.alloc(32), Buffer.alloc(0), 'tag-a');
    before.close();

    const store = new SqliteStore('consent', file, { durableWrites: true });
    try {
      const leaves = await store.collection<TransparencyLeafRecord>(TRANSPARENCY_LEAVES);
      const old = await leaves.get('000000000000');
      labelled('an older leaf reads back as a run of one', () => expect([old?.citizenKey, old?.runLength, old?.runHead]).toEqual(['tag-a', undefined, undefined]));
      await leaves.insertMany([1, 2, 3].map((i) => ({ id: String(i).padStart(12, '0'), leafIndex: i, leaf: Buffer.from('{}'), hash: Buffer.alloc(32), nodes: [], citizenKey: 'tag-a', citizenSeq: i + 1, ...(i === 1 ? { runLength: 3 } : { runHead: 1 }) })));
    } finally {
      await store.close();
    }

    const db = new Database(file, { readonly: true });
    try {
      const indexes = db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'l_transparency_leaves' ORDER BY name`).all() as Array<{ name: string; sql: string }>;
      labelled('the index over every leaf is gone; the new one covers leaves without runHead', () =>
        expect(indexes.map((i) => i.name)).toEqual(['i_transparency_leaves_grantId', 'u_transparency_leaves_citizenKey_citizenSeq_without_runHead']),
      );
      expect(indexes[1]!.sql).toContain('WHERE f_runHead IS NULL');
      const plan = db.prepare(`EXPLAIN QUERY PLAN SELECT f_leafIndex FROM l_transparency_leaves WHERE f_citizenKey = ? AND f_runHead IS NULL ORDER BY f_citizenSeq DESC LIMIT 1`).all('tag-a') as Array<{ detail: string }>;
      labelled('a citizen’s positions are looked up through it', () => expect(plan.map((p) => p.detail).join(' ')).toContain('u_transparency_leaves_citizenKey_citizenSeq_without_runHead'));
    } finally {
      db.close();
    }
  });
});
