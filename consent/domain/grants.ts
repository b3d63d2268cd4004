import type { Purpose } from '../../platform/principal.js';
import type { DataCategory } from '../enforcement/types.js';
import type { ScopeItem } from '../policy/grant-scope.js';
import type { RecordScope } from './record-scope.js';

/**
 * A consent grant, after India's DEPA consent artefact and ISO/IEC TS 27560: who (citizen) lets whom (grantee) use
 * which data (scope: categories as held by named subgraphs) for what (purpose), from when until when, optionally at
 * most so many fetches a day.
 */
export type GrantStatus = 'ACTIVE' | 'PAUSED' | 'REVOKED' | 'EXPIRED';
/** ENDED: a one-record consent whose record is done with (its ride ended); the grant is EXPIRED from then on. */
export type GrantAction = 'GRANTED' | 'PAUSED' | 'RESUMED' | 'REVOKED' | 'ENDED';

export interface GrantChange {
  at: string;
  action: GrantAction;
  status: GrantStatus;
  by: string;
}

export interface GrantRecord {
  id: string;
  citizenId: string;
  granteeId: string;
  purpose: Purpose;
  /** What the grant covers: (subgraph, category) pairs. A decision matches the field's owning subgraph and category. */
  scope: ScopeItem[];
  /** Derived from `scope` (its categories, in order); kept on the row for readers that list categories. */
  categories: DataCategory[];
  validFrom: string;
  validUntil: string;
  fetchLimitPerDay?: number | null;
  /** A one-record consent (a one-ride consent): only these fields of this one record. */
  onlyRecord?: RecordScope | null;
  status: GrantStatus;
  /**
   * 1 when granted, one more at every change of state or scope. The transparency log records each version; a
   * decision honours the row only at the latest recorded one (a restored older row is ignored).
   */
  version?: number;
  createdAt: string;
  changedAt: string;
  history: GrantChange[];
  receipt: string;
}

/** The row's version; rows written before versions were stored count their history (one change, one version). */
export function versionOf(grant: Pick<GrantRecord, 'version' | 'history'>): number {
  return grant.version ?? grant.history.length;
}

/** The status as of `now`: an active or paused grant past its end date is EXPIRED. */
export function effectiveStatus(grant: Pick<GrantRecord, 'status' | 'validUntil'>, now: Date): GrantStatus {
  if ((grant.status === 'ACTIVE' || grant.status === 'PAUSED') && Date.parse(grant.validUntil) <= now.getTime()) return 'EXPIRED';
  return grant.status;
}

const TRANSITIONS: Record<Exclude<GrantAction, 'GRANTED' | 'ENDED'>, { from: GrantStatus[]; to: GrantStatus }> = {
  PAUSED: { from: ['ACTIVE'], to: 'PAUSED' },
  RESUMED: { from: ['PAUSED'], to: 'ACTIVE' },
  REVOKED: { from: ['ACTIVE', 'PAUSED'], to: 'REVOKED' },
};

/** The next status, or the reason the change is not possible (in words a citizen understands). */
export function transition(current: GrantStatus, action: Exclude<GrantAction, 'GRANTED' | 'ENDED'>): { ok: true; status: GrantStatus } | { ok: false; reason: string } {
  const rule = TRANSITIONS[action];
  if (rule.from.includes(current)) return { ok: true, status: rule.to };
  const verb = { PAUSED: 'pause', RESUMED: 'resume', REVOKED: 'revoke' }[action];
  return { ok: false, reason: `This consent is ${current.toLowerCase()}, so it cannot be ${verb === 'pause' ? 'paused' : verb === 'resume' ? 'resumed' : 'revoked'}.` };
}

export function dayKey(now: Date): string {
  return now.toISOString().slice(0, 10);
}
