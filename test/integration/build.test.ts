import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { build } from '../../bin/build.js';
import { freePort } from '../../platform/ports.js';

/**
 * `npm run build && node dist/bin/start.js`, as production runs it: the build goes to a temporary directory (beside a
 * link to this project's node_modules), the launcher and every service run as plain `node` with no tsx loader, and
 * the assets they read at run time (SDL, supergraph, policy, portal) are found next to the emitted JavaScript.
 */
const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const SERVICES = ['gateway', 'consent', 'health', 'licensing', 'transport', 'water', 'sensors'] as const;
let work: string;
let launcher: ChildProcess | undefined;
let ports: Record<string, number>;
let buildMs = 0;
let startMs = 0;
const output: string[] = [];


async function readyz(port: number): Promise<number | undefined> {
  try {
    return (await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(2000) })).status;
  } catch {
    return undefined;
  }
}

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'citygraph-build-'));
  const dist = path.join(work, 'dist');
  buildMs = build(dist).ms;
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(work, 'node_modules'));
  ports = {};
  for (const name of SERVICES) ports[name] = await freePort();
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HUB_DATA_DIR: path.join(work, 'data'),
    HUB_WITNESS_DIR: path.join(work, 'witness'),
    HUB_SEED_CITIZENS: '10',
    HUB_SEED_SENSORS: '100',
    HUB_LOG_LEVEL: 'warn',
    HUB_MQTT_PORT: String(await freePort()),
    // The development OpenID provider the launcher starts: a free port, not 4010 (which a developer's hub may hold).
    HUB_PORT_IDENTITY: String(await freePort()),
  };
  for (const name of SERVICES) env[`HUB_PORT_${name.toUpperCase()}`] = String(ports[name]);
  const started = Date.now();
  // Its own process group, so that the launcher and its children all stop together below.
  launcher = spawn(process.execPath, [path.join(dist, 'bin/start.js')], { cwd: work, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  launcher.stdout!.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
  launcher.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
  const deadline = Date.now() + 150_000;
  while (Date.now() < deadline && launcher.exitCode === null && (await readyz(ports.gateway!)) !== 200) await new Promise((r) => setTimeout(r, 250));
  startMs = Date.now() - started;
}, 240_000);

afterAll(async () => {
  if (launcher?.pid && launcher.exitCode === null) {
    const exited = new Promise((resolve) => launcher!.once('exit', resolve));
    process.kill(-launcher.pid, 'SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
    if (launcher.exitCode === null) process.kill(-launcher.pid, 'SIGKILL');
  }
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe('npm run build', () => {
  it('emits JavaScript with every run-time asset beside it', () => {
    const dist = path.join(work, 'dist');
    for (const file of [
      'bin/start.js',
      'bin/gateway.js',
      'bin/subgraph.js',
      'bin/hub.js',
      'bin/serve.js',
      'bin/healthcheck.js',
      'schema/supergraph.graphql',
      'schema/personal.graphql',
      'consent/subgraph/schema/consent.graphql',
      'subgraphs/water/schema/water.graphql',
      'consent/policy/statutes.json',
      'consent/policy/partner-operations/robotaxi-taxi-assist.graphql',
      'portal/index.html',
      'package.json',
    ]) expect({ file, exists: fs.existsSync(path.join(dist, file)) }).toEqual({ file, exists: true });
    expect(JSON.parse(fs.readFileSync(path.join(dist, 'package.json'), 'utf8')).type).toBe('module');
    process.stderr.write(`build: ${(buildMs / 1000).toFixed(1)} s; node dist/bin/start.js ready in ${(startMs / 1000).toFixed(1)} s\n`);
  });

  it('runs the hub with plain node from dist/: /readyz is 200 and a public query answers', async () => {
    const status = await readyz(ports.gateway!);
    if (status !== 200) process.stderr.write(output.join('').slice(-4000));
    expect(status).toBe(200);
    const response = await fetch(`http://127.0.0.1:${ports.gateway}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ districts { id name } }' }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { data?: { districts: Array<{ id: string }> }; errors?: unknown };
    expect(body.errors).toBeUndefined();
    expect(body.data!.districts.map((d) => d.id)).toContain('D-01');
    // Every process of the launcher's group (launcher, six subgraphs, gateway, the development OpenID provider) is
    // plain node on dist/, no tsx loader.
    const group = fs
      .readdirSync('/proc')
      .filter((pid) => /^\d+$/.test(pid))
      .flatMap((pid) => {
        try {
          const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
          const pgid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
          return pgid === launcher!.pid ? [fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ')] : [];
        } catch {
          return [];
        }
      });
    expect(group.length).toBe(SERVICES.length + 2);
    expect(group.filter((cmd) => cmd.includes('bin/identity-provider.js'))).toHaveLength(1);
    expect(group.filter((cmd) => cmd.includes('tsx') || !cmd.includes(path.join(work, 'dist')))).toEqual([]);
    const portal = await fetch(`http://127.0.0.1:${ports.gateway}/portal`);
    expect(portal.status).toBe(200);
  });

  it("answers the container image's health check, and the image's entry point refuses an unknown service with exit 2", () => {
    const dist = path.join(work, 'dist');
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HUB_PORT_GATEWAY: String(ports.gateway), HUB_PORT_WATER: String(ports.water) };
    const gateway = spawnSync(process.execPath, [path.join(dist, 'bin/healthcheck.js'), 'gateway'], { cwd: work, env, encoding: 'utf8' });
    expect({ status: gateway.status, stderr: gateway.stderr }).toEqual({ status: 0, stderr: '' });
    const water = spawnSync(process.execPath, [path.join(dist, 'bin/healthcheck.js'), 'water', '--live'], { cwd: work, env, encoding: 'utf8' });
    expect(water.status).toBe(0);
    const down = spawnSync(process.execPath, [path.join(dist, 'bin/healthcheck.js'), 'water'], { cwd: work, env: { ...env, HUB_PORT_WATER: '1' }, encoding: 'utf8' });
    expect(down.status).toBe(1);
    const unknown = spawnSync(process.execPath, [path.join(dist, 'bin/serve.js'), 'library'], { cwd: work, env, encoding: 'utf8' });
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/^usage: serve <gateway\|consent\|health\|licensing\|transport\|water\|sensors>/);
  });

  it('serves /metrics from every service itself, every counter named *_total', async () => {
    for (const service of SERVICES) {
      const response = await fetch(`http://127.0.0.1:${ports[service]}/metrics`);
      expect({ service, status: response.status }).toEqual({ service, status: 200 });
      const text = await response.text();
      expect(text).toContain(`service="${service}"`);
      const counters = [...text.matchAll(/^# TYPE (\S+) counter$/gm)].map((m) => m[1]!);
      expect(counters.length).toBeGreaterThan(0);
      expect({ service, badlyNamed: counters.filter((name) => !name.endsWith('_total')) }).toEqual({ service, badlyNamed: [] });
    }
  });
});
