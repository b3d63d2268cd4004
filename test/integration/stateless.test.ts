import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { issueDevToken } from '../../gateway/auth/dev-issuer.js';
import { childEnvironment } from '../../bin/lib/child-env.js';
import { loadConfig, type HubConfig } from '../../platform/config.js';
import type { Department } from '../../platform/services.js';
import { sensorId, sensorKind } from '../../seed/demo-layout.js';
import { seedHub } from '../../seed/hub.js';
import { readingId } from '../../subgraphs/sensors/store.js';
import { labelled } from '../support/labelled.js';
import { freePort } from '../../platform/ports.js';

/**
 * Stateless services, proven (issue 12 item 4): two gateways, two consent, two sensors and two transport instances,
 * each its own process, over the same SQLite files (multi-process WAL) and one Redis. Gateway A reaches consent#1,
 * sensors#1 and transport#1; gateway B consent#2, sensors#2 and transport#2 (HUB_SUBGRAPH_URL_<NAME>). transport#1
 * and sensors#1 ask consent#1 for decisions, transport#2 and sensors#2 ask consent#2 (HUB_SUBGRAPH_URL_CONSENT), so
 * both consent instances decide and append to the same citizens' access logs; health, licensing and water run once
 * and ask consent#1. Grants, revocations, staff reads that append to access logs, and sensor ingestion go through
 * both gateways at once; then nothing may be lost, duplicated or out of order. Ingestion here is GraphQL only: the
 * sensors instances' MQTT consumers have no broker (see the report of issue 12 item 4 for the MQTT split).
 */
const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const run = promisify(execFile);
const redisUrl = process.env.REDIS_URL ?? '';
if (!redisUrl) console.warn('SKIPPED stateless services: REDIS_URL is not set (npm test starts a private redis-server and sets it)');

const CITIZENS = 60;
const SENSORS = 300;
/** Citizens who grant transport LOCATION for TAXI_ASSIST (and robotaxi too), then are read by transport staff. */
const GRANTING = Array.from({ length: 24 }, (_, i) => `C-${String(10 + i).padStart(4, '0')}`);
/** Citizens who grant nothing: transport's reads of them are denied, and logged as denied. */
const DENIED = Array.from({ length: 8 }, (_, i) => `C-${String(40 + i).padStart(4, '0')}`);
/** A citizen used once, before the traffic, to learn how many log entries one read writes. */
const CALIBRATION = 'C-0050';
const READS_PER_CITIZEN = 6;
const INGEST_BATCHES = 16;
const READINGS_PER_BATCH = 50;
const SAVED_PLACES = 'query ($id: ID!) { citizen(id: $id) { id savedPlaces { label } } }';
const GRANT = 'mutation ($input: GrantConsentInput!) { grantConsent(input: $input) { id grantee { id } purpose status } }';
const REVOKE = 'mutation ($id: ID!) { revokeConsent(id: $id) { id status } }';
const MY_CONSENTS = '{ me { id consents { id grantee { id } purpose categories status } } }';
const MY_LOG_COUNT = '{ me { accessLogVerification { ok checkedEntries } } }';
const INGEST = 'mutation ($readings: [ReadingInput!]!) { ingestReadings(readings: $readings) { accepted rejected { index reason } } }';

interface Answer {
  status: number;
  requestId: string;
  body: { data?: any; errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, unknown> }> };
}

interface Service {
  label: string;
  child: ChildProcess;
  port: number;
  output: string[];
}

interface LogDump {
  entries: Array<{ id: string; seq: number; requestId: string; leafIndex: number }>;
  head: number;
  verify: { ok: boolean; firstBadSeq: number | null; checkedEntries: number };
}

interface Dump {
  logs: Record<string, LogDump>;
  readings: string[];
}

/** Access-log entries one allowed SAVED_PLACES read writes: Citizen.savedPlaces, and SavedPlace.label when a place is returned. */
function entriesOfAllowedRead(answer: Answer): number {
  const places = answer.body.data?.citizen?.savedPlaces as unknown[] | null | undefined;
  if (!places) throw new Error(`not an allowed read: ${JSON.stringify(answer.body)}`);
  return places.length > 0 ? 2 : 1;
}


async function ready(port: number): Promise<boolean> {
  try {
    return (await fetch(`http://127.0.0.1:${port}/readyz`)).ok;
  } catch {
    return false;
  }
}

/** At most `limit` of the tasks at a time (the machine has two cores), in any order; answers in the tasks' order. */
async function pooled<T>(tasks: Array<() => Promise<T>>, limit: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}

(redisUrl ? describe : describe.skip)('stateless services: two gateways, two consent, two sensors and two transport instances over one store and one Redis', () => {
  let dataDir: string;
  let config: HubConfig;
  const services: Service[] = [];
  const gateways: string[] = [];

  function start(label: string, args: string[], env: Record<string, string>, port: number): Service {
    const child = spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: ROOT, env: { ...env, NODE_OPTIONS: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    const service: Service = { label, child, port, output: [] };
    const keep = (chunk: Buffer) => {
      service.output.push(chunk.toString('utf8'));
      if (service.output.length > 200) service.output.shift();
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    services.push(service);
    return service;
  }

  async function allReady(list: Service[], timeoutMs = 150_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (const service of list) {
      while (!(await ready(service.port))) {
        if (service.child.exitCode !== null || Date.now() > deadline) {
          throw new Error(`${service.label} did not become ready (exit ${service.child.exitCode}):\n${service.output.join('').slice(-3000)}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
  }

  async function call(gateway: number, query: string, variables: Record<string, unknown>, token: string, purpose?: string): Promise<Answer> {
    const response = await fetch(`${gateways[gateway]}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...(purpose ? { 'x-purpose': purpose } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const text = await response.text();
    return { status: response.status, requestId: response.headers.get('x-request-id') ?? '', body: JSON.parse(text) as Answer['body'] };
  }

  /** A counter's total on one service (its own /metrics, JSON). */
  async function counter(label: string, name: string): Promise<number> {
    const service = services.find((candidate) => candidate.label === label)!;
    const metrics = (await (await fetch(`http://127.0.0.1:${service.port}/metrics?format=json`)).json()) as Array<{ name: string; values: Array<{ value: number }> }>;
    return (metrics.find((m) => m.name === name)?.values ?? []).reduce((sum, v) => sum + v.value, 0);
  }

  const citizen = (id: string) => issueDevToken(config, { sub: id });
  const staff = (department: Department) => issueDevToken(config, { sub: `staff:${department}:${department}-demo`, department, roles: ['staff'] });

  async function dump(citizens: string[], readings?: { sensors: string[]; from: string; to: string }): Promise<Dump> {
    const file = path.join(dataDir, `dump-${Date.now()}-${Math.random().toString(36).slice(2)}.json`);
    fs.writeFileSync(file, JSON.stringify({ citizens, readings }));
    const { stdout } = await run(process.execPath, ['--import', 'tsx', path.join(ROOT, 'test/support/dump-stores.ts'), file], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'test', HUB_DATA_DIR: dataDir, HUB_LOG_LEVEL: 'silent' },
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    return JSON.parse(stdout) as Dump;
  }

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'citygraph-stateless-'));
    const ports = {
      gatewayA: await freePort(),
      gatewayB: await freePort(),
      consent1: await freePort(),
      consent2: await freePort(),
      sensors1: await freePort(),
      sensors2: await freePort(),
      health: await freePort(),
      licensing: await freePort(),
      transport1: await freePort(),
      transport2: await freePort(),
      water: await freePort(),
    };
    config = loadConfig({
      NODE_ENV: 'test',
      HUB_DATA_DIR: dataDir,
      HUB_WITNESS_DIR: `${dataDir}-witness`,
      // Every read logged under its own request (no coalescing of repeated refusals): what this test counts.
      HUB_REFUSAL_WINDOW_MS: '0',
      HUB_LOG_LEVEL: 'warn',
      HUB_SUBGRAPH_TIMEOUT_MS: '15000',
      REDIS_URL: redisUrl,
      // Nothing listens here: the sensors instances' MQTT consumers retry in the background, and ingestion goes through GraphQL.
      HUB_MQTT_PORT: String(await freePort()),
      HUB_PORT_GATEWAY: String(ports.gatewayA),
      HUB_PORT_CONSENT: String(ports.consent1),
      HUB_PORT_SENSORS: String(ports.sensors1),
      HUB_PORT_HEALTH: String(ports.health),
      HUB_PORT_LICENSING: String(ports.licensing),
      HUB_PORT_TRANSPORT: String(ports.transport1),
      HUB_PORT_WATER: String(ports.water),
    });
    await seedHub(config, { citizens: CITIZENS, sensors: SENSORS });
    const url = (port: number) => `http://127.0.0.1:${port}/graphql`;
    const env = (service: Parameters<typeof childEnvironment>[0], overrides: Record<string, string> = {}) => ({ ...childEnvironment(service, config, process.env), ...overrides });
    const bin = (file: string) => path.join(ROOT, 'bin', file);

    const consent = [
      start('consent#1', [bin('subgraph.ts'), 'consent'], env('consent'), ports.consent1),
      start('consent#2', [bin('subgraph.ts'), 'consent'], env('consent', { HUB_PORT_CONSENT: String(ports.consent2) }), ports.consent2),
    ];
    await allReady(consent);
    const subgraphs = [
      start('sensors#1', [bin('subgraph.ts'), 'sensors'], env('sensors'), ports.sensors1),
      start('sensors#2', [bin('subgraph.ts'), 'sensors'], env('sensors', { HUB_PORT_SENSORS: String(ports.sensors2), HUB_SUBGRAPH_URL_CONSENT: url(ports.consent2) }), ports.sensors2),
      start('transport#1', [bin('subgraph.ts'), 'transport'], env('transport'), ports.transport1),
      start('transport#2', [bin('subgraph.ts'), 'transport'], env('transport', { HUB_PORT_TRANSPORT: String(ports.transport2), HUB_SUBGRAPH_URL_CONSENT: url(ports.consent2) }), ports.transport2),
      ...(['health', 'licensing', 'water'] as const).map((name) => start(name, [bin('subgraph.ts'), name], env(name), ports[name])),
    ];
    await allReady(subgraphs);
    const both = [
      start('gateway A', [bin('gateway.ts')], env('gateway', { HUB_SUBGRAPH_URL_CONSENT: url(ports.consent1), HUB_SUBGRAPH_URL_SENSORS: url(ports.sensors1), HUB_SUBGRAPH_URL_TRANSPORT: url(ports.transport1) }), ports.gatewayA),
      start('gateway B', [bin('gateway.ts')], env('gateway', { HUB_PORT_GATEWAY: String(ports.gatewayB), HUB_SUBGRAPH_URL_CONSENT: url(ports.consent2), HUB_SUBGRAPH_URL_SENSORS: url(ports.sensors2), HUB_SUBGRAPH_URL_TRANSPORT: url(ports.transport2) }), ports.gatewayB),
    ];
    await allReady(both);
    gateways.push(`http://127.0.0.1:${ports.gatewayA}`, `http://127.0.0.1:${ports.gatewayB}`);
  }, 300_000);

  afterAll(async () => {
    const exits = services.map((s) => (s.child.exitCode === null ? new Promise((resolve) => s.child.once('exit', resolve)) : Promise.resolve()));
    for (const service of services) if (service.child.exitCode === null) service.child.kill('SIGTERM');
    await Promise.race([Promise.all(exits), new Promise((resolve) => setTimeout(resolve, 15_000))]);
    for (const service of services) if (service.child.exitCode === null) service.child.kill('SIGKILL');
    // Each process's last output, for a failure's diagnosis: STATELESS_TEST_LOGS=<dir> keeps it there.
    const logs = process.env.STATELESS_TEST_LOGS;
    if (logs) for (const service of services) fs.writeFileSync(path.join(logs, `${service.label.replace(/\W+/g, '-')}.log`), service.output.join(''));
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    if (dataDir) fs.rmSync(`${dataDir}-witness`, { recursive: true, force: true });
  }, 30_000);

  it('loses, duplicates and reorders nothing when grants, revocations, logged reads and ingestion go through both gateways at once', async () => {
    const started = Date.now();
    const transport = await staff('transport');
    const sensorsStaff = await staff('sensors');
    const tokens = new Map<string, string>();
    for (const id of [...GRANTING, ...DENIED, CALIBRATION]) tokens.set(id, await citizen(id));
    const all = [...GRANTING, ...DENIED, CALIBRATION];

    // Both gateways serve the seeded graph.
    for (const gateway of [0, 1]) {
      const answer = await call(gateway, MY_CONSENTS, {}, tokens.get(CALIBRATION)!);
      labelled(`gateway ${gateway} answers`, () => expect(answer.body.errors).toBeUndefined());
    }

    // How many entries one read writes, allowed and denied: learned on one citizen through the citizen's own view
    // (which must not itself write entries).
    const logCount = async (gateway: number) => {
      const answer = await call(gateway, MY_LOG_COUNT, {}, tokens.get(CALIBRATION)!);
      expect(answer.body.data?.me?.accessLogVerification?.ok).toBe(true);
      return answer.body.data.me.accessLogVerification.checkedEntries as number;
    };
    const c0 = await logCount(0);
    expect(await logCount(1)).toBe(c0);
    const denied = await call(0, SAVED_PLACES, { id: CALIBRATION }, transport, 'TAXI_ASSIST');
    expect(denied.body.errors?.[0]?.extensions?.code).toBe('CONSENT_REQUIRED');
    const c1 = await logCount(1);
    const calibrationGrant = await call(1, GRANT, { input: { granteeId: 'transport', purpose: 'TAXI_ASSIST', categories: ['LOCATION'], validUntil: '2030-01-01T00:00:00Z' } }, tokens.get(CALIBRATION)!);
    expect(calibrationGrant.body.errors).toBeUndefined();
    const c2 = await logCount(0);
    const allowed = await call(1, SAVED_PLACES, { id: CALIBRATION }, transport, 'TAXI_ASSIST');
    expect(allowed.body.errors).toBeUndefined();
    const c3 = await logCount(0);
    const robotaxi = await call(0, GRANT, { input: { granteeId: 'robotaxi', purpose: 'TAXI_ASSIST', categories: ['LOCATION'], validUntil: '2030-01-01T00:00:00Z' } }, tokens.get(CALIBRATION)!);
    expect(robotaxi.body.errors).toBeUndefined();
    const c4 = await logCount(1);
    const revokedCalibration = await call(1, REVOKE, { id: robotaxi.body.data.grantConsent.id }, tokens.get(CALIBRATION)!);
    expect(revokedCalibration.body.errors).toBeUndefined();
    const c5 = await logCount(0);
    const perDeniedRead = c1 - c0;
    const perGrant = c2 - c1;
    const perRevoke = c5 - c4;
    expect(perDeniedRead).toBeGreaterThan(0);
    expect(c4 - c3).toBe(perGrant);
    // An allowed read logs Citizen.savedPlaces and, when there is a saved place, SavedPlace.label: one entry per
    // coordinate read, not one per value.
    expect(c3 - c2).toBe(entriesOfAllowedRead(allowed));

    // Before: every citizen's consents and log, and the readings rows in the span the ingestion writes into.
    const ingestBase = Date.now() - 2 * 3_600_000;
    // Sensors whose readings may be any non-negative number (a pump reports a state code 0-3: not these).
    const ingestSensors = Array.from({ length: 60 }, (_, i) => i * 5).filter((index) => index < SENSORS && sensorKind(index) !== 'PUMP_STATUS').slice(0, 40).map(sensorId);
    const span = { sensors: ingestSensors, from: new Date(ingestBase).toISOString(), to: new Date(ingestBase + INGEST_BATCHES * READINGS_PER_BATCH * 1000).toISOString() };
    const consentsBefore = new Map<string, Set<string>>();
    for (const id of all) {
      const answer = await call(0, MY_CONSENTS, {}, tokens.get(id)!);
      consentsBefore.set(id, new Set(answer.body.data.me.consents.map((c: { id: string }) => c.id)));
    }
    const before = await dump(all, span);
    for (const id of [...GRANTING, ...DENIED]) {
      labelled(`${id} verifies before`, () => expect(before.logs[id]!.verify.ok).toBe(true));
    }

    // Phase 1: every granting citizen grants transport (TAXI_ASSIST, LOCATION) through one gateway and robotaxi through
    // the other, all citizens at once.
    const grants = new Map<string, { transport: string; robotaxi: string }>();
    const phase1 = GRANTING.flatMap((id, i) => [
      async () => {
        const answer = await call(i % 2, GRANT, { input: { granteeId: 'transport', purpose: 'TAXI_ASSIST', categories: ['LOCATION'], validUntil: '2030-01-01T00:00:00Z' } }, tokens.get(id)!);
        labelled(`${id} grants transport`, () => expect(answer.body.errors).toBeUndefined());
        grants.set(id, { ...grants.get(id)!, transport: answer.body.data.grantConsent.id });
      },
      async () => {
        const answer = await call((i + 1) % 2, GRANT, { input: { granteeId: 'robotaxi', purpose: 'TAXI_ASSIST', categories: ['LOCATION'], validUntil: '2030-01-01T00:00:00Z' } }, tokens.get(id)!);
        labelled(`${id} grants robotaxi`, () => expect(answer.body.errors).toBeUndefined());
        grants.set(id, { ...grants.get(id)!, robotaxi: answer.body.data.grantConsent.id });
      },
    ]);
    await pooled(phase1, 8);

    // Phase 2, all at once: transport staff read saved places of every citizen through both gateways (allowed for the
    // granting citizens, denied for the others), every third granting citizen revokes the robotaxi grant through the
    // gateway it was not made through, and the sensors department ingests readings through both gateways, each batch
    // of the first half sent again through the other gateway.
    const reads = new Map<string, Answer[]>();
    const revoked = new Set<string>();
    const readings = Array.from({ length: INGEST_BATCHES * READINGS_PER_BATCH }, (_, i) => ({
      sensorId: ingestSensors[i % ingestSensors.length]!,
      at: new Date(ingestBase + i * 1000 + 7).toISOString(),
      value: Math.round(i * 1.7) / 10,
    }));
    const ingested: Array<{ accepted: number; rejected: unknown[] }> = [];
    const phase2: Array<() => Promise<void>> = [];
    for (let round = 0; round < READS_PER_CITIZEN; round++) {
      for (const [i, id] of [...GRANTING, ...DENIED].entries()) {
        phase2.push(async () => {
          const answer = await call((i + round) % 2, SAVED_PLACES, { id }, transport, 'TAXI_ASSIST');
          reads.set(id, [...(reads.get(id) ?? []), answer]);
        });
      }
      if (round === 2) {
        for (const [i, id] of GRANTING.entries()) {
          if (i % 3 !== 0) continue;
          phase2.push(async () => {
            const answer = await call(i % 2, REVOKE, { id: grants.get(id)!.robotaxi }, tokens.get(id)!);
            labelled(`${id} revokes robotaxi`, () => expect(answer.body.data?.revokeConsent?.status).toBe('REVOKED'));
            revoked.add(id);
          });
        }
      }
    }
    for (let batch = 0; batch < INGEST_BATCHES; batch++) {
      const slice = readings.slice(batch * READINGS_PER_BATCH, (batch + 1) * READINGS_PER_BATCH);
      const sends = batch < INGEST_BATCHES / 2 ? [batch % 2, (batch + 1) % 2] : [batch % 2];
      for (const gateway of sends) {
        phase2.splice(Math.floor((phase2.length * (batch + 0.5)) / INGEST_BATCHES), 0, async () => {
          const answer = await call(gateway, INGEST, { readings: slice }, sensorsStaff, 'SERVICE_DELIVERY');
          labelled(`batch ${batch} through gateway ${gateway}`, () => expect(answer.body.errors).toBeUndefined());
          ingested.push(answer.body.data.ingestReadings);
        });
      }
    }
    await pooled(phase2, 10);

    // Every answer was what the consent state says: allowed for granting citizens, denied for the others.
    for (const id of GRANTING) {
      for (const answer of reads.get(id)!) labelled(`${id} read allowed`, () => expect(answer.body.errors).toBeUndefined());
    }
    for (const id of DENIED) {
      for (const answer of reads.get(id)!) labelled(`${id} read denied`, () => expect(answer.body.errors?.[0]?.extensions?.code).toBe('CONSENT_REQUIRED'));
    }
    expect(ingested.length).toBe(INGEST_BATCHES * 1.5);
    for (const result of ingested) expect(result).toEqual({ accepted: READINGS_PER_BATCH, rejected: [] });

    // Access logs: 1..n without a gap, a duplicate or a broken link; exactly the entries of this run's reads, each
    // read's entries under its own request id; the chain verifies and the head is the last entry.
    const after = await dump(all, span);
    if (process.env.STATELESS_TEST_LOGS) {
      fs.writeFileSync(path.join(process.env.STATELESS_TEST_LOGS, 'dump.json'), JSON.stringify({ calibration: { c0, c1, c2, c3, c4, c5 }, before, after, reads: Object.fromEntries([...reads].map(([id, rs]) => [id, rs.map((r) => ({ requestId: r.requestId, errors: r.body.errors }))])), revoked: [...revoked] }, null, 1));
    }
    for (const id of [...GRANTING, ...DENIED]) {
      const log = after.logs[id]!;
      const old = before.logs[id]!.entries.length;
      const perRead = reads.get(id)!.map((answer) => (GRANTING.includes(id) ? entriesOfAllowedRead(answer) : perDeniedRead));
      const added = (GRANTING.includes(id) ? perGrant * 2 : 0) + (revoked.has(id) ? perRevoke : 0) + perRead.reduce((a, b) => a + b, 0);
      labelled(`${id}: sequence 1..n`, () => expect(log.entries.map((e) => e.seq)).toEqual(Array.from({ length: old + added }, (_, k) => k + 1)));
      labelled(`${id}: older entries unchanged`, () => expect(log.entries.slice(0, old)).toEqual(before.logs[id]!.entries));
      labelled(`${id}: tree positions grow`, () => expect(log.entries.slice(1).every((e, k) => e.leafIndex > log.entries[k]!.leafIndex)).toBe(true));
      labelled(`${id}: head`, () => expect(log.head).toBe(old + added));
      labelled(`${id}: verifies`, () => expect(log.verify).toEqual({ ok: true, firstBadSeq: null, checkedEntries: old + added }));
      const perRequest = new Map<string, number>();
      for (const e of log.entries.slice(old)) perRequest.set(e.requestId, (perRequest.get(e.requestId) ?? 0) + 1);
      const readIds = reads.get(id)!.map((r) => r.requestId);
      labelled(`${id}: every read logged once, under its own request`, () => {
        expect(new Set(readIds).size).toBe(READS_PER_CITIZEN);
        expect(readIds.map((r) => perRequest.get(r) ?? 0)).toEqual(perRead);
      });
    }

    // Both instances of each duplicated service served this traffic: each consent instance made decisions, each
    // sensors instance stored readings (1,200 accepted in all: 800 distinct, 400 sent twice).
    const decisions = [await counter('consent#1', 'citygraph_consent_decisions_total'), await counter('consent#2', 'citygraph_consent_decisions_total')];
    labelled(`consent decisions per instance: ${decisions}`, () => expect(Math.min(...decisions)).toBeGreaterThan(0));
    const accepted = [await counter('sensors#1', 'citygraph_sensor_readings_accepted_total'), await counter('sensors#2', 'citygraph_sensor_readings_accepted_total')];
    labelled(`readings accepted per instance: ${accepted}`, () => {
      expect(Math.min(...accepted)).toBeGreaterThan(0);
      expect(accepted[0]! + accepted[1]!).toBe(INGEST_BATCHES * 1.5 * READINGS_PER_BATCH);
    });

    // Consents: each grant made exists exactly once with its final status, the same through either gateway.
    for (const [i, id] of [...GRANTING, ...DENIED].entries()) {
      const views = await Promise.all([0, 1].map((gateway) => call(gateway, MY_CONSENTS, {}, tokens.get(id)!)));
      labelled(`${id} sees the same consents through both gateways`, () => expect(views[0]!.body.data.me.consents).toEqual(views[1]!.body.data.me.consents));
      const made = (views[i % 2]!.body.data.me.consents as Array<{ id: string; grantee: { id: string }; purpose: string; status: string }>)
        .filter((c) => !consentsBefore.get(id)!.has(c.id))
        .map((c) => ({ id: c.id, grantee: c.grantee.id, purpose: c.purpose, status: c.status }))
        .sort((a, b) => a.grantee.localeCompare(b.grantee));
      const expected = GRANTING.includes(id)
        ? [
            { id: grants.get(id)!.robotaxi, grantee: 'robotaxi', purpose: 'TAXI_ASSIST', status: revoked.has(id) ? 'REVOKED' : 'ACTIVE' },
            { id: grants.get(id)!.transport, grantee: 'transport', purpose: 'TAXI_ASSIST', status: 'ACTIVE' },
          ]
        : [];
      labelled(`${id}'s new consents`, () => expect(made).toEqual(expected));
    }
    expect(revoked.size).toBe(GRANTING.filter((_, i) => i % 3 === 0).length);

    // Readings: every reading sent (some twice, through both gateways) is stored exactly once, nothing else appeared.
    const expectedIds = readings.map((r) => readingId(r.sensorId, r.at));
    const newRows = after.readings.filter((row) => !before.readings.includes(row));
    expect(new Set(after.readings).size).toBe(after.readings.length);
    expect(newRows).toEqual([...expectedIds].sort());

    console.info(
      `stateless: ${GRANTING.length * 2} grants, ${revoked.size} revocations, ${(GRANTING.length + DENIED.length) * READS_PER_CITIZEN} logged reads, ` +
        `${INGEST_BATCHES * 1.5} ingestion batches (${readings.length} distinct readings) through two gateways in ${Date.now() - started} ms`,
    );
  }, 600_000);

  it("keeps each sensor's latest reading the newest one when both sensors instances ingest for the same sensors at once", async () => {
    const sensorsStaff = await staff('sensors');
    const sensors = Array.from({ length: 20 }, (_, i) => i * 11 + 5).filter((index) => sensorKind(index) !== 'PUMP_STATUS').slice(0, 12).map(sensorId);
    const batches = 30;
    // Newer than any seeded reading; batch k holds one reading per sensor at base + k seconds. Sent in a shuffled
    // order through both gateways, several at once: a batch that lands after a newer one must not move `latestReading` back.
    const base = Date.now() - (batches + 5) * 1000;
    const order = Array.from({ length: batches }, (_, k) => k).sort((a, b) => ((a * 7919) % batches) - ((b * 7919) % batches));
    await pooled(
      order.map((k, n) => async () => {
        const readings = sensors.map((id) => ({ sensorId: id, at: new Date(base + k * 1000).toISOString(), value: k }));
        const answer = await call(n % 2, INGEST, { readings }, sensorsStaff, 'SERVICE_DELIVERY');
        labelled(`batch ${k}`, () => expect(answer.body.data?.ingestReadings).toEqual({ accepted: sensors.length, rejected: [] }));
      }),
      10,
    );
    const newest = new Date(base + (batches - 1) * 1000).toISOString();
    for (const gateway of [0, 1]) {
      const query = `{ ${sensors.map((id, i) => `s${i}: sensor(id: "${id}") { id latestReading { at } }`).join(' ')} }`;
      const answer = await call(gateway, query, {}, sensorsStaff, 'SERVICE_DELIVERY');
      expect(answer.body.errors).toBeUndefined();
      const latest = sensors.map((_, i) => answer.body.data[`s${i}`] as { id: string; latestReading: { at: string } }).map((s) => ({ id: s.id, at: s.latestReading.at }));
      labelled(`latest readings through gateway ${gateway}`, () => expect(latest).toEqual(sensors.map((id) => ({ id, at: newest }))));
    }
  }, 300_000);
});
