import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { loadConfig } from '../../../../platform/config.js';
import { openStore } from '../../../../platform/store/index.js';
import { SqliteStore } from '../../../../platform/store/sqlite.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'citygraph-durability-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('SQLite durability per store', () => {
  it('syncs every consent commit to disk (grants, keys, the access log) and keeps WAL NORMAL elsewhere', async () => {
    const config = loadConfig({ NODE_ENV: 'test', HUB_DATA_DIR: dir });
    const consent = await openStore(config, 'consent');
    const health = await openStore(config, 'health');
    try {
      expect([consent instanceof SqliteStore && consent.synchronous, health instanceof SqliteStore && health.synchronous]).toEqual(['FULL', 'NORMAL']);
    } finally {
      await consent.close();
      await health.close();
    }
  });
});
