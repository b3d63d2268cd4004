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
};

export function unitOf(kind: SensorKind): string {
  return READING_UNITS[kind];
}
