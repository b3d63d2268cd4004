import { type PumpState } from '../contracts/city/layout.js';

/**
 * The demo's flood picture, shared by the water seed (thresholds, rain) and the sensors seed (gauge levels) so
 * that the overview shows every level a demo needs: Old Town (D-02) over a danger level in heavy rain (HIGH),
 * Riverside (D-01) and Eastbank (D-09) over a warning level (MODERATE), every other district LOW.
 */
export const DANGER_DISTRICT_INDEX = 1;
export const WARNING_GAUGES: ReadonlyArray<{ districtIndex: number; gauge: number }> = [
  { districtIndex: 0, gauge: 0 },
  { districtIndex: 8, gauge: 1 },
];
export const GAUGES_PER_DISTRICT = 3;
export const RIVERS = ['Aller', 'Wende', 'Mirebrook'] as const;

export function gaugeId(districtIndex: number, gauge: number): string {
  return `G-${String(districtIndex + 1).padStart(2, '0')}-${gauge + 1}`;
}

export function gaugeThresholds(gauge: number): { warningLevel: number; dangerLevel: number } {
  const warningLevel = 3 + 0.25 * gauge;
  return { warningLevel, dangerLevel: warningLevel + 1 };
}

/** The latest level (metres) the sensors seed gives the gauge's WATER_LEVEL sensor. */
export function latestGaugeLevel(districtIndex: number, gauge: number): number {
  const { warningLevel, dangerLevel } = gaugeThresholds(gauge);
  if (districtIndex === DANGER_DISTRICT_INDEX && gauge === 0) return dangerLevel + 0.3;
  if (WARNING_GAUGES.some((w) => w.districtIndex === districtIndex && w.gauge === gauge)) return warningLevel + 0.35;
  return 1 + 0.1 * gauge + 0.05 * (districtIndex % 5);
}

/** Millimetres of rain in one hour, `hoursAgo` hours before the current one. */
export function hourlyRainfallMm(districtIndex: number, hoursAgo: number, random: () => number): number {
  const heavy = districtIndex === DANGER_DISTRICT_INDEX && hoursAgo < 6;
  const millimetres = heavy ? 8 + 2 * random() : 0.8 * random();
  return Math.round(millimetres * 10) / 10;
}

/** Pumping stations out of service, so that the reasons show reduced pumping capacity: Market Square and Airport. */
const STATIONS_OUT: Record<string, PumpState> = { 'P-05-2': 'FAULT', 'P-12-1': 'MAINTENANCE' };

export function pumpingStationId(districtIndex: number, n: number): string {
  return `P-${String(districtIndex + 1).padStart(2, '0')}-${n + 1}`;
}

/** The state of station n (0, 1) of a district: what the water seed stores and its telemetry sensor last reported. */
export function pumpState(districtIndex: number, n: number): PumpState {
  return STATIONS_OUT[pumpingStationId(districtIndex, n)] ?? (n === 0 ? 'RUNNING' : 'STANDBY');
}
