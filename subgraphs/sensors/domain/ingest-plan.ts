import type { LatestReadingRecord, ReadingRecord, SensorRecord } from '../store.js';
import { readingId } from '../store.js';
import { unitOf } from './reading-units.js';
import type { ValidReading } from './reading-validation.js';

export interface IngestPlan {
  readings: ReadingRecord[];
  /** Each reporting sensor's newest reading of the batch (the store keeps it only if it is newer than the stored one). */
  latest: LatestReadingRecord[];
  /** Only sensors whose status changes: an OFFLINE sensor that reports is ACTIVE again (with `lastSeenAt`). */
  sensors: SensorRecord[];
}

/**
 * What an accepted batch changes. Repeats (same sensor and time) collapse into one reading; an OFFLINE sensor that
 * reports is ACTIVE again, while MAINTENANCE is left for staff to lift. A sensor record is not rewritten for every
 * reading (that was a third of ingestion's CPU): when it was last heard from is its newest reading's `receivedAt`.
 */
export function planIngest(valid: readonly ValidReading[], sensorsById: ReadonlyMap<string, SensorRecord>, receivedAt: Date): IngestPlan {
  const readings = new Map<string, ReadingRecord>();
  const newest = new Map<string, ReadingRecord>();
  for (const reading of valid) {
    const sensor = sensorsById.get(reading.sensorId)!;
    const record: ReadingRecord = { id: readingId(reading.sensorId, reading.at), sensorId: reading.sensorId, at: reading.at, value: reading.value, unit: unitOf(sensor.kind) };
    if (!readings.has(record.id)) readings.set(record.id, record);
    const current = newest.get(reading.sensorId);
    if (!current || current.at < record.at) newest.set(reading.sensorId, record);
  }
  const seenAt = receivedAt.toISOString();
  const latest: LatestReadingRecord[] = [];
  const sensors: SensorRecord[] = [];
  for (const [sensorId, reading] of newest) {
    const sensor = sensorsById.get(sensorId)!;
    latest.push({ ...reading, id: sensorId, districtId: sensor.districtId, riverGauge: sensor.riverGauge, intersectionId: sensor.intersectionId, receivedAt: seenAt });
    if (sensor.status === 'OFFLINE') sensors.push({ ...sensor, lastSeenAt: seenAt, status: 'ACTIVE' });
  }
  return { readings: [...readings.values()], latest, sensors };
}
