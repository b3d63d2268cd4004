import type { IncomingReading } from '../domain/reading-validation.js';

/**
 * The MQTT message format (docs/mqtt-ingestion.md): topic `<root>/<sensorId>/readings`, root `citygraph/sensors`,
 * payload the UTF-8 JSON object `{"at": "2026-11-28T08:00:00Z", "value": 1.23}`. The time and value are checked
 * later by the same rules as `ingestReadings`; this only reads the envelope.
 */
export const DEFAULT_TOPIC_ROOT = 'citygraph/sensors';
/** A reading is a few dozen bytes; anything much larger is not one, and is not parsed. */
export const MAX_PAYLOAD_BYTES = 1024;
const SENSOR_ID = /^[A-Za-z0-9_.:-]{1,64}$/;

export function readingsTopic(sensorId: string, root = DEFAULT_TOPIC_ROOT): string {
  return `${root}/${sensorId}/readings`;
}

/** What the consumer subscribes to: a shared subscription splits the messages among a group's members. */
export function readingsTopicFilter(options: { root?: string; sharedGroup?: string } = {}): string {
  const filter = `${options.root ?? DEFAULT_TOPIC_ROOT}/+/readings`;
  return options.sharedGroup ? `$share/${options.sharedGroup}/${filter}` : filter;
}

export type ParsedMessage = { reading: IncomingReading } | { malformed: string };

export function parseReadingMessage(topic: string, payload: Uint8Array, root = DEFAULT_TOPIC_ROOT): ParsedMessage {
  const prefixLength = root.length + 1;
  if (!(topic.startsWith(root) && topic.charCodeAt(root.length) === SLASH && topic.endsWith(SUFFIX))) return { malformed: 'The topic is not <root>/<sensorId>/readings.' };
  const sensorId = topic.slice(prefixLength, topic.length - SUFFIX.length);
  if (!SENSOR_ID.test(sensorId)) return { malformed: 'The topic does not name a sensor id.' };
  if (payload.byteLength > MAX_PAYLOAD_BYTES) return { malformed: `The payload is over ${MAX_PAYLOAD_BYTES} bytes.` };
  let body: unknown;
  try {
    body = JSON.parse(utf8(payload));
  } catch {
    return { malformed: 'The payload is not JSON.' };
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { malformed: 'The payload is not a JSON object {"at", "value"}.' };
  const { at, value } = body as Record<string, unknown>;
  return { reading: { sensorId, at, value } };
}

const SLASH = 0x2f;
const SUFFIX = '/readings';

/** The bytes as UTF-8 text (malformed sequences as U+FFFD, as Buffer decodes them). */
function utf8(bytes: Uint8Array): string {
  // The subscriber hands Buffers; a bare Uint8Array is viewed as one first (no copy).
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return buffer.toString();
}
