import type { FloodRisk, FloodRiskLevel } from './flood-risk.js';

export interface FloodAlertRecord {
  id: string;
  districtId: string;
  /** The highest level the episode reached (an episode that went from HIGH to SEVERE is SEVERE). */
  level: FloodRiskLevel;
  raisedAt: string;
  /** Null while the episode lasts. */
  clearedAt: string | null;
  /** Why, as assessed when the episode reached `level`. */
  reasons: string[];
  /** Reading time since which the district has stayed below HIGH; null while it is at HIGH or above. */
  calmSince: string | null;
  /**
   * The highest level the district's residents were warned of in this episode; null while the hourly cap held
   * their warning back (they then get no all-clear either, unless a warning reached them later in the episode).
   */
  residentsWarned: FloodRiskLevel | null;
}

/** How episodes start and end (platform/config.ts: HUB_FLOOD_QUIET_MS, HUB_FLOOD_RESIDENT_WARNINGS_PER_HOUR). */
export interface FloodEpisodePolicy {
  /** How long (reading time) a district stays below HIGH before its episode ends; a rise within it is the same episode. */
  quietMs: number;
  /** At most this many warnings to a district's residents in any hour; more are held back. */
  residentWarningsPerHour: number;
}

export const DEFAULT_FLOOD_EPISODE_POLICY: FloodEpisodePolicy = { quietMs: 30 * 60_000, residentWarningsPerHour: 2 };

const RANK: Record<FloodRiskLevel, number> = { LOW: 0, MODERATE: 1, HIGH: 2, SEVERE: 3 };

export function isAlertLevel(level: FloodRiskLevel): boolean {
  return RANK[level] >= RANK.HIGH;
}

/** Whether `level` is above `than` (null: nothing, so any alert level is above it). */
export function isAbove(level: FloodRiskLevel, than: FloodRiskLevel | null): boolean {
  return than === null || RANK[level] > RANK[than];
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
  /** Episodes that start now (residents not warned yet: whether they may be is the cap's call, flood-monitor.ts). */
  raise: FloodAlertRecord[];
  /** Active alerts as they are after this assessment: escalated, calm since now, or at HIGH again. */
  update: FloodAlertRecord[];
  /** Alerts whose quiet period is over, with their `clearedAt` (the moment it was over). */
  clear: FloodAlertRecord[];
}

/**
 * Compares freshly computed risks with the active alerts. An episode starts when a district reaches HIGH; it rises
 * to SEVERE if the district does (never back down: the alert says how bad the episode got); it ends only once the
 * district has stayed below HIGH for `quietMs` of reading time, at the moment that period is over, so that a level
 * hovering at a threshold is one episode, and whichever reading or tick sees the end first writes the same alert.
 */
export function planFloodAlerts(risks: ReadonlyMap<string, FloodRisk>, activeAlerts: readonly FloodAlertRecord[], now: Date, policy: Pick<FloodEpisodePolicy, 'quietMs'>): FloodAlertChanges {
  const activeByDistrict = new Map(activeAlerts.map((alert) => [alert.districtId, alert]));
  const changes: FloodAlertChanges = { raise: [], update: [], clear: [] };
  for (const [districtId, risk] of risks) {
    const active = activeByDistrict.get(districtId);
    if (!active) {
      if (isAlertLevel(risk.level)) {
        changes.raise.push({ id: floodAlertId(districtId, now), districtId, level: risk.level, raisedAt: now.toISOString(), clearedAt: null, reasons: risk.reasons, calmSince: null, residentsWarned: null });
      }
      continue;
    }
    if (isAlertLevel(risk.level)) {
      const escalated = isAbove(risk.level, active.level);
      if (escalated || active.calmSince !== null) {
        changes.update.push({ ...active, calmSince: null, ...(escalated ? { level: risk.level, reasons: risk.reasons } : {}) });
      }
      continue;
    }
    const calmSince = active.calmSince ?? now.toISOString();
    const over = Date.parse(calmSince) + policy.quietMs;
    if (now.getTime() >= over) changes.clear.push({ ...active, calmSince, clearedAt: new Date(over).toISOString() });
    else if (active.calmSince === null) changes.update.push({ ...active, calmSince });
  }
  return changes;
}

/** An alert whose residents have not been warned of its level yet (a new episode, an escalation, a held-back warning). */
export function owesResidentsWarning(alert: FloodAlertRecord): boolean {
  return alert.clearedAt === null && isAbove(alert.level, alert.residentsWarned);
}

export interface ResidentWarningPlan {
  /** The changes, with `residentsWarned` set on the alerts warned now (an alert only warned late joins `update`). */
  changes: FloodAlertChanges;
  /** Alerts whose residents are warned now, of the alert's level. */
  warned: FloodAlertRecord[];
  /** Alerts that started or escalated in these changes and whose warning the cap holds back (counted once each). */
  heldBack: FloodAlertRecord[];
}

/**
 * Decides which episodes warn their residents now. An episode owes a warning when its level is above the one its
 * residents were warned of (it started, escalated, or its warning was held back); it is sent if the district's
 * residents got fewer than `residentWarningsPerHour` warnings in the last hour (`recentWarnings`, by district),
 * else it stays owed, and a later assessment or tick sends it once the hour allows, if the episode still lasts.
 */
export function planResidentWarnings(
  changes: FloodAlertChanges,
  activeBefore: readonly FloodAlertRecord[],
  recentWarnings: ReadonlyMap<string, number>,
  policy: Pick<FloodEpisodePolicy, 'residentWarningsPerHour'>,
): ResidentWarningPlan {
  const before = new Map(activeBefore.map((alert) => [alert.id, alert]));
  const cleared = new Set(changes.clear.map((alert) => alert.id));
  const updated = new Map(changes.update.map((alert) => [alert.id, alert]));
  const after = [...changes.raise, ...activeBefore.filter((alert) => !cleared.has(alert.id)).map((alert) => updated.get(alert.id) ?? alert)];
  const plan: ResidentWarningPlan = { changes: { raise: [...changes.raise], update: [...changes.update], clear: changes.clear }, warned: [], heldBack: [] };
  for (const alert of after.filter(owesResidentsWarning)) {
    const previous = before.get(alert.id);
    if ((recentWarnings.get(alert.districtId) ?? 0) >= policy.residentWarningsPerHour) {
      if (!previous || previous.level !== alert.level) plan.heldBack.push(alert);
      continue;
    }
    const warned = { ...alert, residentsWarned: alert.level };
    plan.warned.push(warned);
    const list = !previous ? plan.changes.raise : plan.changes.update;
    const at = list.findIndex((a) => a.id === alert.id);
    if (at >= 0) list[at] = warned;
    else list.push(warned);
  }
  return plan;
}
