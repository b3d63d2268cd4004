/**
 * Blind-spot alerts at an intersection, derived from its ROAD_CONDITION sensors. A reading is a grip index:
 * 1 is a dry, clear surface and 0 means the lane is blocked. Pure: the caller passes the readings and the time.
 */
export type BlindSpotAlertKind = 'ICE' | 'WET_SURFACE' | 'OBSTRUCTION' | 'POOR_VISIBILITY';
export type AlertSeverity = 'LOW' | 'MEDIUM' | 'HIGH';

export interface RoadConditionReading {
  sensorId: string;
  value: number;
  /** ISO 8601 time of the reading. */
  at: string;
}

export interface BlindSpotAlert {
  at: string;
  kind: BlindSpotAlertKind;
  severity: AlertSeverity;
  sensorId: string;
}

/** Readings older than this say nothing about the road now. */
export const ALERT_WINDOW_MS = 30 * 60 * 1000;
/** Sensor clocks may run slightly ahead; readings further in the future than this are ignored as bogus. */
export const CLOCK_SKEW_MS = 60 * 1000;

/** Grip below this is ice; from here to WET_BELOW it is a wet surface; at or above WET_BELOW there is no alert. */
export const ICE_BELOW = 0.3;
export const WET_BELOW = 0.5;
/** Ice this slippery, or water this deep, is one step more severe. */
export const SEVERE_ICE_BELOW = 0.15;
export const SEVERE_WET_BELOW = 0.4;

const SEVERITY_RANK: Record<AlertSeverity, number> = { HIGH: 0, MEDIUM: 1, LOW: 2 };

/** The hazard one grip reading indicates, or null for a clear road. */
export function classifyGrip(value: number): Pick<BlindSpotAlert, 'kind' | 'severity'> | null {
  if (!Number.isFinite(value) || value < 0 || value > 1) return { kind: 'POOR_VISIBILITY', severity: 'MEDIUM' };
  if (value === 0) return { kind: 'OBSTRUCTION', severity: 'HIGH' };
  if (value < ICE_BELOW) return { kind: 'ICE', severity: value < SEVERE_ICE_BELOW ? 'HIGH' : 'MEDIUM' };
  if (value < WET_BELOW) return { kind: 'WET_SURFACE', severity: value < SEVERE_WET_BELOW ? 'MEDIUM' : 'LOW' };
  return null;
}

/**
 * One alert per sensor whose latest reading within the window shows a hazard: a sensor that reported ice and
 * then a clear road no longer alerts. Most severe first, then newest first, then by sensor id.
 */
export function deriveBlindSpotAlerts(readings: readonly RoadConditionReading[], now: Date): BlindSpotAlert[] {
  const nowMs = now.getTime();
  const latestBySensor = new Map<string, { reading: RoadConditionReading; atMs: number }>();
  for (const reading of readings) {
    const atMs = Date.parse(reading.at);
    if (Number.isNaN(atMs) || atMs < nowMs - ALERT_WINDOW_MS || atMs > nowMs + CLOCK_SKEW_MS) continue;
    const current = latestBySensor.get(reading.sensorId);
    if (!current || atMs > current.atMs) latestBySensor.set(reading.sensorId, { reading, atMs });
  }
  const alerts: Array<BlindSpotAlert & { atMs: number }> = [];
  for (const { reading, atMs } of latestBySensor.values()) {
    const hazard = classifyGrip(reading.value);
    if (hazard) alerts.push({ at: new Date(atMs).toISOString(), ...hazard, sensorId: reading.sensorId, atMs });
  }
  alerts.sort(
    (a, b) =>
      SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || b.atMs - a.atMs || a.sensorId.localeCompare(b.sensorId),
  );
  return alerts.map(({ atMs: _atMs, ...alert }) => alert);
}
