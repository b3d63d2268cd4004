import type { SensorKind } from '../../../contracts/city/layout.js';

/** The unit every reading of a kind is expressed in; devices send bare numbers in this unit. */
export const READING_UNITS: Record<SensorKind, string> = {
  WATER_LEVEL: 'm',
  RAINFALL: 'mm',
  FIRE_ALARM: 'alarm',
  ROAD_CONDITION: 'grip',
  AIR_QUALITY: 'AQI',
  NOISE: 'dB',
  TRAFFIC_FLOW: 'vehicles/h',
  STREET_LIGHT: 'lux',
  /** A pumping station's state: 0 RUNNING, 1 STANDBY, 2 FAULT, 3 MAINTENANCE (contracts/city/layout.ts PUMP_STATES). */
  PUMP_STATUS: 'state',
};

export function unitOf(kind: SensorKind): string {
  return READING_UNITS[kind];
}
