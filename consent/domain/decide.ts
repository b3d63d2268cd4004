import type { Principal } from '../../platform/principal.js';
import type { SubgraphName } from '../../platform/services.js';
import type { CategoryDecision, DataCategory } from '../enforcement/types.js';
import { scopeCovers } from '../policy/grant-scope.js';
import type { StatutePolicy } from '../policy/statutes.js';
import { BREAK_GLASS_BASIS, breakGlassCovers, type BreakGlassStanding } from './break-glass.js';
import { effectiveStatus, type GrantRecord, type GrantStatus } from './grants.js';
import { recordScopeCovers } from './record-scope.js';

export interface DecisionInput {
  principal: Principal;
  citizenId: string;
  category: DataCategory;
  subgraph: SubgraphName;
  /** The field asked for (`Type.field`); statutes release named fields only, so without it no statute applies. */
  coordinate?: string;
  erased: boolean;
  /** The citizen's grants to this principal (any status). */
  grants: readonly GrantRecord[];
  statutes: StatutePolicy;
  now: Date;
  /** Grants whose daily fetch limit is used up. */
  exhausted?: ReadonlySet<string>;
  /** For a break-glass principal (isBreakGlass): whether this citizen is within the official's hourly cap. */
  breakGlass?: BreakGlassStanding;
}

/** The grantee id a principal acts as: a department's name, a partner's id; nobody else can hold grants. */
export function granteeOf(principal: Principal): string | undefined {
  if (principal.kind === 'staff') return principal.department;
  if (principal.kind === 'partner') return principal.id;
  return undefined;
}

const DENIAL_BY_STATUS: Partial<Record<GrantStatus, CategoryDecision>> = {
  PAUSED: { allow: false, code: 'CONSENT_PAUSED' },
  REVOKED: { allow: false, code: 'CONSENT_REVOKED' },
  EXPIRED: { allow: false, code: 'CONSENT_EXPIRED' },
};

/**
 * The decision for one personal field (ARCHITECTURE §4), in this order: erased, self, break-glass, a statute naming
 * (department, purpose, field), an active grant whose scope holds (owning subgraph, category), deny (naming the state
 * of a matching grant when there is one). Pure: no I/O, microseconds a call.
 *
 * Break-glass (consent/domain/break-glass.ts) is its own basis, independent of how statutes are written: for
 * EMERGENCY only break-glass can release anything (the gateway admits EMERGENCY only from officials with the
 * `emergency` role and a justification; `input.breakGlass` is set only for them), and no statute or grant applies.
 */
export function decide(input: DecisionInput): CategoryDecision {
  const { principal, citizenId, category, now } = input;
  if (input.erased) return { allow: false, code: 'DATA_ERASED' };
  if (principal.kind === 'citizen' && principal.id === citizenId) return { allow: true, basis: 'SELF' };
  if (principal.purpose === 'EMERGENCY') {
    // Break-glass releases exactly the fields the department's EMERGENCY statute names (name, phone, home address),
    // never a whole category: the reviewed policy file stays the one list of what can be read.
    const named = principal.kind === 'staff' && principal.department && input.coordinate && input.statutes.find(principal.department, input.coordinate, 'EMERGENCY');
    if (named && breakGlassCovers(input.subgraph, category)) {
      if (input.breakGlass === 'RELEASE') return { allow: true, basis: BREAK_GLASS_BASIS };
      if (input.breakGlass === 'CAPPED') return { allow: false, code: 'RATE_LIMITED', basis: BREAK_GLASS_BASIS };
    }
    return { allow: false, code: 'CONSENT_REQUIRED' };
  }
  // Staff and the department's own processing (`service`) alike are released only what a statute names.
  if ((principal.kind === 'staff' || principal.kind === 'service') && principal.department && input.coordinate) {
    const statute = input.statutes.find(principal.department, input.coordinate, principal.purpose);
    if (statute) return { allow: true, basis: `STATUTE:${statute.id}` };
  }
  const grantee = granteeOf(principal);
  if (!grantee || !principal.purpose) return { allow: false, code: 'CONSENT_REQUIRED' };
  let denial: CategoryDecision | undefined;
  let denialAt = '';
  for (const grant of input.grants) {
    if (grant.granteeId !== grantee || grant.purpose !== principal.purpose || !scopeCovers(grant.scope, input.subgraph, category)) continue;
    // A one-record consent covers only its named fields (never a whole category) of its one record.
    if (!recordScopeCovers(grant.onlyRecord, input.coordinate) || (grant.onlyRecord && grant.onlyRecord.subgraph !== input.subgraph)) continue;
    const status = effectiveStatus(grant, now);
    if (status === 'ACTIVE' && Date.parse(grant.validFrom) <= now.getTime() && !input.exhausted?.has(grant.id)) {
      return grant.onlyRecord ? { allow: true, basis: `CONSENT:${grant.id}`, onlyRecord: grant.onlyRecord.id } : { allow: true, basis: `CONSENT:${grant.id}` };
    }
    const candidate = DENIAL_BY_STATUS[status];
    if (candidate && grant.changedAt >= denialAt) {
      denial = { ...candidate, basis: `CONSENT:${grant.id}` } as CategoryDecision;
      denialAt = grant.changedAt;
    }
  }
  return denial ?? { allow: false, code: 'CONSENT_REQUIRED' };
}
