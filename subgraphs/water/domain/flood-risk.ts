/**
 * A district's flood risk from its river gauges, its recent rain and its pumping capacity. Pure: the caller
 * brings the latest gauge levels (from the sensors subgraph), the thresholds, the rain and the stations.
 *
 * Score (0..1) = the worst gauge's score + up to 0.1 for rain + up to 0.1 for missing pumping capacity, where a
 * gauge scores below 0.4 under its warning level, 0.4..0.7 between warning and danger, and 0.7..0.9 above danger
 * (reaching 0.9 one warning-to-danger span above it). So a gauge at its warning level makes the district at
 * least MODERATE and a gauge at its danger level at least HIGH, whatever the rain.
 */
export type FloodRiskLevel = 'LOW' | 'MODERATE' | 'HIGH' | 'SEVERE';

export interface GaugeThresholds {
  gaugeId: string;
  sensorId: string;
  riverName: string;
  warningLevel: number;
  dangerLevel: number;
}

export interface GaugeLevel {
  sensorId: string;
  value: number;
  at: string;
}

export type PumpingStatus = 'RUNNING' | 'STANDBY' | 'FAULT' | 'MAINTENANCE';

export interface PumpingCapacity {
  id: string;
  capacityCubicMetresPerHour: number;
  status: PumpingStatus;
}

export interface FloodRiskInput {
  gauges: readonly GaugeThresholds[];
  levels: readonly GaugeLevel[];
  rainfallLast6HoursMm: number;
  pumpingStations: readonly PumpingCapacity[];
  now: Date;
}

export interface FloodRisk {
  level: FloodRiskLevel;
  score: number;
  reasons: string[];
}

export const LEVEL_FLOORS: ReadonlyArray<[FloodRiskLevel, number]> = [
  ['SEVERE', 0.9],
  ['HIGH', 0.7],
  ['MODERATE', 0.4],
  ['LOW', 0],
];
/** Six hours of rain at or above this adds the full rain weight. */
export const HEAVY_RAIN_MM = 30;
export const STEADY_RAIN_MM = 10;
const RAIN_WEIGHT = 0.1;
const PUMPING_WEIGHT = 0.1;
/** A level older than this still counts (it is the best we know) but is called out as stale. */
export const STALE_LEVEL_MS = 6 * 3_600_000;

export function gaugeScore(value: number, warningLevel: number, dangerLevel: number): number {
  const span = dangerLevel - warningLevel;
  if (value < warningLevel) return (0.4 * Math.max(0, value)) / warningLevel;
  if (value < dangerLevel) return 0.4 + (0.3 * (value - warningLevel)) / span;
  return 0.7 + 0.2 * Math.min(1, (value - dangerLevel) / span);
}

export function levelOf(score: number): FloodRiskLevel {
  return LEVEL_FLOORS.find(([, floor]) => score >= floor)![0];
}

const metres = (value: number) => `${value.toFixed(2)} m`;

function gaugeFindings(input: FloodRiskInput): { score: number; reasons: string[] } {
  const levelBySensor = new Map(input.levels.map((level) => [level.sensorId, level]));
  const danger: string[] = [];
  const warning: string[] = [];
  const gaps: string[] = [];
  let worst = 0;
  let measured = 0;
  for (const gauge of input.gauges) {
    const level = levelBySensor.get(gauge.sensorId);
    const where = `The ${gauge.riverName} at gauge ${gauge.gaugeId}`;
    if (!level) {
      gaps.push(`Gauge ${gauge.gaugeId} on the ${gauge.riverName} has sent no level.`);
      continue;
    }
    measured++;
    worst = Math.max(worst, gaugeScore(level.value, gauge.warningLevel, gauge.dangerLevel));
    if (level.value >= gauge.dangerLevel) {
      danger.push(`${where} is at ${metres(level.value)}, at or above its danger level of ${metres(gauge.dangerLevel)}.`);
    } else if (level.value >= gauge.warningLevel) {
      warning.push(`${where} is at ${metres(level.value)}, at or above its warning level of ${metres(gauge.warningLevel)}.`);
    }
    const ageMs = input.now.getTime() - Date.parse(level.at);
    if (ageMs > STALE_LEVEL_MS) gaps.push(`Gauge ${gauge.gaugeId} last reported ${Math.floor(ageMs / 3_600_000)} hours ago.`);
  }
  const calm = measured > 0 && danger.length === 0 && warning.length === 0 ? ['Every reporting gauge is below its warning level.'] : [];
  return { score: worst, reasons: [...danger, ...warning, ...calm, ...gaps] };
}

function rainFindings(millimetres: number): { score: number; reasons: string[] } {
  const score = RAIN_WEIGHT * Math.min(1, Math.max(0, millimetres) / HEAVY_RAIN_MM);
  const amount = `${millimetres.toFixed(1)} mm in the last 6 hours`;
  if (millimetres >= HEAVY_RAIN_MM) return { score, reasons: [`Heavy rain: ${amount}.`] };
  if (millimetres >= STEADY_RAIN_MM) return { score, reasons: [`Steady rain: ${amount}.`] };
  return { score, reasons: [] };
}

function pumpingFindings(stations: readonly PumpingCapacity[]): { score: number; reasons: string[] } {
  const total = stations.reduce((sum, station) => sum + station.capacityCubicMetresPerHour, 0);
  if (total <= 0) return { score: PUMPING_WEIGHT, reasons: ['The district has no pumping capacity.'] };
  const unavailable = stations.filter((station) => station.status === 'FAULT' || station.status === 'MAINTENANCE');
  if (unavailable.length === 0) return { score: 0, reasons: [] };
  const lost = unavailable.reduce((sum, station) => sum + station.capacityCubicMetresPerHour, 0);
  const available = Math.round((100 * (total - lost)) / total);
  const which = unavailable.map((station) => `${station.id} is in ${station.status}`).join(', ');
  return { score: (PUMPING_WEIGHT * lost) / total, reasons: [`Pumping capacity is down to ${available}% (${which}).`] };
}

export function assessFloodRisk(input: FloodRiskInput): FloodRisk {
  const findings = [gaugeFindings(input), rainFindings(input.rainfallLast6HoursMm), pumpingFindings(input.pumpingStations)];
  // Rounded before the level is read off, so that the level always agrees with the score reported.
  const score = Math.round(Math.min(1, findings.reduce((sum, finding) => sum + finding.score, 0)) * 1000) / 1000;
  return { level: levelOf(score), score, reasons: findings.flatMap((finding) => finding.reasons) };
}
