import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import type { TestHub } from './hub.js';

const run = promisify(execFile);
const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');

/** Runs `npm run -s hub -- <args>` against a test hub's data directory and answers stdout. */
export async function hubCli(hub: TestHub, args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bin/hub.ts'), ...args], {
    cwd: ROOT,
    env: { ...process.env, HUB_DATA_DIR: hub.config.dataDir, HUB_LOG_LEVEL: 'silent', NODE_ENV: 'test' },
    encoding: 'utf8',
  });
  return stdout;
}
