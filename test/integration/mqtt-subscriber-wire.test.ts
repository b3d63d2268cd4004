import net from 'node:net';
import { afterEach, describe, expect, it } from '@jest/globals';
import { generate, parser as createParser, type Packet } from 'mqtt-packet';
import { createLogger } from '../../platform/logger.js';
import { MqttSubscriber, type InboundMessage } from '../../subgraphs/sensors/ingestion/mqtt-subscriber.js';

/**
 * The subscriber on the wire, against a scripted broker on loopback: the bytes a real broker would never send
 * (broken framing, a topic that is not UTF-8) and the exact PUBACK bytes. Real brokers: mqtt-ingestion.test.ts.
 */
const logger = createLogger({ service: 'test', level: 'silent' });
const PROTOCOL = { protocolVersion: 4 } as const;

interface BrokerConnection {
  socket: net.Socket;
  received: Packet[];
  closed: Promise<void>;
  /** Resolves with the first packet (from the start of the connection) that `match` accepts. */
  next(match: (packet: Packet) => boolean): Promise<Packet>;
}

/** A broker that accepts any client and leaves every reply to the test. */
async function scriptedBroker(): Promise<{ url: string; connections: BrokerConnection[]; connection(index: number): Promise<BrokerConnection>; close(): Promise<void> }> {
  const connections: BrokerConnection[] = [];
  const waiters: Array<() => void> = [];
  const server = net.createServer((socket) => {
    const received: Packet[] = [];
    const listeners: Array<() => void> = [];
    const parser = createParser(PROTOCOL);
    parser.on('packet', (packet: Packet) => {
      received.push(packet);
      for (const listener of listeners.splice(0)) listener();
    });
    socket.on('data', (chunk) => parser.parse(chunk));
    socket.on('error', () => {});
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    const next = (match: (packet: Packet) => boolean) =>
      new Promise<Packet>((resolve) => {
        const look = () => {
          const found = received.find(match);
          if (found) resolve(found);
          else listeners.push(look);
        };
        look();
      });
    connections.push({ socket, received, closed, next });
    for (const wake of waiters.splice(0)) wake();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `mqtt://127.0.0.1:${port}`,
    connections,
    async connection(index) {
      while (!connections[index]) await new Promise<void>((resolve) => waiters.push(resolve));
      return connections[index]!;
    },
    async close() {
      for (const c of connections) c.socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** CONNACK, then SUBACK once the client subscribes: the handshake every test starts with. */
async function acceptSubscriber(connection: BrokerConnection): Promise<void> {
  await connection.next((p) => p.cmd === 'connect');
  connection.socket.write(generate({ cmd: 'connack', returnCode: 0, sessionPresent: false }, PROTOCOL));
  const subscribe = await connection.next((p) => p.cmd === 'subscribe');
  connection.socket.write(generate({ cmd: 'suback', messageId: (subscribe as { messageId: number }).messageId, granted: [1] }, PROTOCOL));
}

const publish = (topic: string | Buffer, payload: string, messageId?: number): Buffer => {
  if (typeof topic === 'string') return generate({ cmd: 'publish', topic, payload, qos: messageId === undefined ? 0 : 1, messageId, retain: false, dup: false }, PROTOCOL);
  // A topic of raw bytes, which mqtt-packet's generator would encode as UTF-8 first.
  const body = Buffer.concat([Buffer.from([topic.length >> 8, topic.length & 0xff]), topic, Buffer.from([messageId! >> 8, messageId! & 0xff]), Buffer.from(payload)]);
  return Buffer.concat([Buffer.from([0x32, body.length]), body]);
};

describe('MQTT subscriber on the wire', () => {
  let cleanup: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const step of cleanup.reverse()) await step();
    cleanup = [];
  });

  async function start(): Promise<{ broker: Awaited<ReturnType<typeof scriptedBroker>>; subscriber: MqttSubscriber; batches: InboundMessage[][] }> {
    const broker = await scriptedBroker();
    const batches: InboundMessage[][] = [];
    const subscriber = new MqttSubscriber({ url: broker.url, clientId: 'wire-test', topicFilter: 'citygraph/sensors/+/readings', logger, onMessages: (messages) => batches.push(messages), minReconnectMs: 20 });
    cleanup.push(() => broker.close(), () => subscriber.destroy());
    subscriber.start();
    await acceptSubscriber(await broker.connection(0));
    await subscriber.waitReady();
    return { broker, subscriber, batches };
  }

  it('acknowledges a batch with one 4-byte PUBACK per QoS 1 message, in arrival order, across packets split between writes', async () => {
    const { broker, subscriber, batches } = await start();
    const first = broker.connections[0]!;
    const wire = Buffer.concat([publish('citygraph/sensors/S-1/readings', '{"a":1}', 300), publish('citygraph/sensors/S-2/readings', '{"b":2}'), publish('citygraph/sensors/S-3/readings', '{"c":3}', 7)]);
    // Split inside the second packet's fixed header and inside the third's topic.
    first.socket.write(wire.subarray(0, 40));
    await new Promise((resolve) => setTimeout(resolve, 20));
    first.socket.write(wire.subarray(40, 70));
    await new Promise((resolve) => setTimeout(resolve, 20));
    first.socket.write(wire.subarray(70));
    while (batches.flat().length < 3) await new Promise((resolve) => setTimeout(resolve, 5));
    const messages = batches.flat();
    expect(messages.map((m) => [m.topic, m.payload.toString(), m.messageId])).toEqual([
      ['citygraph/sensors/S-1/readings', '{"a":1}', 300],
      ['citygraph/sensors/S-2/readings', '{"b":2}', undefined],
      ['citygraph/sensors/S-3/readings', '{"c":3}', 7],
    ]);
    subscriber.acknowledge(messages);
    await first.next((p) => p.cmd === 'puback' && p.messageId === 7);
    expect(first.received.filter((p) => p.cmd === 'puback').map((p) => (p as { messageId: number }).messageId)).toEqual([300, 7]);
  });

  it('drops the connection on a remaining length longer than 4 bytes, keeps what came before it, and reconnects with its session', async () => {
    const { broker, batches } = await start();
    const first = broker.connections[0]!;
    first.socket.write(Buffer.concat([publish('citygraph/sensors/S-1/readings', '{"before":1}', 1), Buffer.from([0x32, 0xff, 0xff, 0xff, 0xff, 0x01]), publish('citygraph/sensors/S-2/readings', '{"after":1}', 2)]));
    await first.closed;
    expect(batches.flat().map((m) => m.payload.toString())).toEqual(['{"before":1}']);
    const second = await broker.connection(1);
    const connect = (await second.next((p) => p.cmd === 'connect')) as { clientId: string; clean: boolean };
    expect([connect.clientId, connect.clean]).toEqual(['wire-test', false]);
  });

  it('delivers a message whose topic is not UTF-8 with the empty topic and stays connected', async () => {
    const { broker, batches } = await start();
    const first = broker.connections[0]!;
    first.socket.write(Buffer.concat([publish(Buffer.from([0x61, 0xc3, 0x28]), '{}', 5), publish('citygraph/sensors/S-1/readings', '{}', 6)]));
    while (batches.flat().length < 2) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(batches.flat().map((m) => [m.topic, m.messageId])).toEqual([
      ['', 5],
      ['citygraph/sensors/S-1/readings', 6],
    ]);
    expect(first.socket.destroyed).toBe(false);
    expect(broker.connections).toHaveLength(1);
  });
});
