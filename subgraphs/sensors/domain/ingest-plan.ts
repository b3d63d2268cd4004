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

/** What the batch holds of one sensor: its newest reading, and the times of all its readings once it sent two. */
interface SensorInBatch {
  sensor: SensorRecord;
  newest: ReadingRecord;
  times?: Set<string>;
}

/**
 * What an accepted batch changes. Repeats (same sensor and time) collapse into one reading; an OFFLINE sensor that
 * reports is ACTIVE again, while MAINTENANCE is left for staff to lift. A sensor record is not rewritten for every
 * reading (that was a third of ingestion's CPU): when it was last heard from is its newest reading's `receivedAt`.
 * One map lookup per reading: a sensor usually reports once per batch, and only a sensor that sends several gets a
 * set of times to find repeats in.
 */
export function planIngest(valid: readonly ValidReading[], sensorsById: ReadonlyMap<string, SensorRecord>, receivedAt: Date): IngestPlan {
  const readings: ReadingRecord[] = [];
  const bySensor = new Map<string, SensorInBatch>();
  for (const reading of valid) {
    const seen = bySensor.get(reading.sensorId);
    if (seen) {
      seen.times ??= new Set([seen.newest.at]);
      if (seen.times.has(reading.at)) continue;
      seen.times.add(reading.at);
    }
    const sensor = seen?.sensor ?? sensorsById.get(reading.sensorId)!;
    const record: ReadingRecord = { id: readingId(reading.sensorId, reading.at), sensorId: reading.sensorId, at: reading.at, value: reading.value, unit: unitOf(sensor.kind) };
    readings.push(record);
    if (!seen) bySensor.set(reading.sensorId, { sensor, newest: record });
    else if (seen.newest.at < record.at) seen.newest = record;
  }
  const seenAt = receivedAt.toISOString();
  const latest: LatestReadingRecord[] = [];
  const sensors: SensorRecord[] = [];
  for (const { sensor, newest } of bySensor.values()) {
    latest.push({
      id: sensor.id,
      sensorId: newest.sensorId,
      at: newest.at,
      value: newest.value,
      unit: newest.unit,
      districtId: sensor.districtId,
      riverGauge: sensor.riverGauge,
      intersectionId: sensor.intersectionId,
      receivedAt: seenAt,
    });
    if (sensor.status === 'OFFLINE') sensors.push({ ...sensor, lastSeenAt: seenAt, status: 'ACTIVE' });
  }
  return { readings, latest, sensors };
}
