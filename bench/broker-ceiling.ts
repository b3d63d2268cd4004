/**
 * The broker's own ceiling for issue 15's MQTT budget: the bench's publishers (bench/lib/mqtt-publisher.ts, two
 * processes, QoS 1, one reading a message) -> Mosquitto configured as bin/test.ts configures it -> the hub's MQTT
 * subscriber (subgraphs/sensors/ingestion/mqtt-subscriber.ts) acknowledging every message at once and storing
 * nothing. What this delivers is the most any consumer could ingest through this broker on this machine; the
 * Mosquitto process's CPU per message says what the broker itself costs (docs/benchmarks.md, session 6).
 *
 *   npx tsx bench/broker-ceiling.ts [readings=100000] [rounds=3]
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLogger } from '../platform/logger.js';
import { readingsTopic } from '../subgraphs/sensors/ingestion/message.js';
import { MqttSubscriber } from '../subgraphs/sensors/ingestion/mqtt-subscriber.js';
import type { PublisherJob, PublisherResult } from './lib/mqtt-publisher.js';
import { freePort, waitPort } from '../platform/ports.js';
import { cpuMs } from './lib/proc.js';

const MOSQUITTO = '/usr/sbin/mosquitto';

const PUBLISHERS = 2;

function message<T>(child: ChildProcess): Promise<T> {
  return new Promise((resolve, reject) => {
    child.once('message', (m) => resolve(m as T));
    child.once('exit', (code) => reject(new Error(`an MQTT publisher exited with ${code}`)));
  });
}

async function round(total: number): Promise<{ perSecond: number; brokerUs: number; publisherUs: number }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'citygraph-broker-'));
  const port = await freePort();
  const conf = path.join(dir, 'mosquitto.conf');
  fs.writeFileSync(conf, [`listener ${port} 127.0.0.1`, 'allow_anonymous true', 'persistence false', 'max_inflight_messages 2000', 'max_queued_messages 100000', ''].join('\n'));
  const broker = spawn(MOSQUITTO, ['-c', conf], { stdio: 'ignore' });
  await waitPort(port);
  const workers: ChildProcess[] = [];
  let received = 0;
  const subscriber = new MqttSubscriber({
    url: `mqtt://127.0.0.1:${port}`,
    clientId: 'broker-ceiling',
    topicFilter: '$share/ceiling/citygraph/sensors/+/readings',
    logger: createLogger({ service: 'broker-ceiling', level: 'silent' }),
    onMessages(messages) {
      received += messages.length;
      subscriber.acknowledge(messages);
    },
  });
  try {
    subscriber.start();
    await subscriber.waitReady();
    const at = new Date().toISOString();
    for (let c = 0; c < PUBLISHERS; c++) {
      workers.push(fork(fileURLToPath(new URL('./lib/mqtt-publisher.ts', import.meta.url)), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
    }
    const ready = workers.map((worker) => message(worker));
    workers.forEach((worker, c) => {
      const count = Math.floor(total / PUBLISHERS);
      const job: PublisherJob = {
        brokerUrl: `mqtt://127.0.0.1:${port}`,
        clientId: `ceiling-${c}`,
        messages: Array.from({ length: count }, (_, i) => [readingsTopic(`S-${String((i * PUBLISHERS + c) % 2000).padStart(6, '0')}`), JSON.stringify({ at, value: 1.25 })]),
        window: 2000,
      };
      worker.send(job);
    });
    await Promise.all(ready);
    const finished = workers.map((worker) => message<PublisherResult>(worker));
    const brokerBefore = cpuMs(broker.pid!);
    const started = performance.now();
    for (const worker of workers) worker.send('go');
    const results = await Promise.all(finished);
    const expected = Math.floor(total / PUBLISHERS) * PUBLISHERS;
    while (received < expected && performance.now() - started < 120_000) await new Promise((resolve) => setTimeout(resolve, 5));
    const seconds = (performance.now() - started) / 1000;
    return {
      perSecond: received / seconds,
      brokerUs: ((cpuMs(broker.pid!) - brokerBefore) * 1000) / received,
      publisherUs: (results.reduce((sum, r) => sum + r.cpuMs, 0) * 1000) / received,
    };
  } finally {
    subscriber.destroy();
    for (const worker of workers) worker.kill();
    broker.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (!fs.existsSync(MOSQUITTO)) {
  console.log(`SKIPPED: ${MOSQUITTO} is not installed (npm test installs it: bin/test.ts)`);
} else {
  const total = Number(process.argv[2] ?? 100_000);
  const rounds = Number(process.argv[3] ?? 3);
  console.log(`Mosquitto alone: ${PUBLISHERS} publishers, QoS 1, a consumer that acknowledges at once and stores nothing; ${total.toLocaleString('en')} messages a round`);
  for (let i = 0; i < rounds; i++) {
    const r = await round(total);
    console.log(`  round ${i + 1}: ${r.perSecond.toFixed(0)} messages/s; CPU a message: Mosquitto ${r.brokerUs.toFixed(1)} µs, publishers ${r.publisherUs.toFixed(1)} µs`);
  }
}
