import { isUtf8 } from 'node:buffer';

/**
 * Splits the byte stream of an MQTT 3.1.1 connection into packets and decodes PUBLISH packets itself; every other
 * packet is handed over whole (fixed header included) for a general parser to read.
 *
 * Why not mqtt-packet's parser for everything: at tens of thousands of readings a second its buffer list, state
 * machine and packet objects cost 1.1-1.5 µs a PUBLISH warm (5-7 µs measured batch by batch beside the store's
 * work), more than the rest of the per-message work. Here a PUBLISH costs one topic string and one payload view,
 * about 0.4 µs (bench/ingest-micro.ts).
 *
 * Contract:
 * - `push` takes the chunks exactly as the socket delivers them: a packet may be split anywhere across chunks (its
 *   remaining length too), and one chunk may hold many packets. Packets are reported in stream order.
 * - A PUBLISH is reported as (topic, payload, messageId); messageId is absent for QoS 0. The payload is a view
 *   into the chunk (or, for a packet that spanned chunks, into a buffer holding just that packet), not a copy: a
 *   socket's chunk is what one read returned (at most 64 KB, sized to the bytes read), and the messages in it wait
 *   together for their batch to be stored, so what the views keep alive is about the bytes of the messages awaiting
 *   acknowledgement, which the broker's in-flight window bounds. Copying cost 0.14 µs a message, a quarter of the
 *   reader's time (bench/ingest-micro.ts).
 * - A topic that is not well-formed UTF-8 (MQTT-1.5.3-1) is reported as the empty string, which is never a valid
 *   topic name: the consumer counts the message malformed, acknowledges and drops it. Closing the connection
 *   instead would only have the broker deliver the same message again on reconnect, for ever (a persistent
 *   session redelivers unacknowledged messages); mqtt-packet decoded such topics lossily and kept going.
 * - Malformed framing (a remaining length longer than 4 bytes, QoS bits 11, a topic or packet id running past the
 *   packet's end) calls `onError` once; nothing is reported after it and later chunks are ignored. The caller
 *   drops the connection, as it did on mqtt-packet's 'error'.
 */
export interface FrameSink {
  onPublish(topic: string, payload: Buffer, messageId: number | undefined): void;
  /** Any packet other than PUBLISH, fixed header included. Call `abandon()` from here to stop reading. */
  onControl(packet: Buffer): void;
  onError(error: Error): void;
}

const PUBLISH = 3;
/** The remaining length takes at most 4 bytes (MQTT-2.2.3); the fixed header at most 5. */
const MAX_LENGTH_BYTES = 4;
const MAX_HEADER_BYTES = 1 + MAX_LENGTH_BYTES;
const INCOMPLETE = -1;
const BAD_LENGTH = -2;

export class MqttFrameReader {
  /** The start of an unfinished packet: views of the chunks it arrived in, in order. */
  private held: Buffer[] = [];
  private heldBytes = 0;
  /** The unfinished packet's whole length once its fixed header is known, else INCOMPLETE. */
  private heldPacketBytes = INCOMPLETE;
  private failed = false;

  constructor(private readonly sink: FrameSink) {}

  push(chunk: Buffer): void {
    if (this.failed || chunk.length === 0) return;
    let offset = 0;
    if (this.heldBytes > 0) {
      offset = this.finishHeld(chunk);
      if (offset < 0) return;
    }
    this.scan(chunk, offset);
  }

  /**
   * Adds the chunk to the unfinished packet. Returns where the rest of the chunk starts once the packet is complete
   * and reported, or -1 when the packet still needs more (or the stream failed).
   */
  private finishHeld(chunk: Buffer): number {
    const before = this.heldBytes;
    this.held.push(chunk);
    this.heldBytes += chunk.length;
    if (this.heldPacketBytes === INCOMPLETE) {
      // The fixed header itself was split: read it from the first few bytes held.
      const head = Buffer.concat(this.held, Math.min(MAX_HEADER_BYTES, this.heldBytes));
      const packetBytes = packetLength(head, 0, head.length);
      if (packetBytes === BAD_LENGTH) this.fail(badLength());
      if (packetBytes < 0) return -1;
      this.heldPacketBytes = packetBytes;
    }
    if (this.heldBytes < this.heldPacketBytes) return -1;
    const fromChunk = this.heldPacketBytes - before;
    this.held[this.held.length - 1] = chunk.subarray(0, fromChunk);
    const packet = Buffer.concat(this.held, this.heldPacketBytes);
    this.held = [];
    this.heldBytes = 0;
    this.heldPacketBytes = INCOMPLETE;
    this.packet(packet, 0, packet.length);
    return this.failed ? -1 : fromChunk;
  }

  /** Reports every whole packet in `chunk` from `offset`, and holds the unfinished one at its end. */
  private scan(chunk: Buffer, offset: number): void {
    const end = chunk.length;
    while (offset < end) {
      const packetBytes = packetLength(chunk, offset, end);
      if (packetBytes === BAD_LENGTH) return this.fail(badLength());
      if (packetBytes === INCOMPLETE || offset + packetBytes > end) {
        this.held.push(chunk.subarray(offset));
        this.heldBytes = end - offset;
        this.heldPacketBytes = packetBytes;
        return;
      }
      this.packet(chunk, offset, offset + packetBytes);
      if (this.failed) return;
      offset += packetBytes;
    }
  }

  /** One whole packet: bytes [start, end) of `buffer`. */
  private packet(buffer: Buffer, start: number, end: number): void {
    const first = buffer[start]!;
    if (first >> 4 !== PUBLISH) {
      this.sink.onControl(buffer.subarray(start, end));
      return;
    }
    const qos = (first >> 1) & 3;
    if (qos === 3) return this.fail(new Error('Packet must not have both QoS bits set to 1'));
    let at = start + 1;
    while (buffer[at]! & 0x80) at += 1;
    at += 1;
    if (end - at < 2) return this.fail(new Error('Cannot parse topic'));
    const topicStart = at + 2;
    const topicEnd = topicStart + ((buffer[at]! << 8) | buffer[at + 1]!);
    if (topicEnd > end) return this.fail(new Error('Cannot parse topic'));
    let payloadStart = topicEnd;
    let messageId: number | undefined;
    if (qos > 0) {
      if (end - topicEnd < 2) return this.fail(new Error('Cannot parse messageId'));
      messageId = (buffer[topicEnd]! << 8) | buffer[topicEnd + 1]!;
      payloadStart += 2;
    }
    this.sink.onPublish(topicOf(buffer, topicStart, topicEnd), buffer.subarray(payloadStart, end), messageId);
  }

  /** Stops for good: nothing more is reported, later chunks are ignored (the connection is being dropped). */
  abandon(): void {
    this.failed = true;
    this.held = [];
    this.heldBytes = 0;
  }

  private fail(error: Error): void {
    this.abandon();
    this.sink.onError(error);
  }
}

/**
 * The whole length (fixed header included) of the packet starting at `start`, read from its fixed header;
 * INCOMPLETE when the header is not all in [start, end), BAD_LENGTH when its remaining length runs past 4 bytes.
 */
function packetLength(buffer: Buffer, start: number, end: number): number {
  let remaining = 0;
  let multiplier = 1;
  for (let i = 1; i <= MAX_LENGTH_BYTES; i += 1) {
    if (start + i >= end) return INCOMPLETE;
    const byte = buffer[start + i]!;
    remaining += (byte & 0x7f) * multiplier;
    if ((byte & 0x80) === 0) return 1 + i + remaining;
    multiplier *= 0x80;
  }
  return BAD_LENGTH;
}

function badLength(): Error {
  return new Error('Invalid variable byte integer');
}

/** The topic name, or '' when its bytes are not well-formed UTF-8. */
function topicOf(buffer: Buffer, start: number, end: number): string {
  const topic = buffer.toString('utf8', start, end);
  // As many characters as bytes and no replacement character: every byte was ASCII, so the bytes were valid.
  if (topic.length === end - start && !topic.includes('\uFFFD')) return topic;
  return isUtf8(buffer.subarray(start, end)) ? topic : '';
}
