import { metricsFor } from '../../platform/metrics.js';
import { isBreakGlass, type Principal } from '../../platform/principal.js';
import { breakGlassCovers, type BreakGlassStanding } from '../domain/break-glass.js';
import type { BreakGlassService } from '../services/break-glass-service.js';
import { isDepartment, type SubgraphName } from '../../platform/services.js';
import { authorityKeys, readReceipt } from '../crypto/authority-signing.js';
import { subgraphDataKey, unwrapDataKey, type WrappedDataKey } from '../crypto/data-keys.js';
import type { SubgraphDataKey } from '../crypto/field-cipher.js';
import { decide, granteeOf } from '../domain/decide.js';
import { dayKey, effectiveStatus, type GrantRecord } from '../domain/grants.js';
import { receiptMatchesGrant } from '../domain/grant-receipt.js';
import { scopeCovers } from '../policy/grant-scope.js';
import type { AccessRecord, Caller, CategoryDecision, CitizenDecision, ConsentAuthority, DecisionRequest } from '../enforcement/types.js';
import type { StatutePolicy } from '../policy/statutes.js';
import type { AccessLogService } from '../services/access-log-service.js';
import type { ConsentStore, DataKeyRecord } from '../subgraph/store.js';

const DECISIONS = metricsFor('consent').counter(
  'citygraph_consent_decisions_total',
  'Consent decisions (one per citizen and category asked in a subgraph fetch), by outcome: ALLOWED or the refusal code.',
  ['subgraph', 'outcome'],
);

function liveKey(record: DataKeyRecord | null | undefined): WrappedDataKey | undefined {
  if (!record || record.erasedAt || !record.wrapped || !record.version || !record.createdAt) return undefined;
  return record as WrappedDataKey;
}

/**
 * The decision engine, inside the consent service (ARCHITECTURE §4). Per batch: one query for the data keys,
 * one for the grants to this principal, and (only for grants with a daily limit) one for their usage; then
 * a pure decision per citizen and category. Keys leave only with an allow decision.
 */
const refusedGrants = metricsFor('consent').counter('citygraph_grant_integrity_failures_total', 'Grant rows ignored because they do not match a receipt signed by the consent authority.', []);

export class LocalConsentAuthority implements ConsentAuthority {
  private readonly publicKey: Uint8Array;
  /** Receipts already verified (the receipt text is the key: any change to the row's receipt is checked again). */
  private readonly verified = new Map<string, Record<string, unknown> | null>();
  /** Grant row states already counted and reported as not authentic. */
  private readonly reported = new Set<string>();

  constructor(
    private readonly store: ConsentStore,
    private readonly masterKey: Uint8Array,
    private readonly statutes: StatutePolicy,
    private readonly accessLog: AccessLogService,
    private readonly clock: () => Date = () => new Date(),
    private readonly breakGlass?: BreakGlassService,
  ) {
    this.publicKey = authorityKeys(masterKey).publicKey;
  }

  /**
   * A grant is honoured only when the consent authority's signature on its latest receipt verifies and the receipt
   * states exactly the row's grantee, purpose, scope, dates and status: a row edited in the store is not honoured.
   */
  private authentic(grant: GrantRecord): boolean {
    let payload = this.verified.get(grant.receipt);
    if (payload === undefined) {
      payload = readReceipt(this.publicKey, grant.receipt) ?? null;
      if (this.verified.size > 50_000) this.verified.clear();
      this.verified.set(grant.receipt, payload);
    }
    const authentic = payload !== null && receiptMatchesGrant(payload, grant);
    const seen = `${grant.id}|${grant.status}|${grant.receipt.length}|${grant.receipt.slice(-16)}`;
    if (!authentic && !this.reported.has(seen)) {
      // The store is untrusted input: a grant row without a valid receipt for its current state is ignored, counted
      // and reported once per row state (ARCHITECTURE §4), never honoured. The line names the grant, no personal value.
      if (this.reported.size > 10_000) this.reported.clear();
      this.reported.add(seen);
      refusedGrants.inc();
      process.emitWarning(`grant ${grant.id} ignored: its row does not match a receipt signed by the consent authority`, { code: 'CITYGRAPH_GRANT_INTEGRITY' });
    }
    return authentic;
  }

  /** The coordinates a request names that this subgraph really owns (a subgraph cannot ask about another's fields). */
  private ownedFields(request: DecisionRequest): string[] {
    return (request.fields ?? []).filter((coordinate) => this.statutes.personal.get(coordinate)?.subgraph === request.subgraph);
  }

  /** Break-glass standings for this batch: only for an admitted break-glass principal asking for what it covers. */
  private async breakGlassStandings(principal: Principal, request: DecisionRequest, keys: ReadonlyArray<DataKeyRecord | null>, now: Date): Promise<Map<string, BreakGlassStanding>> {
    if (!this.breakGlass || !isBreakGlass(principal) || !request.categories.some((c) => breakGlassCovers(request.subgraph, c))) return new Map();
    const reachable = request.citizenIds.filter((_, i) => liveKey(keys[i]));
    return this.breakGlass.admit(principal, reachable, now);
  }

  async decide(caller: Caller, request: DecisionRequest): Promise<CitizenDecision[]> {
    const { principal } = caller;
    const now = this.clock();
    const [keys, stored] = await Promise.all([this.store.dataKeys.getMany(request.citizenIds), this.grantsFor(principal, request.citizenIds)]);
    const grants = stored.filter((g) => this.authentic(g));
    const fields = this.ownedFields(request);
    const exhausted = await this.useDailyLimits(grants, request, now);
    const breakGlass = await this.breakGlassStandings(principal, request, keys, now);
    const tally = new Map<string, number>();
    const decisions = request.citizenIds.map((citizenId, i) => {
      const record = keys[i];
      const erased = Boolean(record?.erasedAt);
      const mine = grants.filter((g) => g.citizenId === citizenId);
      const categories: CitizenDecision['categories'] = {};
      let anyAllowed = false;
      for (const category of request.categories) {
        const verdict = decide({ principal, citizenId, category, subgraph: request.subgraph, erased, grants: mine, statutes: this.statutes, now, exhausted, breakGlass: breakGlass.get(citizenId) });
        categories[category] = verdict;
        anyAllowed ||= verdict.allow;
        const label = verdict.allow ? 'ALLOWED' : verdict.code;
        tally.set(label, (tally.get(label) ?? 0) + 1);
      }
      const byField: Record<string, CategoryDecision> = {};
      for (const coordinate of fields) {
        const category = this.statutes.personal.get(coordinate)!.category;
        const verdict = decide({ principal, citizenId, category, coordinate, subgraph: request.subgraph, erased, grants: mine, statutes: this.statutes, now, exhausted, breakGlass: breakGlass.get(citizenId) });
        byField[coordinate] = verdict;
        anyAllowed ||= verdict.allow;
      }
      const wrapped = liveKey(record);
      const key = anyAllowed && wrapped ? subgraphDataKey(unwrapDataKey(this.masterKey, wrapped), request.subgraph, wrapped.version) : undefined;
      return { citizenId, categories, ...(fields.length > 0 ? { fields: byField } : {}), ...(key ? { key } : {}) };
    });
    for (const [outcome, count] of tally) DECISIONS.inc({ subgraph: request.subgraph, outcome }, count);
    return decisions;
  }

  private async grantsFor(principal: Principal, citizenIds: readonly string[]): Promise<GrantRecord[]> {
    const grantee = granteeOf(principal);
    if (!grantee || citizenIds.length === 0) return [];
    return this.store.grants.find({ citizenId: { $in: [...citizenIds] }, granteeId: grantee });
  }

  /**
   * Counts one fetch per citizen per request against grants with a daily limit, and answers the grants whose
   * limit was already reached before this request.
   */
  private async useDailyLimits(grants: readonly GrantRecord[], request: DecisionRequest, now: Date): Promise<Set<string>> {
    const limited = grants.filter((g) => g.fetchLimitPerDay && effectiveStatus(g, now) === 'ACTIVE' && request.categories.some((c) => scopeCovers(g.scope, request.subgraph, c)));
    const exhausted = new Set<string>();
    if (limited.length === 0) return exhausted;
    const day = dayKey(now);
    const usage = await this.store.grantUsage.getMany(limited.map((g) => `${g.id}|${day}`));
    const updates = limited.map((grant, i) => {
      const count = usage[i]?.count ?? 0;
      if (count >= (grant.fetchLimitPerDay ?? Infinity)) exhausted.add(grant.id);
      return { id: `${grant.id}|${day}`, grantId: grant.id, day, count: count + 1 };
    });
    await this.store.grantUsage.upsertMany(updates.filter((u) => !exhausted.has(u.grantId)));
    return exhausted;
  }

  /**
   * Keys to record a department's own service events (statute RECORD_OWN_SERVICE_EVENTS): a citizen gets only
   * their own; staff get keys for their own department's subgraph; nobody gets a key for an erased citizen.
   */
  async writeKeys(caller: Caller, subgraph: SubgraphName, citizenIds: readonly string[]): Promise<Map<string, SubgraphDataKey>> {
    const { principal } = caller;
    const out = new Map<string, SubgraphDataKey>();
    const allowedFor = (citizenId: string) =>
      (principal.kind === 'citizen' && principal.id === citizenId) ||
      (principal.kind === 'staff' && isDepartment(subgraph) && principal.department === subgraph);
    const wanted = citizenIds.filter(allowedFor);
    if (wanted.length === 0) return out;
    const keys = await this.store.dataKeys.getMany(wanted);
    wanted.forEach((citizenId, i) => {
      const wrapped = liveKey(keys[i]);
      if (wrapped) out.set(citizenId, subgraphDataKey(unwrapDataKey(this.masterKey, wrapped), subgraph, wrapped.version));
    });
    return out;
  }

  async recordAccess(caller: Caller, subgraph: SubgraphName, records: readonly AccessRecord[]): Promise<void> {
    await this.accessLog.append(caller.principal, subgraph, records, this.clock());
  }
}

