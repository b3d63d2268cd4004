/**
 * `npm run bench`: the numbers of ARCHITECTURE §8, each printed next to its budget. Method and results:
 * docs/benchmarks.md. About 5 minutes on two cores; never run as a test.
 *
 * One process tree: this process (load generator, embedded MQTT broker, micro-benchmarks), the six subgraphs as
 * child processes over a freshly seeded temporary data directory, and two gateways as child processes over those
 * same subgraphs: the hub (bin/gateway.ts) and a bare @apollo/gateway (bench/bare-gateway.ts). Runs alternate
 * between the two gateways; their CPU time and peak memory are read from /proc.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { connectAsync } from 'mqtt';
import { issueDevToken } from '../gateway/auth/dev-issuer.js';
import { childEnvironment } from '../bin/lib/child-env.js';
import { loadConfig, subgraphUrl, type HubConfig } from '../platform/config.js';
import { createLogger } from '../platform/logger.js';
import { SUBGRAPH_NAMES } from '../platform/services.js';
import { openStore } from '../platform/store/index.js';
import { seedHub } from '../seed/hub.js';
import { brokerTarget } from '../subgraphs/sensors/ingestion/broker-target.js';
import { startEmbeddedBroker } from '../subgraphs/sensors/ingestion/embedded-broker.js';
import { graphqlIngestion, mqttIngestion } from './ingestion.js';
import { closedLoop, fixedRate, percentile, type LoadTarget } from './lib/load.js';
import { cpuMs, peakRssMb } from './lib/proc.js';
import { runMicro } from './micro.js';
import { runTransparencyBench } from './transparency.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const CITIZENS = 1000;
const SENSORS = 2000;
const CONCURRENCY = 8;
const ROUNDS = 3;
const RUN_MS = 4000;
const WARMUP_MS = 2000;
const LATENCY_RUN_MS = 5000;
const INGEST_READINGS = 100_000;

const BUDGETS = {
  ratioPublic: 0.9,
  ratioPersonal: 0.8,
  decryptUs: 5,
  decisionUs: 1,
  ingestPerSecond: 10_000,
};

function line(label: string, value: string, budget: string, ok?: boolean): void {
  const verdict = ok === undefined ? '' : ok ? '  ok' : '  OVER BUDGET';
  console.log(`  ${label.padEnd(52)} ${value.padStart(14)}   budget ${budget}${verdict}`);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

async function waitOk(url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (response.status < 500) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  throw new Error(`${url} did not come up in ${timeoutMs} ms`);
}

const children: ChildProcess[] = [];
const byName = new Map<string, ChildProcess>();
function launch(script: string, args: string[], env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  children.push(child);
  byName.set(args[0] ?? path.basename(script, '.ts'), child);
  return child;
}

function stopChildren(): void {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
}
process.on('exit', stopChildren);
process.on('SIGINT', () => process.exit(130));

// The three queries of the comparison. `personal`: health staff (SERVICE_DELIVERY) read 18 facilities (public) and
// five citizens: `name` is allowed by statute, `phone` is denied (no statute, no grant), so 10 of 105 fields are
// personal and 5 of them denied.
const QUERIES = {
  small: { query: '{ districts { id name } }', who: 'anonymous' },
  deep: { query: fs.readFileSync(path.join(here, '../test/contract/flood-overview.graphql'), 'utf8'), who: 'anonymous' },
  personal: {
    query: `query PersonalMix {
  facilities(first: 18) { id name kind districtId address }
  c1: citizen(id: "C-0101") { id name phone }
  c2: citizen(id: "C-0202") { id name phone }
  c3: citizen(id: "C-0303") { id name phone }
  c4: citizen(id: "C-0404") { id name phone }
  c5: citizen(id: "C-0505") { id name phone }
}`,
    who: 'staff:health:SERVICE_DELIVERY',
  },
} as const;
type QueryName = keyof typeof QUERIES;

interface Arm {
  name: 'hub' | 'bare';
  pid: number;
  target(query: QueryName): LoadTarget;
}

interface ArmTotals {
  requests: number;
  failures: number;
  seconds: number;
  cpuMs: number;
}

async function main(): Promise<void> {
  const benchStarted = performance.now();
  console.log(`citygraph bench: node ${process.version}, ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? ''}`);

  console.log('\n(c) per-field cost of the consent layer (this process, synthetic data)');
  const micro = await runMicro();
  line('decrypt one field (openField), median', `${micro.decryptMedianUs.toFixed(2)} µs`, `<= ${BUDGETS.decryptUs} µs`, micro.decryptMedianUs <= BUDGETS.decryptUs);
  line('decide one field (pure decide), median', `${micro.decideMedianUs.toFixed(2)} µs`, `<= ${BUDGETS.decisionUs} µs`, micro.decideMedianUs <= BUDGETS.decisionUs);
  line('guard path, allowed field once batched, median', `${micro.guardAllowedMedianUs.toFixed(2)} µs`, `<= ${BUDGETS.decisionUs} µs`, micro.guardAllowedMedianUs <= BUDGETS.decisionUs);
  line('guard path, denied field (throws), median', `${micro.guardDeniedMedianUs.toFixed(2)} µs`, '(none; reported)');

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'citygraph-bench-'));
  const ports = Object.fromEntries(await Promise.all(['GATEWAY', ...SUBGRAPH_NAMES.map((n) => n.toUpperCase())].map(async (n) => [`HUB_PORT_${n}`, String(await freePort())])));
  const brokerPort = await freePort();
  const barePort = await freePort();
  // With MQTT_URL set the sensors subgraph consumes from that broker (shared subscription), else from an embedded one.
  const external = loadConfig().mqtt.url;
  const config: HubConfig = loadConfig({
    NODE_ENV: 'development',
    HUB_DATA_DIR: dataDir,
    HUB_WITNESS_DIR: `${dataDir}-witness`,
    HUB_LOG_LEVEL: 'warn',
    HUB_MQTT_PORT: String(brokerPort),
    ...(external ? { MQTT_URL: external } : {}),
    ...ports,
  });
  try {
    console.log(`\nseeding ${CITIZENS} citizens and ${SENSORS} sensors in ${dataDir} …`);
    await seedHub(config, { citizens: CITIZENS, sensors: SENSORS });
    const broker = external ? undefined : await startEmbeddedBroker({ port: brokerPort, logger: createLogger({ service: 'bench-broker', level: 'warn' }) });
    const brokerUrl = external ?? broker!.url;
    const envOf = (service: 'gateway' | (typeof SUBGRAPH_NAMES)[number]) => childEnvironment(service, config);
    launch(path.join(here, '../bin/subgraph.ts'), ['consent'], envOf('consent'));
    await waitOk(subgraphUrl(config, 'consent').replace(/graphql$/, 'readyz'));
    for (const name of SUBGRAPH_NAMES.filter((n) => n !== 'consent')) launch(path.join(here, '../bin/subgraph.ts'), [name], envOf(name));
    for (const name of SUBGRAPH_NAMES) await waitOk(subgraphUrl(config, name).replace(/graphql$/, 'readyz'));
    const hubChild = launch(path.join(here, '../bin/gateway.ts'), [], envOf('gateway'));
    const bareChild = launch(path.join(here, 'bare-gateway.ts'), [], { ...envOf('gateway'), BENCH_BARE_PORT: String(barePort) });
    const hubUrl = `http://${config.host}:${config.ports.gateway}/graphql`;
    const bareUrl = `http://${config.host}:${barePort}/graphql`;
    await waitOk(`http://${config.host}:${config.ports.gateway}/livez`);
    await waitOk(`${bareUrl}?query=%7B__typename%7D`);

    const staffToken = await issueDevToken(config, { sub: 'staff:health:health-demo', department: 'health', roles: ['staff'] });
    const hub: Arm = {
      name: 'hub',
      pid: hubChild.pid!,
      target: (q) => {
        const who = QUERIES[q].who;
        const headers: Record<string, string> = who === 'anonymous' ? {} : { authorization: `Bearer ${staffToken}`, 'x-purpose': who.split(':')[2]! };
        return { url: hubUrl, body: JSON.stringify({ query: QUERIES[q].query }), headers };
      },
    };
    const bare: Arm = { name: 'bare', pid: bareChild.pid!, target: (q) => ({ url: bareUrl, body: JSON.stringify({ query: QUERIES[q].query }), headers: { 'x-bench-principal': QUERIES[q].who } }) };

    // Both gateways must do the same work: same data, and in the personal query the same fields denied.
    console.log('\nchecking that both gateways answer the same');
    for (const q of Object.keys(QUERIES) as QueryName[]) {
      const answers = await Promise.all([hub, bare].map(async (arm) => {
        const t = arm.target(q);
        const response = await fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/json', ...t.headers }, body: t.body });
        return (await response.json()) as { data?: unknown; errors?: Array<{ extensions?: { code?: string } }> };
      }));
      const [h, b] = answers as [typeof answers[0], typeof answers[0]];
      const same = JSON.stringify(h.data) === JSON.stringify(b.data);
      const codes = (a: typeof h) => (a.errors ?? []).map((e) => e.extensions?.code).join(',') || 'none';
      console.log(`  ${q.padEnd(9)} data ${same ? 'identical' : 'DIFFERENT'}; errors hub: ${codes(h)}; bare: ${codes(b)}`);
      if (!same || !h.data) throw new Error(`the gateways disagree on ${q}; the comparison would be meaningless`);
    }

    console.log(`\n(a) hub vs bare @apollo/gateway: ${ROUNDS} alternating rounds of ${RUN_MS / 1000} s per query and gateway, ${CONCURRENCY} concurrent loops`);
    const totals = new Map<string, ArmTotals>();
    /** The consent process's CPU during each query's rounds: decisions and the access log's appends. */
    const consentCpu = new Map<string, number>();
    for (const q of Object.keys(QUERIES) as QueryName[]) {
      for (const arm of [hub, bare]) await closedLoop(arm.target(q), CONCURRENCY, WARMUP_MS);
      for (let round = 0; round < ROUNDS; round += 1) {
        const order = round % 2 === 0 ? [hub, bare] : [bare, hub];
        for (const arm of order) {
          const cpuBefore = cpuMs(arm.pid);
          const consentPid = byName.get('consent')?.pid;
          const consentBefore = consentPid ? cpuMs(consentPid) : 0;
          const result = await closedLoop(arm.target(q), CONCURRENCY, RUN_MS);
          if (consentPid) consentCpu.set(`${q}/${arm.name}`, (consentCpu.get(`${q}/${arm.name}`) ?? 0) + cpuMs(consentPid) - consentBefore);
          const key = `${q}/${arm.name}`;
          const total = totals.get(key) ?? { requests: 0, failures: 0, seconds: 0, cpuMs: 0 };
          total.requests += result.requests;
          total.failures += result.failures;
          total.seconds += result.seconds;
          total.cpuMs += cpuMs(arm.pid) - cpuBefore;
          totals.set(key, total);
        }
      }
    }
    const rps = (q: QueryName, arm: string) => totals.get(`${q}/${arm}`)!.requests / totals.get(`${q}/${arm}`)!.seconds;
    for (const q of Object.keys(QUERIES) as QueryName[]) {
      const ratio = rps(q, 'hub') / rps(q, 'bare');
      const budget = q === 'personal' ? BUDGETS.ratioPersonal : BUDGETS.ratioPublic;
      const h = totals.get(`${q}/hub`)!;
      const b = totals.get(`${q}/bare`)!;
      console.log(`  ${q}:`);
      line('requests/s hub / bare', `${rps(q, 'hub').toFixed(0)} / ${rps(q, 'bare').toFixed(0)}`, '');
      line('ratio hub/bare', `${ratio.toFixed(2)}x`, `>= ${budget}x`, ratio >= budget);
      line('gateway CPU per request hub / bare', `${(h.cpuMs / h.requests).toFixed(2)} / ${(b.cpuMs / b.requests).toFixed(2)} ms`, '(reported)');
      if (q === 'personal') {
        const perRequest = (consentCpu.get(`${q}/hub`)! + consentCpu.get(`${q}/bare`)!) / (h.requests + b.requests);
        line('consent CPU per staff request (decisions + access log)', `${perRequest.toFixed(2)} ms`, '(reported)');
      }
      if (h.failures + b.failures > 0) line('failed requests hub / bare', `${h.failures} / ${b.failures}`, '0', false);
    }

    console.log(`\n    latency at a fixed rate (half of the bare gateway's throughput), ${LATENCY_RUN_MS / 1000} s per gateway`);
    for (const q of Object.keys(QUERIES) as QueryName[]) {
      const rate = Math.max(5, Math.round(rps(q, 'bare') / 2));
      const results: Record<string, { p50: number; p99: number; failures: number }> = {};
      for (const arm of [hub, bare]) {
        const r = await fixedRate(arm.target(q), rate, LATENCY_RUN_MS);
        results[arm.name] = { p50: percentile(r.latenciesMs, 50), p99: percentile(r.latenciesMs, 99), failures: r.failures };
      }
      line(`${q} at ${rate}/s: p50 hub / bare`, `${results.hub!.p50.toFixed(1)} / ${results.bare!.p50.toFixed(1)} ms`, '(reported)');
      line(`${q} at ${rate}/s: p99 hub / bare`, `${results.hub!.p99.toFixed(1)} / ${results.bare!.p99.toFixed(1)} ms`, '(reported)');
    }
    line('peak RSS hub / bare gateway process', `${peakRssMb(hub.pid).toFixed(0)} / ${peakRssMb(bare.pid).toFixed(0)} MB`, '(reported)');

    console.log(`\n(b) sensor ingestion, ${INGEST_READINGS.toLocaleString('en')} readings each way over ${SENSORS} sensors`);
    const sensorsToken = await issueDevToken(config, { sub: 'staff:sensors:sensors-demo', department: 'sensors', roles: ['staff'] });
    const viaGraphQL = await graphqlIngestion({ gatewayUrl: hubUrl, token: sensorsToken, sensors: SENSORS, total: INGEST_READINGS, concurrency: 2 });
    line('ingestReadings (5,000 a call, 2 callers, via the hub)', `${viaGraphQL.readingsPerSecond.toFixed(0)} /s`, `>= ${BUDGETS.ingestPerSecond}/s`, viaGraphQL.readingsPerSecond >= BUDGETS.ingestPerSecond);
    const sensorsStore = await openStore(config, 'sensors');
    const sensorsPid = byName.get('sensors')!.pid!;
    const cpuBefore = { sensors: cpuMs(sensorsPid), self: process.cpuUsage() };
    const viaMqtt = await mqttIngestion({ brokerUrl, sensorsStore, sensors: SENSORS, total: INGEST_READINGS, publishers: 2 });
    const selfCpu = process.cpuUsage(cpuBefore.self);
    line(`MQTT QoS 1, one reading a message, 2 publishers (${external ? 'MQTT_URL' : 'embedded aedes'})`, `${viaMqtt.readingsPerSecond.toFixed(0)} /s`, `>= ${BUDGETS.ingestPerSecond}/s`, viaMqtt.readingsPerSecond >= BUDGETS.ingestPerSecond);
    line(
      `  CPU s: sensors consumer / ${external ? 'publishers' : 'broker + publishers'}`,
      `${((cpuMs(sensorsPid) - cpuBefore.sensors) / 1000).toFixed(1)} / ${((selfCpu.user + selfCpu.system) / 1e6).toFixed(1)}`,
      `(over ${viaMqtt.seconds.toFixed(1)} s)`,
    );
    if (viaMqtt.stored < INGEST_READINGS) line('MQTT readings stored', `${viaMqtt.stored}`, `${INGEST_READINGS}`, false);
    await sensorsStore.close();
    stopChildren();
    await broker?.close();
    if (external) {
      // The sensors child's persistent session would stay in the shared group and be handed readings: end it.
      await new Promise((resolve) => setTimeout(resolve, 500));
      const retire = await connectAsync(external, { clientId: brokerTarget(config).clientId, clean: true, reconnectPeriod: 0 });
      await retire.endAsync();
    }
    await runTransparencyBench();
    console.log(`\ndone in ${((performance.now() - benchStarted) / 1000).toFixed(0)} s`);
  } finally {
    stopChildren();
    await new Promise((resolve) => setTimeout(resolve, 500));
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(`${dataDir}-witness`, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
