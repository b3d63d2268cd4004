import { randomUUID } from 'node:crypto';
import { isFloodReading, type FloodReading, type FloodReadings } from '../../../contracts/city/flood-readings.js';
import type { SensorsStore } from '../store.js';
import type { StoredReadings } from './store-readings.js';

/**
 * The flood event for a stored batch (contracts/city/flood-readings.ts): its river-gauge, rain and pump readings,
 * and the latest gauge levels of every district they belong to, read after the write (one indexed query).
 * `undefined` when the batch holds no such reading: most batches of a busy city are other kinds.
 */
export async function floodReadingsOf(store: SensorsStore, stored: StoredReadings, now: Date): Promise<FloodReadings | undefined> {
  const readings: FloodReading[] = [];
  for (const reading of stored.readings) {
    const sensor = stored.sensorsById.get(reading.sensorId);
    if (!sensor || !isFloodReading(sensor)) continue;
    readings.push({ sensorId: sensor.id, kind: sensor.kind, districtId: sensor.districtId, riverGauge: sensor.riverGauge, at: reading.at, value: reading.value });
  }
  if (readings.length === 0) return undefined;
  const districtIds = [...new Set(readings.map((reading) => reading.districtId))];
  const gaugeLevels: FloodReadings['gaugeLevels'] = Object.fromEntries(districtIds.map((id) => [id, []]));
  for (const level of await store.riverGaugeLevels(districtIds)) gaugeLevels[level.districtId]?.push({ sensorId: level.sensorId, value: level.value, at: level.at });
  return { id: randomUUID(), at: now.toISOString(), readings, gaugeLevels };
}
