import { DISTRICT_COUNT, type SensorKind } from '../contracts/city/layout.js';

export { allDistrictIds, DISTRICT_COUNT, DISTRICT_NAMES, districtId, SENSOR_KINDS, type SensorKind } from '../contracts/city/layout.js';

/**
 * The shape of the demo city (over the city's districts and sensor kinds, contracts/city/layout.ts), shared by every seed so that ids line up across departments without any
 * department reading another's database. Pure functions of an index: deterministic and cheap.
 */
export function citizenId(index: number): string {
  return `C-${String(index + 1).padStart(4, '0')}`;
}

export function sensorId(index: number): string {
  return `S-${String(index + 1).padStart(6, '0')}`;
}


/**
 * Sensor i lives in district i mod 16. The first sensors of each district are laid out on purpose:
 * slots 0-2 are WATER_LEVEL gauges, 3-4 RAINFALL, 5-9 ROAD_CONDITION (one per intersection, see below),
 * 10-11 PUMP_STATUS (the telemetry of the district's two pumping stations); the rest cycle through the other kinds.
 */
export function sensorDistrictIndex(index: number): number {
  return index % DISTRICT_COUNT;
}

export function sensorSlot(index: number): number {
  return Math.floor(index / DISTRICT_COUNT);
}

export function sensorKind(index: number): SensorKind {
  const slot = sensorSlot(index);
  if (slot <= 2) return 'WATER_LEVEL';
  if (slot <= 4) return 'RAINFALL';
  if (slot <= 9) return 'ROAD_CONDITION';
  if (slot <= 11) return 'PUMP_STATUS';
  const others: SensorKind[] = ['FIRE_ALARM', 'AIR_QUALITY', 'NOISE', 'TRAFFIC_FLOW', 'STREET_LIGHT', 'ROAD_CONDITION', 'WATER_LEVEL', 'RAINFALL'];
  return others[slot % others.length]!;
}

/** The sensor index in district d at slot s. */
export function sensorIndexAt(districtIndex: number, slot: number): number {
  return slot * DISTRICT_COUNT + districtIndex;
}

/** The three water gauges of a district (WATER_LEVEL sensors at slots 0-2). */
export function gaugeSensorIds(districtIndex: number): string[] {
  return [0, 1, 2].map((slot) => sensorId(sensorIndexAt(districtIndex, slot)));
}

export function rainfallSensorIds(districtIndex: number): string[] {
  return [3, 4].map((slot) => sensorId(sensorIndexAt(districtIndex, slot)));
}

/** The telemetry of a district's two pumping stations (PUMP_STATUS sensors at slots 10-11), in station order. */
export function pumpSensorIds(districtIndex: number): string[] {
  return [10, 11].map((slot) => sensorId(sensorIndexAt(districtIndex, slot)));
}

/** Intersections per district; each watches ROAD_CONDITION sensors at slots 5-9. */
export const INTERSECTIONS_PER_DISTRICT = 5;

export function intersectionId(districtIndex: number, n: number): string {
  return `X-${String(districtIndex + 1).padStart(2, '0')}-${n + 1}`;
}

export function intersectionSensorIds(districtIndex: number, n: number): string[] {
  return [sensorId(sensorIndexAt(districtIndex, 5 + n))];
}

/** A deterministic PRNG (mulberry32), so that seeds are reproducible. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
