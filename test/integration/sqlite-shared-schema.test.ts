import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';

/**
 * Several processes opening one SQLite file at the same moment (two consent or sensors instances starting together)
 * each set up the same collection: the generated columns and indexes must be added once, not fail in the others
 * with "duplicate column name".
 */
const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'citygraph-shared-schema-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function opener(file: string, startAt: number): Promise<{ code: number | null; output: string }> {
  const script = `
    const { SqliteStore } = await import(${JSON.stringify(path.join(ROOT, 'platform/store/sqlite.ts'))});
    await new Promise((r) => setTimeout(r, Math.max(0, ${startAt} - Date.now())));
    const store = new SqliteStore('shared', ${JSON.stringify(file)});
    const things = await store.collection({ name: 'things', indexes: ['a', 'b', ['c', 'd'], 'e', 'f', 'g', 'h'], unique: [['u', 'v']] });
    await things.insert({ id: String(process.pid), a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 8, u: process.pid, v: 1 });
    await store.close();
    process.stdout.write('opened');
  `;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

describe('SQLite schema set-up shared by several processes', () => {
  it('lets four processes open the same new collection at once, every one of them successfully', async () => {
    for (let round = 0; round < 3; round++) {
      const file = path.join(dir, `shared-${round}.sqlite`);
      const startAt = Date.now() + 1500;
      const results = await Promise.all([0, 1, 2, 3].map(() => opener(file, startAt)));
      expect(results.map((r) => (r.code === 0 && r.output.endsWith('opened') ? 'ok' : r.output.slice(-300)))).toEqual(['ok', 'ok', 'ok', 'ok']);
    }
  });
});
