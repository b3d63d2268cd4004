import { planIngest } from '../domain/ingest-plan.js';
import { validateReadings, type IncomingReading, type RejectedReading, type ValidReading } from '../domain/reading-validation.js';
import type { SensorRecord, SensorsStore } from '../store.js';

export interface StoredBatch {
  accepted: number;
  rejected: RejectedReading[];
}

/** A batch as stored: its valid readings and the sensors that sent them (as they were before the batch). */
export interface StoredReadings {
  readings: readonly ValidReading[];
  sensorsById: ReadonlyMap<string, SensorRecord>;
}

let onStored: ((stored: StoredReadings) => Promise<void>) | undefined;

/**
 * Who is told that readings were stored (the sensors server publishes data events: a hint for caches, and the
 * flood readings for the water department). Awaited before the batch is answered or acknowledged, so that what was
 * stored has been handed to the broker (or its client's queue while it is away); its failure does not undo the write.
 */
export function whenReadingsStored(listener: ((stored: StoredReadings) => Promise<void>) | undefined): void {
  onStored = listener;
}

/**
 * Validates a batch with the `ingestReadings` rules and stores the valid readings: one sensor lookup and three
 * writes whatever the batch size. A reading already stored (same sensor and time) is kept once.
 */
export async function storeReadings(store: SensorsStore, readings: readonly IncomingReading[], now: Date): Promise<StoredBatch> {
  const sensorIds = [...new Set(readings.map((reading) => reading.sensorId))];
  const found = await store.sensors.getMany(sensorIds);
  const sensorsById = new Map<string, SensorRecord>();
  for (const sensor of found) if (sensor) sensorsById.set(sensor.id, sensor);
  const { valid, rejected } = validateReadings(readings, (id) => sensorsById.get(id)?.kind, now);
  if (valid.length > 0) {
    const plan = planIngest(valid, sensorsById, now);
    await store.recordReadings(plan.readings, plan.latest, plan.sensors);
    await onStored?.({ readings: valid, sensorsById });
  }
  return { accepted: valid.length, rejected };
}
