/**
 * Sensor ingestion throughput against the running hub: readings per second through `ingestReadings` (5,000 a
 * call, through the hub gateway as sensors staff) and through MQTT (QoS 1 messages, one reading each, to the
 * broker the sensors subgraph consumes from, until all are stored).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Store } from '../platform/store/types.js';
import { sensorId, sensorKind, type SensorKind } from '../seed/demo-layout.js';
import { readingsTopic } from '../subgraphs/sensors/ingestion/message.js';
import { SensorsStore } from '../subgraphs/sensors/store.js';
import type { PublisherJob, PublisherResult } from './lib/mqtt-publisher.js';

interface Reading {
  sensorId: string;
  at: string;
  value: number;
}

/**
 * A reading of an ordinary day for a sensor of this kind. The flood kinds stay below any warning (river gauges under
 * 3 m, a trace of rain, pumps running or on standby): ingestion itself is measured here, while random levels made
 * districts flap in and out of flood episodes, each raising an alert and a warning to every resident of the district
 * (whose cost is measured apart: docs/benchmarks.md, "Finding a district's residents").
 */
function ordinaryValue(kind: SensorKind): number {
  if (kind === 'WATER_LEVEL') return Math.round((1 + Math.random() * 1.5) * 100) / 100;
  if (kind === 'RAINFALL') return Math.round(Math.random() * 2) / 100;
  if (kind === 'PUMP_STATUS') return Math.random() < 0.5 ? 0 : 1;
  return Math.round(Math.random() * 10_000) / 100;
}

/** `count` readings over `sensors` sensors, one second apart per sensor, starting at `startMs` (all distinct). */
function readings(count: number, sensors: number, startMs: number): Reading[] {
  return Array.from({ length: count }, (_, i) => ({
    sensorId: sensorId(i % sensors),
    at: new Date(startMs + Math.floor(i / sensors) * 1000).toISOString(),
    value: ordinaryValue(sensorKind(i % sensors)),
  }));
}

const INGEST = 'mutation Ingest($readings: [ReadingInput!]!) { ingestReadings(readings: $readings) { accepted rejected { index reason } } }';

export async function graphqlIngestion(options: { gatewayUrl: string; token: string; sensors: number; total: number; concurrency: number }): Promise<{ readingsPerSecond: number; accepted: number }> {
  const all = readings(options.total, options.sensors, Date.now() - 6 * 86_400_000);
  const batches: Reading[][] = [];
  for (let i = 0; i < all.length; i += 5000) batches.push(all.slice(i, i + 5000));
  const bodies = batches.map((batch) => JSON.stringify({ query: INGEST, variables: { readings: batch } }));
  let next = 0;
  let accepted = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      while (next < bodies.length) {
        const body = bodies[next++]!;
        const response = await fetch(options.gatewayUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${options.token}`, 'x-purpose': 'SERVICE_DELIVERY' },
          body,
        });
        const answer = (await response.json()) as { data?: { ingestReadings?: { accepted: number } }; errors?: unknown };
        if (!answer.data?.ingestReadings) throw new Error(`ingestReadings failed: ${JSON.stringify(answer.errors).slice(0, 300)}`);
        accepted += answer.data.ingestReadings.accepted;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { readingsPerSecond: accepted / seconds, accepted };
}

/**
 * Publishes `total` readings over MQTT from `publishers` processes of their own (bench/lib/mqtt-publisher.ts, each
 * keeping at most 2,000 messages awaiting the broker's PUBACK, as a fleet of devices would spread out) and waits
 * until the sensors subgraph has stored them all. The clock starts once every publisher is connected with its
 * packets encoded.
 */
export async function mqttIngestion(options: { brokerUrl: string; sensorsStore: Store; sensors: number; total: number; publishers: number }): Promise<{ readingsPerSecond: number; stored: number; seconds: number; publisherCpuMs: number }> {
  const store = await SensorsStore.open(options.sensorsStore);
  const startMs = Date.now() - 5 * 86_400_000;
  const all = readings(options.total, options.sensors, startMs);
  const lastAt = all[all.length - 1]!.at;
  const sensorIds = Array.from({ length: options.sensors }, (_, i) => sensorId(i));
  // Through the (sensorId, at) key: a scan of the whole table at every poll would slow the writer it measures.
  const countStored = () => store.readings.count({ sensorId: { $in: sensorIds }, at: { $gte: new Date(startMs).toISOString(), $lte: lastAt } });
  const before = await countStored();
  const workers = Array.from({ length: options.publishers }, () =>
    fork(fileURLToPath(new URL('./lib/mqtt-publisher.ts', import.meta.url)), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }),
  );
  try {
    const message = (worker: ChildProcess) =>
      new Promise<unknown>((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('exit', (code) => reject(new Error(`an MQTT publisher exited with ${code}`)));
      });
    const ready = workers.map((worker) => message(worker));
    workers.forEach((worker, c) => {
      const job: PublisherJob = {
        brokerUrl: options.brokerUrl,
        clientId: `bench-device-${c}-${process.pid}`,
        messages: all.filter((_, i) => i % options.publishers === c).map((r) => [readingsTopic(r.sensorId), JSON.stringify({ at: r.at, value: r.value })]),
        window: 2000,
      };
      worker.send(job);
    });
    await Promise.all(ready);
    const finished = workers.map((worker) => message(worker) as Promise<PublisherResult>);
    const started = performance.now();
    for (const worker of workers) worker.send('go');
    const results = await Promise.all(finished);
    let stored = (await countStored()) - before;
    const deadline = performance.now() + 120_000;
    while (stored < options.total && performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      stored = (await countStored()) - before;
    }
    const seconds = (performance.now() - started) / 1000;
    return { readingsPerSecond: stored / seconds, stored, seconds, publisherCpuMs: results.reduce((sum, r) => sum + r.cpuMs, 0) };
  } finally {
    for (const worker of workers) worker.kill();
  }
}
