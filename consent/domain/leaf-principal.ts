import type { Principal } from '../../platform/principal.js';
import { DEPARTMENT_DISPLAY_NAMES, isDepartment } from '../../platform/services.js';
import type { AccessLogPrincipal } from './access-log-entry.js';

/**
 * How a leaf of the transparency log names who acted (ARCHITECTURE §4, issue 11 item 5: a leaf holds no personal
 * value). A citizen's id is personal: it never enters a leaf, whoever's log the leaf is in.
 *
 * - On their own data a citizen is `SELF`.
 * - On another citizen's data a citizen is their own transparency tag (the `citizen` field of their own leaves: an
 *   HMAC of their id under a key derived from their data key) with the name `Another citizen`. While they exist the
 *   city can tie repeated probing to one log (and, holding the master key, to the person); once they are erased the
 *   key is gone and nothing ties the tag to anyone.
 * - A citizen the hub holds no data key for (never registered, or already erased) has no tag that would stay
 *   unlinkable: such a citizen is `UNKNOWN`, also named `Another citizen`.
 *
 * Leaves written before this rule may name a citizen by their plain id; they cannot be rewritten (the tree is
 * append-only and signed) and stay readable (`v: 1`).
 */
export const SELF_PRINCIPAL: Readonly<AccessLogPrincipal> = Object.freeze({ kind: 'CITIZEN', id: 'SELF', name: 'SELF' });

/** The display name of a citizen acting on someone else's data, in every leaf: it says nothing about who. */
export const ANOTHER_CITIZEN_NAME = 'Another citizen';

/** The id of a citizen acting on someone else's data while the hub holds no data key for them. */
export const UNKNOWN_CITIZEN_ID = 'UNKNOWN';

/** The consent service's own upkeep of grants (a scope migration, the first recording of an older grant). */
export const CONSENT_SERVICE_PRINCIPAL: Readonly<AccessLogPrincipal> = Object.freeze({ kind: 'SERVICE', id: 'consent', name: 'City consent service' });

/**
 * Who acted in one request, ready to be named in each of its leaves: `named` is the principal every leaf carries,
 * except that a citizen (`citizenId`) is `SELF` in the leaves of their own log. Built once per request.
 */
export interface LeafActor {
  named: AccessLogPrincipal;
  /** Set for a citizen principal only: their id, compared with each leaf's subject and never written. */
  citizenId?: string;
}

export interface ActorNames {
  /** A partner's display name (the grantee directory); its id when the directory has none. */
  partnerName?: string;
  /** The acting citizen's own transparency tag, when the hub holds their data key (AccessLogService.citizenTags). */
  actingCitizenTag?: string;
}

/** The request's actor; `null` is the consent service's own upkeep. Pure: the caller looks the names up. */
export function leafActor(principal: Principal | null, names: ActorNames = {}): LeafActor {
  if (principal === null) return { named: CONSENT_SERVICE_PRINCIPAL };
  // A department's own processing is logged as `{kind: SERVICE, id: <department>}` (ARCHITECTURE §4, one door).
  if ((principal.kind === 'service' || principal.kind === 'staff') && principal.department && isDepartment(principal.department)) {
    const named: AccessLogPrincipal = { kind: principal.kind === 'service' ? 'SERVICE' : 'STAFF', id: principal.department, name: DEPARTMENT_DISPLAY_NAMES[principal.department] };
    if (principal.kind === 'staff' && principal.official) named.official = principal.official;
    return { named };
  }
  switch (principal.kind) {
    case 'citizen':
      return {
        citizenId: principal.id,
        named: { kind: 'CITIZEN', id: names.actingCitizenTag ?? UNKNOWN_CITIZEN_ID, name: ANOTHER_CITIZEN_NAME },
      };
    case 'partner':
      return { named: { kind: 'PARTNER', id: principal.id, name: names.partnerName ?? principal.id } };
    case 'admin':
      return { named: { kind: 'ADMIN', id: principal.id, name: 'City administrator' } };
    default:
      return { named: { kind: principal.kind.toUpperCase() as AccessLogPrincipal['kind'], id: principal.id, name: principal.id } };
  }
}

/** The principal of a leaf about `subjectCitizenId`: the actor, or `SELF` on a citizen's own data. Per entry: no I/O. */
export function leafPrincipal(actor: LeafActor, subjectCitizenId: string): AccessLogPrincipal {
  return actor.citizenId !== undefined && actor.citizenId === subjectCitizenId ? SELF_PRINCIPAL : actor.named;
}

/** Whether naming this principal on these subjects' data needs the acting citizen's tag (someone else's data). */
export function needsActingTag(principal: Principal | null, subjectCitizenIds: readonly string[]): boolean {
  return principal !== null && principal.kind === 'citizen' && subjectCitizenIds.some((id) => id !== principal.id);
}
