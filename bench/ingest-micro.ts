/**
 * The per-message work of MQTT ingestion before the store, measured in this process on synthetic batches of 2,000
 * readings as a broker sends them (QoS 1 PUBLISH packets in 64 KB chunks): framing and decoding the packets, reading
 * each message's envelope, validating the readings, and writing the PUBACKs. mqtt-packet's parser and generator,
 * which the subscriber used before, are measured on the same bytes for comparison. Each figure is the median over
 * many batches, per reading, after a warm-up (a consumer under load is warm).
 *
 * `npx tsx bench/ingest-micro.ts` runs it alone; `npm run bench` prints it in section (b).
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { generate, parser as createParser, type Packet } from 'mqtt-packet';
import type { SensorKind } from '../contracts/city/layout.js';
import { sensorId, sensorKind } from '../seed/demo-layout.js';
import { validateReadings, type IncomingReading } from '../subgraphs/sensors/domain/reading-validation.js';
import { parseReadingMessage, readingsTopic } from '../subgraphs/sensors/ingestion/message.js';
import { MqttFrameReader } from '../subgraphs/sensors/ingestion/mqtt-frames.js';
import { pubacks, type InboundMessage } from '../subgraphs/sensors/ingestion/mqtt-subscriber.js';

export interface IngestMicroResults {
  /** µs per reading, medians. */
  frameUs: number;
  messageUs: number;
  validateUs: number;
  pubackUs: number;
  totalUs: number;
  mqttPacketParseUs: number;
  mqttPacketPubackUs: number;
}

const BATCH = 2_000;
const SENSORS = 2_000;
const CHUNK_BYTES = 65_536;

/** Median per-reading microseconds of `run` over `batches` batches, after `warmup` batches not counted. */
function medianPerReading(batches: number, warmup: number, run: (batch: number) => void): number {
  for (let b = 0; b < warmup; b += 1) run(b);
  const perReading: number[] = [];
  for (let b = 0; b < batches; b += 1) {
    const t0 = process.hrtime.bigint();
    run(b);
    perReading.push(Number(process.hrtime.bigint() - t0) / 1000 / BATCH);
  }
  perReading.sort((x, y) => x - y);
  return perReading[Math.floor(perReading.length / 2)]!;
}

export function runIngestMicro(options: { batches?: number } = {}): IngestMicroResults {
  const batches = options.batches ?? 200;
  const warmup = Math.max(20, batches / 4);
  const now = new Date();
  const start = now.getTime() - 86_400_000;
  // A handful of distinct batches, so that no result is the JIT's answer to one repeated input.
  const wires = Array.from({ length: 8 }, (_, w) =>
    Buffer.concat(
      Array.from({ length: BATCH }, (_, i) => {
        const n = w * BATCH + i;
        const body = JSON.stringify({ at: new Date(start + Math.floor(n / SENSORS) * 1000 + (n % 1000)).toISOString(), value: sensorKind(n % SENSORS) === 'PUMP_STATUS' ? n % 2 : Math.round(Math.random() * 300) / 100 });
        return generate({ cmd: 'publish', topic: readingsTopic(sensorId(n % SENSORS)), payload: body, qos: 1, messageId: (n % 65_535) + 1, retain: false, dup: false }, { protocolVersion: 4 });
      }),
    ),
  );
  const chunksOf = (wire: Buffer) => Array.from({ length: Math.ceil(wire.length / CHUNK_BYTES) }, (_, c) => wire.subarray(c * CHUNK_BYTES, (c + 1) * CHUNK_BYTES));
  const chunks = wires.map(chunksOf);
  const kinds = new Map<string, SensorKind>(Array.from({ length: SENSORS }, (_, i) => [sensorId(i), sensorKind(i)]));
  const kindOf = (id: string) => kinds.get(id);

  const frame = (b: number): InboundMessage[] => {
    const messages: InboundMessage[] = [];
    const reader = new MqttFrameReader({
      onPublish: (topic, payload, messageId) => messages.push({ topic, payload, messageId, connection: 1 }),
      onControl: () => {},
      onError: (error) => {
        throw error;
      },
    });
    for (const chunk of chunks[b % chunks.length]!) reader.push(chunk);
    return messages;
  };
  const framed = wires.map((_, w) => frame(w));
  const read = (messages: InboundMessage[]): IncomingReading[] => {
    const readings: IncomingReading[] = [];
    for (const message of messages) {
      const parsed = parseReadingMessage(message.topic, message.payload);
      if ('reading' in parsed) readings.push(parsed.reading);
    }
    return readings;
  };
  const readings = framed.map(read);
  if (validateReadings(readings[0]!, kindOf, now).valid.length !== BATCH) throw new Error('the synthetic readings should all be valid');

  let sink = 0;
  const frameUs = medianPerReading(batches, warmup, (b) => (sink += frame(b).length));
  const messageUs = medianPerReading(batches, warmup, (b) => (sink += read(framed[b % framed.length]!).length));
  const validateUs = medianPerReading(batches, warmup, (b) => (sink += validateReadings(readings[b % readings.length]!, kindOf, now).valid.length));
  const pubackUs = medianPerReading(batches, warmup, (b) => (sink += pubacks(framed[b % framed.length]!, 1).length));
  const mqttPacketParseUs = medianPerReading(batches / 4, warmup / 4, (b) => {
    const parser = createParser({ protocolVersion: 4 });
    const packets: Packet[] = [];
    parser.on('packet', (packet: Packet) => packets.push(packet));
    for (const chunk of chunks[b % chunks.length]!) parser.parse(chunk);
    sink += packets.length;
  });
  const mqttPacketPubackUs = medianPerReading(batches / 4, warmup / 4, (b) => {
    const acks = framed[b % framed.length]!.map((m) => generate({ cmd: 'puback', messageId: m.messageId! }, { protocolVersion: 4 }));
    sink += Buffer.concat(acks).length;
  });
  if (sink === 0) throw new Error('nothing was measured');
  return { frameUs, messageUs, validateUs, pubackUs, totalUs: frameUs + messageUs + validateUs + pubackUs, mqttPacketParseUs, mqttPacketPubackUs };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === fs.realpathSync(process.argv[1])) {
  const r = runIngestMicro();
  const row = (label: string, us: number) => console.log(`  ${label.padEnd(52)} ${us.toFixed(2).padStart(6)} µs a reading`);
  console.log('MQTT ingestion, per-message work before the store (median, batches of 2,000)');
  row('frame and decode PUBLISH (MqttFrameReader)', r.frameUs);
  row('read the envelope (parseReadingMessage)', r.messageUs);
  row('validate (validateReadings)', r.validateUs);
  row('PUBACKs (pubacks)', r.pubackUs);
  row('total', r.totalUs);
  row('for comparison: mqtt-packet parser', r.mqttPacketParseUs);
  row('for comparison: mqtt-packet generate (PUBACK)', r.mqttPacketPubackUs);
}
