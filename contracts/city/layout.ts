/**
 * Facts about the city that every department shares (ARCHITECTURE §2, contracts/): its districts and the kinds of
 * sensor it runs. Not demo data: production code validates against these; the demo seed (seed/demo-layout.ts) lays
 * its citizens and devices out over them.
 */
export const DISTRICT_COUNT = 16;

export const DISTRICT_NAMES = [
  'Riverside', 'Old Town', 'Harbour', 'Hillcrest', 'Market Square', 'Greenfield', 'North Gate', 'Lakeview',
  'Eastbank', 'Westbank', 'University', 'Airport', 'Garden City', 'Stonebridge', 'Southpoint', 'Canal District',
] as const;

export function districtId(index: number): string {
  return `D-${String(index + 1).padStart(2, '0')}`;
}

export function allDistrictIds(): string[] {
  return Array.from({ length: DISTRICT_COUNT }, (_, i) => districtId(i));
}

export const SENSOR_KINDS = ['WATER_LEVEL', 'RAINFALL', 'FIRE_ALARM', 'ROAD_CONDITION', 'AIR_QUALITY', 'NOISE', 'TRAFFIC_FLOW', 'STREET_LIGHT', 'PUMP_STATUS'] as const;
export type SensorKind = (typeof SENSOR_KINDS)[number];

/**
 * What a PUMP_STATUS sensor (the telemetry of one pumping station) reports: the station's state as a code, the
 * value being the index in this list (0 RUNNING .. 3 MAINTENANCE). RUNNING and STANDBY count as available capacity.
 */
export const PUMP_STATES = ['RUNNING', 'STANDBY', 'FAULT', 'MAINTENANCE'] as const;
export type PumpState = (typeof PUMP_STATES)[number];

export function pumpStateOf(code: number): PumpState | undefined {
  return Number.isInteger(code) ? PUMP_STATES[code] : undefined;
}
