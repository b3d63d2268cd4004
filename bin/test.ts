/**
 * `npm test`: everything the suite needs, set up on a fresh machine, then the type check and jest.
 *
 * 1. Provision: Debian's chromium (browser tests), zbar-tools (a real QR scanner reads the portal's health pass),
 *    redis-server (shared limits) and mosquitto (MQTT ingestion). As
 *    root it installs what is missing with apt-get; otherwise it prints one line saying what to install and exits 1.
 * 2. Type check (`tsc --noEmit`): jest's swc transform does not type-check.
 * 3. A private redis-server and mosquitto on free loopback ports for this run (REDIS_URL and MQTT_URL), stopped after,
 *    unless the caller already set those variables.
 * 4. jest (ESM), with any arguments given after `npm test --` passed through (one file, `-t <name>`).
 * 5. On a whole run, any skipped test other than the MongoDB suite (which runs only with MONGODB_URI) fails the run:
 *    a test that did not run is never counted as passed.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { processEnvironment } from '../platform/config.js';
import { freePort, waitPort } from '../platform/ports.js';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const CHROMIUM = '/usr/bin/chromium';
const MOSQUITTO = '/usr/sbin/mosquitto';
const ZBARIMG = '/usr/bin/zbarimg';
/** Skips allowed on a whole run: suites that need a server this machine cannot have. */
const ALLOWED_SKIP = /^store conformance: mongodb /;

const env = processEnvironment();
const jestArgs = process.argv.slice(2);
const children: ChildProcess[] = [];
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'citygraph-npm-test-'));

function say(line: string): void {
  process.stderr.write(`[npm test] ${line}\n`);
}

function which(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

function provision(): void {
  const missing: string[] = [];
  if (!fs.existsSync(CHROMIUM)) missing.push('chromium');
  if (!fs.existsSync(ZBARIMG)) missing.push('zbar-tools');
  if (!env.REDIS_URL && !which('redis-server')) missing.push('redis-server');
  if (!env.MQTT_URL && !fs.existsSync(MOSQUITTO)) missing.push('mosquitto');
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    say(`missing ${missing.join(', ')}: install with \`sudo apt-get install -y ${missing.join(' ')}\` (Debian), then run npm test again`);
    process.exit(1);
  }
  say(`installing ${missing.join(', ')} from Debian (apt-get)`);
  const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  const install = spawnSync('apt-get', ['install', '-y', '-qq', ...missing], { stdio: 'inherit', env: { ...env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (update.status !== 0 || install.status !== 0) {
    say(`apt-get could not install ${missing.join(', ')}; install them and run npm test again`);
    process.exit(1);
  }
}

function startChild(command: string, args: string[], logName: string): ChildProcess {
  const log = fs.openSync(path.join(scratch, logName), 'a');
  const child = spawn(command, args, { stdio: ['ignore', log, log], cwd: scratch });
  children.push(child);
  return child;
}

async function startRedis(): Promise<void> {
  if (env.REDIS_URL) return say(`using REDIS_URL from the environment`);
  const port = await freePort();
  const child = startChild('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', scratch], 'redis.log');
  await waitPort(port, { what: `redis-server (see ${scratch})`, child });
  env.REDIS_URL = `redis://127.0.0.1:${port}`;
}

async function startMosquitto(): Promise<void> {
  if (env.MQTT_URL) return say(`using MQTT_URL from the environment`);
  const port = await freePort();
  // In-flight and queue limits raised from 20 and 1000 so that batched acknowledgements are not throttled.
  const conf = path.join(scratch, 'mosquitto.conf');
  fs.writeFileSync(conf, [`listener ${port} 127.0.0.1`, 'allow_anonymous true', 'persistence false', 'max_inflight_messages 2000', 'max_queued_messages 100000', ''].join('\n'));
  // Foreground, not -d: as root it drops to the mosquitto user and could not write a pid file here.
  const child = startChild(MOSQUITTO, ['-c', conf], 'mosquitto.log');
  await waitPort(port, { what: `mosquitto (see ${scratch})`, child });
  env.MQTT_URL = `mqtt://127.0.0.1:${port}`;
}

function stopChildren(): void {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
}

interface JestJson {
  testResults: Array<{ name: string; assertionResults: Array<{ fullName: string; status: string }> }>;
}

/** Every test that did not run on a whole run, except those allowed to skip here. */
function forbiddenSkips(resultFile: string): string[] {
  if (!fs.existsSync(resultFile)) return ['(jest wrote no results)'];
  const results = JSON.parse(fs.readFileSync(resultFile, 'utf8')) as JestJson;
  const skipped = results.testResults.flatMap((file) =>
    file.assertionResults.filter((test) => test.status !== 'passed' && test.status !== 'failed').map((test) => `${path.relative(ROOT, file.name)}: ${test.fullName} (${test.status})`),
  );
  const forbidden = skipped.filter((line) => !ALLOWED_SKIP.test(line.split(': ').slice(1).join(': ')));
  const allowed = skipped.length - forbidden.length;
  if (allowed > 0) say(`${allowed} MongoDB conformance test(s) skipped: MONGODB_URI is not set (docs/deploy.md says how to run them)`);
  for (const line of forbidden) say(`did not run: ${line}`);
  return forbidden;
}

async function main(): Promise<number> {
  provision();
  const typecheck = spawnSync('npx', ['tsc', '--noEmit', '-p', 'tsconfig.json'], { cwd: ROOT, stdio: 'inherit' });
  if (typecheck.status !== 0) return 1;
  await startRedis();
  await startMosquitto();
  const resultFile = path.join(scratch, 'jest-results.json');
  const jestBin = path.join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js');
  const jest = spawn(process.execPath, [jestBin, '--json', `--outputFile=${resultFile}`, ...jestArgs], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...env, NODE_OPTIONS: [env.NODE_OPTIONS, '--experimental-vm-modules', '--no-warnings=ExperimentalWarning'].filter(Boolean).join(' ') },
  });
  const code = await new Promise<number>((resolve) => jest.once('exit', (exitCode, signal) => resolve(exitCode ?? (signal ? 1 : 0))));
  if (code !== 0) return code;
  if (jestArgs.length === 0) {
    const forbidden = forbiddenSkips(resultFile);
    if (forbidden.length > 0) {
      say(`${forbidden.length} test(s) did not run; only the MongoDB suite may skip (it needs MONGODB_URI): failing the run`);
      return 1;
    }
  }
  return 0;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    stopChildren();
    process.exit(130);
  });
}

main()
  .then((code) => {
    stopChildren();
    fs.rmSync(scratch, { recursive: true, force: true });
    process.exit(code);
  })
  .catch((error: unknown) => {
    stopChildren();
    say(error instanceof Error ? error.message : String(error));
    process.exit(1);
  });
