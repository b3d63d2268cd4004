/**
 * One MQTT publisher in a process of its own (bench/ingestion.ts): it plays a share of the city's devices, sending
 * QoS 1 PUBLISH packets (one reading each) to the broker over a plain socket and keeping at most `window` of them
 * waiting for the broker's PUBACK. The packets are encoded before the clock starts: what is measured is the broker
 * and the hub's consumer, not the load generator (mqtt.js spent about 34 µs of the bench process's CPU a message, a
 * third of the two cores the run is sharing). Gets its job over IPC, answers over IPC when every reading was
 * acknowledged, exits.
 */
import net from 'node:net';
import { generate } from 'mqtt-packet';

export interface PublisherJob {
  brokerUrl: string;
  clientId: string;
  /** Topic and JSON payload of each reading this publisher sends, in order. */
  messages: Array<[topic: string, payload: string]>;
  window: number;
}

export interface PublisherResult {
  acknowledged: number;
  /** CPU this process used while publishing, in ms. */
  cpuMs: number;
}

const PROTOCOL = { protocolVersion: 4 } as const;

/** Connects and encodes every packet; resolves with `go`, which starts publishing and resolves when all are acknowledged. */
function prepare(job: PublisherJob): Promise<{ go(): Promise<PublisherResult> }> {
  const url = new URL(job.brokerUrl);
  const packets = job.messages.map(([topic, payload], i) =>
    generate({ cmd: 'publish', topic, payload: Buffer.from(payload), qos: 1, messageId: (i % 65535) + 1, retain: false, dup: false }, PROTOCOL),
  );
  return new Promise((ready, reject) => {
    const socket = net.connect({ host: url.hostname, port: Number(url.port || 1883) });
    socket.setNoDelay(true);
    let pending: Buffer = Buffer.alloc(0);
    let sent = 0;
    let acknowledged = 0;
    let publishing = false;
    let cpuStart = process.cpuUsage();
    let done: (result: PublisherResult) => void = () => {};
    /** Writes packets up to the window in one write. */
    const fill = () => {
      const upTo = Math.min(packets.length, acknowledged + job.window);
      if (sent >= upTo) return;
      socket.write(Buffer.concat(packets.slice(sent, upTo)));
      sent = upTo;
    };
    socket.on('connect', () => socket.write(generate({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: 4, clean: true, clientId: job.clientId, keepalive: 60 }, PROTOCOL)));
    socket.on('data', (chunk: Buffer) => {
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      let at = 0;
      // Fixed header, remaining length (1 to 4 bytes), body: the broker sends this client CONNACK and PUBACKs.
      for (;;) {
        let length = 0;
        let i = at + 1;
        let complete = false;
        for (let multiplier = 1; i < pending.length && i <= at + 4; multiplier *= 128) {
          const byte = pending[i++]!;
          length += (byte & 0x7f) * multiplier;
          if ((byte & 0x80) === 0) {
            complete = true;
            break;
          }
        }
        if (!complete || i + length > pending.length) break;
        const type = pending[at]! >> 4;
        if (type === 2) {
          if (pending[i + 1] !== 0) return reject(new Error(`the broker refused the publisher: ${pending[i + 1]}`));
          ready({
            go: () => {
              publishing = true;
              cpuStart = process.cpuUsage();
              fill();
              return new Promise((resolve) => (done = resolve));
            },
          });
        } else if (type === 4) acknowledged++;
        at = i + length;
      }
      pending = pending.subarray(at);
      if (!publishing) return;
      if (acknowledged === packets.length) {
        const cpu = process.cpuUsage(cpuStart);
        socket.end(generate({ cmd: 'disconnect' }, PROTOCOL));
        done({ acknowledged, cpuMs: (cpu.user + cpu.system) / 1000 });
        return;
      }
      fill();
    });
    socket.on('error', reject);
  });
}

process.once('message', (message) => {
  prepare(message as PublisherJob).then(
    (publisher) => {
      process.once('message', () => void publisher.go().then((result) => process.send!(result, undefined, {}, () => process.exit(0))));
      process.send!({ ready: true });
    },
    (error: unknown) => {
      console.error('publisher failed:', error);
      process.exit(1);
    },
  );
});
