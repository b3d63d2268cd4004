import type { Permit, RiskLevel } from './permits.js';

/**
 * The risk each permit carries on its own. Alcohol, tobacco and entertainment draw the most enforcement;
 * food, street trading and waste carrying need regular checks; seating and signage rarely do.
 */
export const PERMIT_RISK: Readonly<Record<Permit, RiskLevel>> = {
  LIQUOR_RETAIL: 'HIGH',
  ENTERTAINMENT: 'HIGH',
  TOBACCO_RETAIL: 'HIGH',
  FOOD_BUSINESS: 'MEDIUM',
  STREET_TRADING: 'MEDIUM',
  WASTE_CARRIER: 'MEDIUM',
  OUTDOOR_SEATING: 'LOW',
  SIGNAGE: 'LOW',
};

const RANK: Readonly<Record<RiskLevel, number>> = { LOW: 0, MEDIUM: 1, HIGH: 2 };
const LEVELS: readonly RiskLevel[] = ['LOW', 'MEDIUM', 'HIGH'];

/** The risk of the permits alone: as risky as the riskiest permit; no permits at all is LOW. */
export function riskLevelOf(permits: readonly Permit[]): RiskLevel {
  let level: RiskLevel = 'LOW';
  for (const permit of permits) {
    const risk = PERMIT_RISK[permit];
    if (RANK[risk] > RANK[level]) level = risk;
  }
  return level;
}

export const INSPECTION_SEVERITIES = ['MINOR', 'MAJOR', 'CRITICAL'] as const;
export type InspectionSeverity = (typeof INSPECTION_SEVERITIES)[number];

/** The business's record as grading reads it: every licence it held, and its inspections. */
export interface BusinessRecordFacts {
  licences: ReadonlyArray<{ id: string; permits: readonly Permit[]; issuedAt: string; expiresAt: string }>;
  inspections: ReadonlyArray<{ at: string; severity: InspectionSeverity }>;
}

export type RiskReasonCode =
  | 'HIGH_RISK_PERMIT'
  | 'MEDIUM_RISK_PERMIT'
  | 'LOW_RISK_PERMIT'
  | 'LATE_RENEWAL'
  | 'LAPSE'
  | 'INSPECTION_MINOR'
  | 'INSPECTION_MAJOR'
  | 'INSPECTION_CRITICAL'
  | 'RECORD_RAISES_RISK'
  | 'CLEAN_RECORD';

/** One reason for a grade: what it is, when it happened (null for the permits), how many points it adds. */
export interface RiskReason {
  code: RiskReasonCode;
  at: string | null;
  points: number;
  /** Whatever the text needs besides the code: the permit, the days late or lapsed, the levels moved. */
  detail: Readonly<Record<string, string | number>>;
}

export interface RiskGrade {
  level: RiskLevel;
  /** The record's points (renewals, lapses, findings within RECORD_YEARS). */
  points: number;
  reasons: RiskReason[];
}

const DAY_MS = 86_400_000;
/** How far back the record counts: an old mistake stops weighing after three years. */
export const RECORD_YEARS = 3;
/** A renewal more than this many days after the old licence ran out is a lapse (the business traded unlicensed or stopped). */
export const LAPSE_AFTER_DAYS = 30;
/** Points per fact of the record. */
export const RECORD_POINTS = { LATE_RENEWAL: 1, LAPSE: 2, INSPECTION_MINOR: 1, INSPECTION_MAJOR: 2, INSPECTION_CRITICAL: 4 } as const;
/** Record points at which the grade moves one level, then two levels, above the permits' own risk. */
export const RAISE_ONE_LEVEL_AT = 2;
export const RAISE_TWO_LEVELS_AT = 4;

/**
 * Grades a licence by its permits AND its business's record (issue 13): the permits set the starting level; within
 * the last RECORD_YEARS, late renewals (1 point), lapses (2), and inspection findings (minor 1, major 2, critical 4)
 * raise it one level from 2 points and two levels from 4; a clean record (at least one renewal, every one on time,
 * no finding) lowers it one level. Every fact that counted is a reason, with the permits' reason first.
 */
export function gradeRisk(permits: readonly Permit[], record: BusinessRecordFacts, now: Date): RiskGrade {
  const base = riskLevelOf(permits);
  const riskiest = permits.find((permit) => PERMIT_RISK[permit] === base);
  const reasons: RiskReason[] = [{ code: `${base}_RISK_PERMIT`, at: null, points: 0, detail: riskiest ? { permit: riskiest } : {} }];
  const since = now.getTime() - RECORD_YEARS * 365 * DAY_MS;

  const { late, lapses, onTime } = renewalHistory(record.licences, now, since);
  for (const { at, days } of late) reasons.push({ code: 'LATE_RENEWAL', at, points: RECORD_POINTS.LATE_RENEWAL, detail: { days } });
  for (const { at, days } of lapses) reasons.push({ code: 'LAPSE', at, points: RECORD_POINTS.LAPSE, detail: { days } });
  const findings = record.inspections
    .filter((inspection) => Date.parse(inspection.at) >= since && Date.parse(inspection.at) <= now.getTime())
    .sort((a, b) => a.at.localeCompare(b.at));
  for (const { at, severity } of findings) {
    const code = `INSPECTION_${severity}` as const;
    reasons.push({ code, at, points: RECORD_POINTS[code], detail: {} });
  }

  const points = reasons.reduce((sum, reason) => sum + reason.points, 0);
  let shift = points >= RAISE_TWO_LEVELS_AT ? 2 : points >= RAISE_ONE_LEVEL_AT ? 1 : 0;
  const raised = Math.min(shift, RANK.HIGH - RANK[base]);
  if (raised > 0) reasons.push({ code: 'RECORD_RAISES_RISK', at: null, points: 0, detail: { points, levels: raised } });
  if (points === 0 && onTime > 0) {
    shift = -1;
    if (RANK[base] > 0) reasons.push({ code: 'CLEAN_RECORD', at: null, points: 0, detail: { renewals: onTime } });
  }
  const level = LEVELS[Math.max(0, Math.min(RANK.HIGH, RANK[base] + shift))]!;
  return { level, points, reasons };
}

/**
 * A licence renews the latest licence issued before it whose permits it covers (the same rule as issuing one,
 * domain/licence-status.ts `renews`): on time when issued before the older one ran out, late when issued after, a
 * lapse when more than LAPSE_AFTER_DAYS after. A licence issued beside another (other permits) renews nothing. The
 * licence that runs out last, if it ran out more than LAPSE_AFTER_DAYS ago, is a lapse still going on. Only what
 * happened since `since` counts.
 */
function renewalHistory(licences: BusinessRecordFacts['licences'], now: Date, since: number) {
  const ordered = [...licences].sort((a, b) => a.issuedAt.localeCompare(b.issuedAt) || a.id.localeCompare(b.id));
  const late: Array<{ at: string; days: number }> = [];
  const lapses: Array<{ at: string; days: number }> = [];
  let onTime = 0;
  for (const [i, next] of ordered.entries()) {
    if (Date.parse(next.issuedAt) < since) continue;
    const covered = new Set(next.permits);
    const previous = ordered
      .slice(0, i)
      .reverse()
      .find((older) => older.issuedAt < next.issuedAt && older.permits.every((permit) => covered.has(permit)));
    if (!previous) continue;
    const days = Math.floor((Date.parse(next.issuedAt) - Date.parse(previous.expiresAt)) / DAY_MS);
    if (Date.parse(next.issuedAt) <= Date.parse(previous.expiresAt)) onTime += 1;
    else if (days > LAPSE_AFTER_DAYS) lapses.push({ at: previous.expiresAt, days });
    else late.push({ at: next.issuedAt, days: Math.max(1, days) });
  }
  const last = ordered.reduce<(typeof ordered)[number] | undefined>((a, b) => (!a || b.expiresAt > a.expiresAt ? b : a), undefined);
  if (last && Date.parse(last.expiresAt) >= since) {
    const days = Math.floor((now.getTime() - Date.parse(last.expiresAt)) / DAY_MS);
    if (days > LAPSE_AFTER_DAYS) lapses.push({ at: last.expiresAt, days });
  }
  return { late, lapses, onTime };
}

/** A reason in plain words, English or Chinese. */
export function reasonText(reason: RiskReason, language: 'EN' | 'ZH_HANS'): string {
  const d = reason.detail;
  const day = reason.at ? reason.at.slice(0, 10) : '';
  const zh = language === 'ZH_HANS';
  switch (reason.code) {
    case 'HIGH_RISK_PERMIT':
      return zh ? `涵盖高风险许可 ${d.permit}。` : `Covers ${d.permit}, a high-risk permit.`;
    case 'MEDIUM_RISK_PERMIT':
      return zh ? `涵盖中等风险许可 ${d.permit}。` : `Covers ${d.permit}, a medium-risk permit.`;
    case 'LOW_RISK_PERMIT':
      return zh ? '仅涵盖低风险许可。' : 'Covers low-risk permits only.';
    case 'LATE_RENEWAL':
      return zh ? `${day} 逾期 ${d.days} 天才续期。` : `Renewed ${d.days} days late, on ${day}.`;
    case 'LAPSE':
      return zh ? `执照自 ${day} 到期后失效 ${d.days} 天。` : `The licence lapsed for ${d.days} days after it ran out on ${day}.`;
    case 'INSPECTION_MINOR':
      return zh ? `${day} 检查发现轻微问题。` : `An inspection on ${day} found a minor problem.`;
    case 'INSPECTION_MAJOR':
      return zh ? `${day} 检查发现严重问题。` : `An inspection on ${day} found a major problem.`;
    case 'INSPECTION_CRITICAL':
      return zh ? `${day} 检查发现重大安全问题。` : `An inspection on ${day} found a critical problem.`;
    case 'RECORD_RAISES_RISK':
      return zh ? `企业记录共计 ${d.points} 分，风险等级提高 ${d.levels} 级。` : `The business's record adds up to ${d.points} points: risk raised by ${d.levels} level${d.levels === 1 ? '' : 's'}.`;
    case 'CLEAN_RECORD':
      return zh ? `已按时续期 ${d.renewals} 次且无检查问题，风险等级降低一级。` : `Renewed on time ${d.renewals} time${d.renewals === 1 ? '' : 's'} with no inspection findings: risk lowered by one level.`;
  }
}
