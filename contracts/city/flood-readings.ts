import { z } from 'zod';
import { SENSOR_KINDS } from './layout.js';

/**
 * What the sensors department tells the water department over the broker (ARCHITECTURE §7: topic
 * `citygraph/events/flood-readings`, QoS 1) each time it stores readings that bear on flood risk: river gauge
 * levels, rain gauge amounts and pumping-station telemetry. Public data only (sensor readings), never a person.
 *
 * `gaugeLevels` is, for every district a reading of the batch belongs to, the latest level of each of its river
 * gauges as stored after the batch: the water department assesses the district's risk at once from it, without
 * asking back. `readings` are the batch's own readings of those kinds (rain is an amount per reading, so each counts).
 */
export const FLOOD_READINGS_EVENT = 'flood-readings' as const;

const iso = z.iso.datetime({ offset: true });
const floodReading = z.object({
  sensorId: z.string().min(1).max(64),
  kind: z.enum(SENSOR_KINDS),
  districtId: z.string().min(1).max(16),
  /** Set on WATER_LEVEL sensors mounted as a district's river gauges. */
  riverGauge: z.boolean(),
  at: iso,
  value: z.number().finite(),
});
const gaugeLevel = z.object({ sensorId: z.string().min(1).max(64), value: z.number().finite(), at: iso });

export const floodReadingsSchema = z.object({
  /** Unique per event: a receiver that sees one twice (at-least-once delivery) may drop the repeat. */
  id: z.string().min(1).max(64),
  at: iso,
  readings: z.array(floodReading).max(10_000),
  gaugeLevels: z.record(z.string().min(1).max(16), z.array(gaugeLevel).max(64)),
});

export type FloodReading = z.infer<typeof floodReading>;
export type FloodReadings = z.infer<typeof floodReadingsSchema>;

/** The event's data, checked (the broker is shared: anything may arrive on a topic); `undefined` when it does not fit. */
export function parseFloodReadings(data: unknown): FloodReadings | undefined {
  const parsed = floodReadingsSchema.safeParse(data);
  return parsed.success ? parsed.data : undefined;
}

/** Whether a reading of this sensor bears on flood risk (and so travels to the water department). */
export function isFloodReading(sensor: { kind: string; riverGauge: boolean }): boolean {
  return (sensor.kind === 'WATER_LEVEL' && sensor.riverGauge) || sensor.kind === 'RAINFALL' || sensor.kind === 'PUMP_STATUS';
}
