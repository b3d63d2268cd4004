import { describe, expect, it } from '@jest/globals';
import { generate, parser as createParser, type Packet } from 'mqtt-packet';
import { MqttFrameReader } from '../../../../../subgraphs/sensors/ingestion/mqtt-frames.js';
import { pubacks, type InboundMessage } from '../../../../../subgraphs/sensors/ingestion/mqtt-subscriber.js';
import { labelled } from '../../../../support/labelled.js';

const PROTOCOL = { protocolVersion: 4 } as const;

type Seen = { publish: { topic: string; payload: string; messageId: number | undefined } } | { control: string } | { error: string };

/** A reader that records everything it reports, in order. */
function recorder(): { reader: MqttFrameReader; seen: Seen[]; payloads: Buffer[] } {
  const seen: Seen[] = [];
  const payloads: Buffer[] = [];
  const reader = new MqttFrameReader({
    onPublish(topic, payload, messageId) {
      payloads.push(payload);
      seen.push({ publish: { topic, payload: payload.toString('hex'), messageId } });
    },
    onControl(packet) {
      seen.push({ control: packet.toString('hex') });
    },
    onError(error) {
      seen.push({ error: error.message });
    },
  });
  return { reader, seen, payloads };
}

function publish(topic: string, payload: Buffer | string, qos: 0 | 1, messageId?: number): Buffer {
  return generate({ cmd: 'publish', topic, payload, qos, messageId, retain: false, dup: false }, PROTOCOL);
}

/** What mqtt-packet's own parser makes of the same bytes: the oracle for the frame reader. */
function oracle(wire: Buffer): Seen[] {
  const seen: Seen[] = [];
  const parser = createParser(PROTOCOL);
  parser.on('packet', (packet: Packet) => {
    if (packet.cmd === 'publish') {
      const payload = typeof packet.payload === 'string' ? Buffer.from(packet.payload) : packet.payload;
      seen.push({ publish: { topic: packet.topic, payload: payload.toString('hex'), messageId: packet.qos > 0 ? packet.messageId : undefined } });
    } else {
      seen.push({ control: generate(packet, PROTOCOL).toString('hex') });
    }
  });
  parser.on('error', (error: Error) => seen.push({ error: error.message }));
  parser.parse(wire);
  return seen;
}

const reading = (i: number) => JSON.stringify({ at: new Date(Date.UTC(2026, 10, 28, 8, 0, i)).toISOString(), value: i / 100 });

/** A little of everything a broker sends a subscriber: CONNACK, SUBACK, publishes at QoS 0 and 1, PINGRESP. */
function mixedStream(): Buffer {
  return Buffer.concat([
    generate({ cmd: 'connack', returnCode: 0, sessionPresent: true }, PROTOCOL),
    generate({ cmd: 'suback', messageId: 1, granted: [1] }, PROTOCOL),
    publish('citygraph/sensors/S-000001/readings', reading(1), 1, 1),
    publish('citygraph/sensors/S-000002/readings', reading(2), 0),
    publish('citygraph/sensors/S-000003/readings', 'x'.repeat(200), 1, 65535),
    generate({ cmd: 'pingresp' }, PROTOCOL),
    publish('citygraph/sensors/S-000004/readings', '', 1, 256),
    publish('citygraph/sensors/S-000005/readings', reading(5), 1, 2),
  ]);
}

describe('MQTT frame reader', () => {
  it('reports what mqtt-packet would for a mixed stream in one chunk', () => {
    const wire = mixedStream();
    const { reader, seen } = recorder();
    reader.push(wire);
    expect(seen).toEqual(oracle(wire));
    expect(seen.filter((s) => 'publish' in s)).toHaveLength(5);
  });

  it('reads the same packets whichever byte boundary a chunk ends at', () => {
    const wire = mixedStream();
    const expected = oracle(wire);
    for (let cut = 0; cut <= wire.length; cut += 1) {
      const { reader, seen } = recorder();
      reader.push(wire.subarray(0, cut));
      reader.push(wire.subarray(cut));
      labelled(`cut at byte ${cut}`, () => expect(seen).toEqual(expected));
    }
  });

  it('reads the same packets when every byte arrives in a chunk of its own, and at two cuts', () => {
    const wire = mixedStream();
    const expected = oracle(wire);
    const { reader, seen } = recorder();
    for (let i = 0; i < wire.length; i += 1) reader.push(wire.subarray(i, i + 1));
    expect(seen).toEqual(expected);
    for (let a = 0; a <= wire.length; a += 7) {
      for (let b = a; b <= wire.length; b += 5) {
        const two = recorder();
        for (const part of [wire.subarray(0, a), wire.subarray(a, b), wire.subarray(b)]) two.reader.push(part);
        labelled(`cuts at ${a} and ${b}`, () => expect(two.seen).toEqual(expected));
      }
    }
  });

  it('reads thousands of publishes from one chunk, in order, with their ids', () => {
    const count = 5000;
    const wire = Buffer.concat(Array.from({ length: count }, (_, i) => publish(`citygraph/sensors/S-${String(i).padStart(6, '0')}/readings`, reading(i), 1, (i % 65535) + 1)));
    const { reader, seen } = recorder();
    reader.push(wire);
    expect(seen).toHaveLength(count);
    expect(seen).toEqual(oracle(wire));
    expect(seen[4999]).toEqual({ publish: { topic: 'citygraph/sensors/S-004999/readings', payload: Buffer.from(reading(4999)).toString('hex'), messageId: 5000 } });
  });

  it('reads remaining lengths of 1, 2, 3 and 4 bytes, split inside the length or not', () => {
    const topic = 'citygraph/sensors/S-000001/readings';
    // Remaining length = 2 + topic + 2 + payload: under 128, under 16,384, under 2,097,152, and above.
    for (const [bytes, size] of [[1, 10], [2, 200], [3, 20_000], [4, 2_100_000]] as const) {
      const payload = Buffer.alloc(size, size % 251);
      const packet = publish(topic, payload, 1, 7);
      labelled(`${bytes}-byte remaining length`, () => expect(packet.subarray(1, 1 + bytes).every((b, i) => (i < bytes - 1 ? b >= 0x80 : b < 0x80))).toBe(true));
      for (const cut of [1, 2, 3, bytes + 1, bytes + 2, packet.length - 1]) {
        const { reader, seen, payloads } = recorder();
        reader.push(Buffer.concat([packet.subarray(0, cut)]));
        reader.push(Buffer.concat([packet.subarray(cut), publish(topic, 'next', 0)]));
        labelled(`${bytes}-byte length, cut at ${cut}`, () => {
          expect(seen.length).toBe(2);
          expect(payloads[0]!.equals(payload)).toBe(true);
          expect(seen[1]).toEqual({ publish: { topic, payload: Buffer.from('next').toString('hex'), messageId: undefined } });
        });
      }
    }
  });

  it('gives a QoS 0 publish no packet id and a QoS 1 publish its id', () => {
    const { reader, seen } = recorder();
    reader.push(Buffer.concat([publish('a/b', 'zero', 0), publish('a/b', 'one', 1, 4242)]));
    expect(seen).toEqual([
      { publish: { topic: 'a/b', payload: Buffer.from('zero').toString('hex'), messageId: undefined } },
      { publish: { topic: 'a/b', payload: Buffer.from('one').toString('hex'), messageId: 4242 } },
    ]);
  });

  it('gives each payload as a view of exactly its bytes, and a packet spread over chunks a buffer of its own', () => {
    const chunk = Buffer.concat([publish('a/b', 'first', 1, 1), publish('a/b', 'second', 1, 2)]);
    const spread = publish('a/b', 'z'.repeat(10_000), 1, 3);
    const { reader, payloads } = recorder();
    reader.push(chunk);
    reader.push(spread.subarray(0, 5_000));
    reader.push(spread.subarray(5_000));
    expect(payloads.map((p) => p.toString())).toEqual(['first', 'second', 'z'.repeat(10_000)]);
    expect(payloads[1]!.buffer).toBe(chunk.buffer);
    expect(payloads[1]!.byteOffset + payloads[1]!.length).toBe(chunk.byteOffset + chunk.length);
    // Not a view of either chunk: only this packet's bytes, copied once when its last part arrived.
    expect(payloads[2]!.buffer === spread.buffer).toBe(false);
    expect(payloads[2]!.buffer.byteLength).toBeLessThanOrEqual(spread.length + 8192);
  });

  it('hands every other packet over whole, fixed header included', () => {
    const suback = generate({ cmd: 'suback', messageId: 1, granted: [1] }, PROTOCOL);
    const { reader, seen } = recorder();
    reader.push(Buffer.concat([suback, generate({ cmd: 'pingresp' }, PROTOCOL)]));
    expect(seen).toEqual([{ control: suback.toString('hex') }, { control: 'd000' }]);
  });

  it('fails once on a remaining length that needs a fifth byte, reports nothing after it and ignores later chunks', () => {
    const good = publish('a/b', 'before', 1, 1);
    const bad = Buffer.from([0x32, 0xff, 0xff, 0xff, 0xff, 0x01, 0x00]);
    for (const cut of [0, good.length + 1, good.length + 3, good.length + 5]) {
      const { reader, seen } = recorder();
      const wire = Buffer.concat([good, bad, publish('a/b', 'after', 1, 2)]);
      reader.push(wire.subarray(0, cut));
      reader.push(wire.subarray(cut));
      reader.push(publish('a/b', 'later', 1, 3));
      labelled(`cut at ${cut}`, () =>
        expect(seen).toEqual([{ publish: { topic: 'a/b', payload: Buffer.from('before').toString('hex'), messageId: 1 } }, { error: 'Invalid variable byte integer' }]),
      );
    }
  });

  it('fails on a publish with both QoS bits set, a topic past the packet end, or a QoS 1 publish without an id', () => {
    const cases: Array<[string, Buffer, string]> = [
      ['QoS 3', Buffer.from([0x36, 0x05, 0x00, 0x01, 0x61, 0x00, 0x01]), 'Packet must not have both QoS bits set to 1'],
      ['topic longer than the packet', Buffer.from([0x30, 0x04, 0x00, 0x09, 0x61, 0x62]), 'Cannot parse topic'],
      ['no room for a topic length', Buffer.from([0x30, 0x01, 0x00]), 'Cannot parse topic'],
      ['QoS 1 without a packet id', Buffer.from([0x32, 0x04, 0x00, 0x02, 0x61, 0x62]), 'Cannot parse messageId'],
    ];
    for (const [what, wire, message] of cases) {
      const { reader, seen } = recorder();
      reader.push(Buffer.concat([wire, publish('a/b', 'after', 0)]));
      labelled(what, () => expect(seen).toEqual([{ error: message }]));
    }
  });

  it('reads a UTF-8 topic and reports one that is not well-formed UTF-8 as the empty topic', () => {
    const topicBytes = (bytes: number[]) => Buffer.concat([Buffer.from([0x30, 2 + bytes.length + 1, 0x00, bytes.length]), Buffer.from(bytes), Buffer.from('p')]);
    const { reader, seen } = recorder();
    reader.push(publish('citygraph/sensors/Straße-\uFFFD/readings', 'p', 0));
    reader.push(topicBytes([0x61, 0xff, 0x62]));
    reader.push(topicBytes([0x80]));
    reader.push(topicBytes([0xed, 0xa0, 0x80])); // an encoded surrogate, which UTF-8 forbids
    reader.push(topicBytes([0xe2, 0x82])); // a truncated sequence
    reader.push(topicBytes([0xc3, 0xa9])); // é
    expect(seen.map((s) => ('publish' in s ? s.publish.topic : s))).toEqual(['citygraph/sensors/Straße-\uFFFD/readings', '', '', '', '', 'é']);
  });

  it('reads exactly what mqtt-packet reads from random streams cut into random chunks', () => {
    let seed = 12345;
    const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    for (let round = 0; round < 200; round += 1) {
      const packets: Buffer[] = [];
      for (let p = 0, n = 1 + Math.floor(random() * 20); p < n; p += 1) {
        const kind = random();
        if (kind < 0.1) packets.push(generate({ cmd: 'pingresp' }, PROTOCOL));
        else if (kind < 0.15) packets.push(generate({ cmd: 'suback', messageId: 1 + Math.floor(random() * 65535), granted: [1] }, PROTOCOL));
        else {
          const size = random() < 0.1 ? Math.floor(random() * 40_000) : Math.floor(random() * 120);
          const payload = Buffer.from(Array.from({ length: size }, () => Math.floor(random() * 256)));
          const topic = `t/${'x'.repeat(Math.floor(random() * 300))}/${Math.floor(random() * 1e6)}`;
          packets.push(random() < 0.3 ? publish(topic, payload, 0) : publish(topic, payload, 1, 1 + Math.floor(random() * 65535)));
        }
      }
      const wire = Buffer.concat(packets);
      const { reader, seen } = recorder();
      for (let at = 0; at < wire.length; ) {
        const size = random() < 0.5 ? 1 + Math.floor(random() * 8) : 1 + Math.floor(random() * 70_000);
        reader.push(wire.subarray(at, at + size));
        at += size;
      }
      labelled(`round ${round}`, () => expect(seen).toEqual(oracle(wire)));
    }
  });
});

describe('PUBACKs', () => {
  const message = (messageId: number | undefined, connection = 1): InboundMessage => ({ topic: 't', payload: Buffer.alloc(0), messageId, connection });

  it('are 0x40 0x02 and the packet id for each QoS 1 message of this connection, in order, in one buffer', () => {
    const ids = [1, 255, 256, 4242, 65535];
    const acks = pubacks([message(1), message(undefined), message(255), message(256), message(9, 2), message(4242), message(65535)], 1);
    expect(acks.toString('hex')).toBe(Buffer.concat(ids.map((messageId) => generate({ cmd: 'puback', messageId }, PROTOCOL))).toString('hex'));
    expect(acks.subarray(0, 4)).toEqual(Buffer.from([0x40, 0x02, 0x00, 0x01]));
  });

  it('are nothing when no message needs one', () => {
    expect(pubacks([message(undefined), message(3, 2)], 1).length).toBe(0);
  });
});
