import type { ConsentCode } from '../../platform/errors.js';
import type { Principal } from '../../platform/principal.js';
import type { SubgraphName } from '../../platform/services.js';
import type { SubgraphDataKey } from '../crypto/field-cipher.js';

export const DATA_CATEGORIES = ['IDENTITY', 'CONTACT', 'HEALTH', 'LOCATION', 'BIOMETRIC', 'FINANCIAL'] as const;
export type DataCategory = (typeof DATA_CATEGORIES)[number];

export function isDataCategory(value: string): value is DataCategory {
  return (DATA_CATEGORIES as readonly string[]).includes(value);
}

/** `onlyRecord`: the allow holds for that one record only (a one-record consent); any other record is refused. */
export type CategoryDecision = { allow: true; basis: string; onlyRecord?: string } | { allow: false; code: ConsentCode; basis?: string };

/** Everything one subgraph fetch needs to know about one citizen: decided once, used for every field. */
export interface CitizenDecision {
  citizenId: string;
  /** By category: what a grant (or self, or erasure) decides; no statute applies at this level. */
  categories: Partial<Record<DataCategory, CategoryDecision>>;
  /** By field coordinate, for the fields the request named: statutes release named fields, then as `categories`. */
  fields?: Record<string, CategoryDecision>;
  /**
   * One key per allowed category (a field allowed by a statute releases its own category's key); a denied category
   * has none. Lives no longer than the request.
   */
  keys?: Partial<Record<DataCategory, SubgraphDataKey>>;
}

export interface DecisionRequest {
  subgraph: SubgraphName;
  citizenIds: readonly string[];
  categories: readonly DataCategory[];
  /** The `@personal` fields (`Type.field`) the request selects in this subgraph, each decided on its own. */
  fields?: readonly string[];
}

/** One entry per personal field decided about someone else's data; carries no personal value. */
export interface AccessRecord {
  citizenId: string;
  coordinate: string;
  category: DataCategory;
  allow: boolean;
  code?: ConsentCode;
  basis?: string;
}

/**
 * Who asks: the principal, and the signed header it arrived with (forwarded so the authority can verify it). A
 * department's own processing has no signed header: its principal is `{kind: 'service'}`, which the consent service
 * establishes from the department's service key and the purpose it names.
 */
export interface Caller {
  principal: Principal;
  signed?: string;
}

/** One value a department asks to have sealed for a citizen's `@personal` field `type.field` of record `recordId`. */
export interface SealItem {
  citizenId: string;
  type: string;
  field: string;
  recordId: string;
  value: unknown;
}

/**
 * The consent authority, as seen from a subgraph: in-process inside the consent service, over signed HTTP
 * everywhere else. `decide` answers in the order of `citizenIds`.
 */
export interface ConsentAuthority {
  decide(caller: Caller, request: DecisionRequest): Promise<CitizenDecision[]>;
  /**
   * Seals values for citizens' `@personal` fields of this subgraph (ARCHITECTURE §4, writes cannot read): answers
   * ciphertext in the order asked, `null` for a citizen whose records may not be written (erased, unknown, or not
   * this caller's to write). No key leaves the consent service.
   */
  seal(caller: Caller, subgraph: SubgraphName, items: readonly SealItem[]): Promise<Array<string | null>>;
  /**
   * For a department's own processing only: the partners holding an active, authentic grant from the citizen for
   * the service's purpose whose scope covers (subgraph, category) — whom a ride may be offered to. Ids only. A
   * one-record consent counts only for its record (`recordId`).
   */
  grantHolders(caller: Caller, subgraph: SubgraphName, citizenId: string, category: DataCategory, recordId?: string): Promise<string[]>;
  /** The citizens, of those named, that this caller may have records written about (known, not erased, theirs). */
  writable(caller: Caller, subgraph: SubgraphName, citizenIds: readonly string[]): Promise<string[]>;
  recordAccess(caller: Caller, subgraph: SubgraphName, records: readonly AccessRecord[]): Promise<void>;
}
