import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';

/** The `hub` command line refuses what it does not understand with its usage and exit code 2, never a stack trace. */
const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../..');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'citygraph-hub-cli-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

function hub(...args: string[]) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bin/hub.ts'), ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HUB_DATA_DIR: dataDir, HUB_LOG_LEVEL: 'silent', NODE_ENV: 'test' },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('hub CLI usage errors', () => {
  it.each([
    ['no command', [], /^usage: npm run -s hub -- <command>/],
    ['an unknown command', ['frobnicate'], /^usage: npm run -s hub -- <command>/],
    ['an unknown option', ['seed', '--citizenz', '10'], /^hub: Unknown option '--citizenz'\n\nusage: npm run -s hub -- <command>/],
    ['an option without its value', ['key', 'list', '--partner'], /^hub: Option '--partner <value>' argument missing\n\nusage:/],
    ['an unknown option to compose', ['compose', '--force'], /^hub: Unknown option '--force'/],
  ])('%s: prints the usage on stderr, nothing on stdout, exit 2, no stack trace', (_what, args, expected) => {
    const result = hub(...(args as string[]));
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(expected as RegExp);
    expect(result.stderr).toContain('token citizen <C-0001>');
    expect(result.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
  });

  it('prints the usage on stdout with exit 0 when asked for help', () => {
    const result = hub('--help');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^usage: npm run -s hub -- <command>/);
  });
});
