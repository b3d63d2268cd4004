import type { FloodRisk, FloodRiskLevel } from './flood-risk.js';

export interface FloodAlertRecord {
  id: string;
  districtId: string;
  level: FloodRiskLevel;
  raisedAt: string;
  /** Null while the episode lasts. */
  clearedAt: string | null;
  reasons: string[];
}

export function isAlertLevel(level: FloodRiskLevel): boolean {
  return level === 'HIGH' || level === 'SEVERE';
}

/**
 * One per district and start of episode, deterministic in the time of the readings that started it (the event's
 * time, flood-monitor.ts), so that two water instances applying the same event write the same alert once (insert
 * ignoring duplicates), and an episode that starts again later, within the hour too, is an alert of its own.
 */
export function floodAlertId(districtId: string, raisedAt: Date): string {
  return `FA-${districtId}-${raisedAt.toISOString().replace(/\D/g, '')}`;
}

export interface FloodAlertChanges {
  raise: FloodAlertRecord[];
  /** Ids of active alerts whose district fell below HIGH: their episode ended. */
  clear: string[];
}

/** Compares freshly computed risks with the active alerts: an episode starts at HIGH and ends below it. */
export function planFloodAlerts(risks: ReadonlyMap<string, FloodRisk>, activeAlerts: readonly FloodAlertRecord[], now: Date): FloodAlertChanges {
  const activeByDistrict = new Map(activeAlerts.map((alert) => [alert.districtId, alert]));
  const raise: FloodAlertRecord[] = [];
  const clear: string[] = [];
  for (const [districtId, risk] of risks) {
    const active = activeByDistrict.get(districtId);
    if (isAlertLevel(risk.level) && !active) {
      raise.push({ id: floodAlertId(districtId, now), districtId, level: risk.level, raisedAt: now.toISOString(), clearedAt: null, reasons: risk.reasons });
    } else if (!isAlertLevel(risk.level) && active) {
      clear.push(active.id);
    }
  }
  return { raise, clear };
}
