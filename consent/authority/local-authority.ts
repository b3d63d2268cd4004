import { metricsFor } from '../../platform/metrics.js';
import { isBreakGlass, type Principal } from '../../platform/principal.js';
import { breakGlassCovers, type BreakGlassStanding } from '../domain/break-glass.js';
import type { BreakGlassService } from '../services/break-glass-service.js';
import { isDepartment, type SubgraphName } from '../../platform/services.js';
import { authorityKeys, readReceipt } from '../crypto/authority-signing.js';
import { categoryDataKey, unwrapDataKey, type WrappedDataKey } from '../crypto/data-keys.js';
import { sealField, type SubgraphDataKey } from '../crypto/field-cipher.js';
import { ForbiddenError } from '../../platform/errors.js';
import { decide, granteeOf } from '../domain/decide.js';
import { dayKey, effectiveStatus, type GrantRecord } from '../domain/grants.js';
import { receiptMatchesGrant } from '../domain/grant-receipt.js';
import { scopeCovers } from '../policy/grant-scope.js';
import type { AccessRecord, Caller, CategoryDecision, CitizenDecision, ConsentAuthority, DataCategory, DecisionRequest, SealItem } from '../enforcement/types.js';
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

  /** The rows a decision may use: signed as they stand, and the latest state the transparency log records. */
  private async honoured(rows: readonly GrantRecord[]): Promise<GrantRecord[]> {
    return this.accessLog.grants.current(rows.filter((g) => this.authentic(g)));
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
    const grants = await this.honoured(stored);
    const fields = this.ownedFields(request);
    const exhausted = await this.useDailyLimits(grants, request, now);
    const breakGlass = await this.breakGlassStandings(principal, request, keys, now);
    const tally = new Map<string, number>();
    const decisions = request.citizenIds.map((citizenId, i) => {
      const record = keys[i];
      const erased = Boolean(record?.erasedAt);
      const mine = grants.filter((g) => g.citizenId === citizenId);
      const categories: CitizenDecision['categories'] = {};
      const released = new Set<DataCategory>();
      for (const category of request.categories) {
        const verdict = decide({ principal, citizenId, category, subgraph: request.subgraph, erased, grants: mine, statutes: this.statutes, now, exhausted, breakGlass: breakGlass.get(citizenId) });
        categories[category] = verdict;
        if (verdict.allow) released.add(category);
        const label = verdict.allow ? 'ALLOWED' : verdict.code;
        tally.set(label, (tally.get(label) ?? 0) + 1);
      }
      const byField: Record<string, CategoryDecision> = {};
      for (const coordinate of fields) {
        const category = this.statutes.personal.get(coordinate)!.category;
        const verdict = decide({ principal, citizenId, category, coordinate, subgraph: request.subgraph, erased, grants: mine, statutes: this.statutes, now, exhausted, breakGlass: breakGlass.get(citizenId) });
        byField[coordinate] = verdict;
        if (verdict.allow) released.add(category);
      }
      // Keys for the allowed categories only (ARCHITECTURE §4): a field a statute names releases its own category.
      const wrapped = liveKey(record);
      const dataKey = released.size > 0 && wrapped ? unwrapDataKey(this.masterKey, wrapped) : undefined;
      const releasedKeys = dataKey && wrapped ? Object.fromEntries([...released].map((category) => [category, categoryDataKey(dataKey, request.subgraph, category, wrapped.version)])) : undefined;
      return { citizenId, categories, ...(fields.length > 0 ? { fields: byField } : {}), ...(releasedKeys ? { keys: releasedKeys } : {}) };
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
   * Seals values for a department (ARCHITECTURE §4, writes cannot read): the department holds no key and gets back
   * ciphertext only. The category comes from the composed graph, never from the caller; a coordinate that is not a
   * `@personal` field of this subgraph refuses the whole batch (a programming error, not a citizen's). A citizen
   * gets only their own records written, staff and the department's own processing only their department's; nobody
   * gets anything written for an erased or unknown citizen (`null`).
   */
  async seal(caller: Caller, subgraph: SubgraphName, items: readonly SealItem[]): Promise<Array<string | null>> {
    const { principal } = caller;
    const categories = items.map((item) => {
      const field = this.statutes.personal.get(`${item.type}.${item.field}`);
      if (!field || field.subgraph !== subgraph) throw new ForbiddenError(`${item.type}.${item.field} is not a personal field of ${subgraph}.`);
      return field.category;
    });
    const dataKeys = await this.writableKeys(principal, subgraph, items.map((item) => item.citizenId));
    const derived = new Map<string, SubgraphDataKey>();
    return items.map((item, i) => {
      const dataKey = dataKeys.get(item.citizenId);
      if (!dataKey) return null;
      const category = categories[i]!;
      const cacheKey = `${item.citizenId}|${category}`;
      let key = derived.get(cacheKey);
      if (!key) derived.set(cacheKey, (key = categoryDataKey(dataKey.key, subgraph, category, dataKey.version)));
      return sealField(key, { subgraph, collection: item.type, field: item.field, recordId: item.recordId, citizenId: item.citizenId }, item.value);
    });
  }

  async grantHolders(caller: Caller, subgraph: SubgraphName, citizenId: string, category: DataCategory, recordId?: string): Promise<string[]> {
    const { principal } = caller;
    if (principal.kind !== 'service' || !principal.purpose) throw new ForbiddenError('Only a department’s own processing may ask who holds a grant.');
    const now = this.clock();
    const grants = await this.honoured(await this.store.grants.find({ citizenId }));
    const holders = grants.filter(
      (g) =>
        g.purpose === principal.purpose &&
        effectiveStatus(g, now) === 'ACTIVE' &&
        Date.parse(g.validFrom) <= now.getTime() &&
        scopeCovers(g.scope, subgraph, category) &&
        // A one-record consent makes its holder a holder for that record only (a one-ride consent: that ride).
        (!g.onlyRecord || (g.onlyRecord.subgraph === subgraph && g.onlyRecord.id === recordId)),
    );
    const grantees = await this.store.grantees.getMany([...new Set(holders.map((g) => g.granteeId))]);
    return grantees.filter((g) => g?.kind === 'PARTNER').map((g) => g!.id);
  }

  async writable(caller: Caller, subgraph: SubgraphName, citizenIds: readonly string[]): Promise<string[]> {
    return [...(await this.writableKeys(caller.principal, subgraph, citizenIds)).keys()];
  }

  /** The data keys of the citizens this principal may have records written about in this subgraph. */
  private async writableKeys(principal: Principal, subgraph: SubgraphName, asked: readonly string[]): Promise<Map<string, { key: Uint8Array; version: number }>> {
    const mayWrite = (citizenId: string) =>
      (principal.kind === 'citizen' && principal.id === citizenId) ||
      ((principal.kind === 'staff' || principal.kind === 'service') && isDepartment(subgraph) && principal.department === subgraph);
    const citizenIds = [...new Set(asked.filter(mayWrite))];
    const records = citizenIds.length > 0 ? await this.store.dataKeys.getMany(citizenIds) : [];
    const dataKeys = new Map<string, { key: Uint8Array; version: number }>();
    citizenIds.forEach((citizenId, i) => {
      const wrapped = liveKey(records[i]);
      if (wrapped) dataKeys.set(citizenId, { key: unwrapDataKey(this.masterKey, wrapped), version: wrapped.version });
    });
    return dataKeys;
  }

  async recordAccess(caller: Caller, subgraph: SubgraphName, records: readonly AccessRecord[]): Promise<void> {
    await this.accessLog.append(caller.principal, subgraph, records, this.clock());
  }
}

