import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import nodemailer from 'nodemailer';
import { freePort } from '../../platform/ports.js';

/**
 * `npm start` as a user runs it: the launcher seeds a fresh data directory, starts every service as its own
 * process, restarts one that crashes, and stops everything on SIGTERM with exit code 0.
 */
const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const SERVICES = ['gateway', 'consent', 'health', 'licensing', 'transport', 'water', 'sensors', 'identity'] as const;
const ROOTS = {
  HUB_PRINCIPAL_SECRET: Buffer.from(Array.from({ length: 32 }, (_, i) => i + 1)).toString('base64'),
  HUB_MASTER_KEY: Buffer.from(Array.from({ length: 32 }, (_, i) => 200 - i)).toString('base64'),
  HUB_HEALTH_PASS_KEY: Buffer.from(Array.from({ length: 32 }, (_, i) => 100 + i)).toString('base64'),
};
let launcher: ChildProcess;
let dataDir: string;
let ports: Record<string, number>;
let smtpPort: number;
const lines: Array<Record<string, unknown>> = [];


async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function ready(port: number): Promise<boolean | undefined> {
  try {
    return (await fetch(`http://127.0.0.1:${port}/readyz`)).ok || undefined;
  } catch {
    return undefined;
  }
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'citygraph-launcher-'));
  ports = {};
  for (const name of SERVICES) ports[name] = await freePort();
  smtpPort = await freePort();
  const env: Record<string, string> = { ...process.env as Record<string, string>, HUB_DATA_DIR: dataDir, HUB_WITNESS_DIR: `${dataDir}-witness`, HUB_SEED_CITIZENS: '50', HUB_SEED_SENSORS: '400', HUB_LOG_LEVEL: 'info', HUB_MQTT_PORT: String(await freePort()), HUB_SMTP_PORT: String(smtpPort) };
  for (const name of SERVICES) env[`HUB_PORT_${name.toUpperCase()}`] = String(ports[name]);
  // Operator-supplied roots, as in production: the launcher must derive children's keys, never pass these on.
  Object.assign(env, ROOTS);
  delete env.MQTT_URL;
  delete env.REDIS_URL;
  delete env.HUB_SMTP_URL;
  launcher = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bin/start.ts')], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let buffer = '';
  launcher.stdout!.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    let newline;
    while ((newline = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + 1);
      try {
        lines.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        // not a log line
      }
    }
  });
  launcher.stderr!.resume();
  await until('the gateway to be ready', () => ready(ports.gateway!), 150_000);
}, 180_000);

afterAll(() => {
  if (launcher.exitCode === null) launcher.kill('SIGKILL');
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(`${dataDir}-witness`, { recursive: true, force: true });
});

describe('npm start', () => {
  it('runs the development SMTP sink, which keeps what it receives under the data directory by Message-ID', async () => {
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true });
    await transport.sendMail({ from: 'noreply@citygraph.city', to: 'c-0001@example.org', subject: 'probe', text: 'probe', messageId: '<launcher-probe@citygraph.city>' });
    transport.close();
    expect(fs.readFileSync(path.join(dataDir, 'mail', 'launcher-probe@citygraph.city.eml'), 'utf8')).toContain('To: c-0001@example.org');
  });

  it('serves the seeded graph', async () => {
    const response = await fetch(`http://127.0.0.1:${ports.gateway}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ districts { id floodRisk { level } } }' }),
    });
    const body = (await response.json()) as any;
    expect(body.data.districts).toHaveLength(16);
  });

  it("gives no child a root secret: not in its environment, not in its arguments; the master key only to consent, the pass seed only to health", () => {
    const started = new Map(lines.filter((l) => l.msg === 'service started').map((l) => [l.child as string, l.pid as number]));
    expect([...started.keys()].sort()).toEqual([...SERVICES].sort());
    for (const [child, pid] of started) {
      const environ = fs.readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
      const args = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      const holds = (value: string) => environ.some((entry) => entry.includes(value)) || args.includes(value);
      expect({ child, root: holds(ROOTS.HUB_PRINCIPAL_SECRET) }).toEqual({ child, root: false });
      expect({ child, master: holds(ROOTS.HUB_MASTER_KEY) }).toEqual({ child, master: child === 'consent' });
      expect({ child, passSeed: holds(ROOTS.HUB_HEALTH_PASS_KEY) }).toEqual({ child, passSeed: child === 'health' });
      expect({ child, inheritedVariables: environ.filter((entry) => entry.startsWith('HUB_PRINCIPAL_SECRET=')) }).toEqual({ child, inheritedVariables: [] });
    }
  });

  it('runs the development OpenID provider as its own process at http://localhost:<HUB_PORT_IDENTITY>, holding no key of the hub', async () => {
    const discovery = (await (await fetch(`http://localhost:${ports.identity}/.well-known/openid-configuration`)).json()) as { issuer: string };
    expect(discovery.issuer).toBe(`http://localhost:${ports.identity}`);
    const pid = lines.find((l) => l.child === 'identity' && l.msg === 'service started')!.pid as number;
    const names = fs.readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').filter(Boolean).map((entry) => entry.slice(0, entry.indexOf('=')));
    expect(names.filter((name) => /KEY|SECRET|MONGODB|REDIS|MQTT|SUBGRAPH/.test(name))).toEqual([]);
  });

  it('restarts a service that crashes, and logs it', async () => {
    const started = lines.find((l) => l.child === 'water' && l.msg === 'service started');
    expect(started?.pid).toBeGreaterThan(0);
    process.kill(started!.pid as number, 'SIGKILL');
    await until('the crash to be logged', () => lines.find((l) => l.child === 'water' && String(l.msg).includes('restarting')));
    await until('a new water process', () => lines.find((l) => l.child === 'water' && l.msg === 'service started' && l.pid !== started!.pid));
    expect(await until('water to be ready again', () => ready(ports.water!))).toBe(true);
  });

  it('stops everything on SIGTERM and exits 0', async () => {
    const pids = lines.filter((l) => l.msg === 'service started').map((l) => l.pid as number);
    const exited = new Promise<number | null>((resolve) => launcher.once('exit', (code) => resolve(code)));
    launcher.kill('SIGTERM');
    expect(await exited).toBe(0);
    const alive = pids.filter((pid) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    });
    expect(alive).toEqual([]);
  });
});
