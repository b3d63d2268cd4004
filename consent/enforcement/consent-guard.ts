import DataLoader from 'dataloader';
import { ConsentDeniedError } from '../../platform/errors.js';
import type { Principal } from '../../platform/principal.js';
import type { SubgraphName } from '../../platform/services.js';
import type { SubgraphDataKey } from '../crypto/field-cipher.js';
import type { AccessRecord, Caller, CategoryDecision, CitizenDecision, ConsentAuthority, DataCategory } from './types.js';

/**
 * One per subgraph request, reachable only from the enforcement code (request-guard.ts): department code never holds
 * it, so it never holds a key. Decides for every citizen the request touches in one batch (a DataLoader keyed by
 * citizen), remembers settled decisions so that later fields resolve synchronously, and collects the access
 * records that the request flushes before its response is sent.
 */
export class ConsentGuard {
  private readonly loader: DataLoader<string, CitizenDecision>;
  private readonly settled = new Map<string, CitizenDecision>();
  private readonly recorded = new Set<string>();
  private readonly pending = new Set<string>();
  private categories: readonly DataCategory[] | undefined;
  private fields: readonly string[] = [];
  readonly records: AccessRecord[] = [];

  constructor(
    private readonly caller: Caller,
    private readonly subgraph: SubgraphName,
    private readonly authority: ConsentAuthority,
  ) {
    this.loader = new DataLoader<string, CitizenDecision>(
      async (citizenIds) => {
        const decisions = await this.authority.decide(this.caller, {
          subgraph: this.subgraph,
          citizenIds,
          categories: this.categories ?? [],
          fields: this.fields,
        });
        for (const decision of decisions) this.settled.set(decision.citizenId, decision);
        return decisions;
      },
      // A request-scoped cache: decisions and keys never outlive the request.
      { maxBatchSize: 1000 },
    );
  }

  /**
   * The categories and `@personal` field coordinates this request selects in this subgraph; set once, before the
   * first decision. Statutes release named fields only, so a field not named here is decided by grants alone.
   */
  selectCategories(categories: readonly DataCategory[], fields: readonly string[] = []): void {
    if (this.categories) return;
    this.categories = categories;
    this.fields = fields;
  }

  get hasCategories(): boolean {
    return this.categories !== undefined;
  }

  decision(citizenId: string): CitizenDecision | Promise<CitizenDecision> {
    const settled = this.settled.get(citizenId);
    if (settled) return settled;
    if (this.pending.size > 0) {
      for (const id of this.pending) if (id !== citizenId) this.loader.load(id).catch(() => undefined);
      this.pending.clear();
    }
    return this.loader.load(citizenId);
  }

  /**
   * Names citizens whose personal fields may be read in this request, so that the first decision asks about all
   * of them in one call. Asks nothing by itself: a request that selects no personal field costs no decision.
   */
  prime(citizenIds: readonly string[]): void {
    for (const id of citizenIds) if (!this.settled.has(id)) this.pending.add(id);
  }

  get principal(): Principal {
    return this.caller.principal;
  }

  isSelf(citizenId: string): boolean {
    return this.principal.kind === 'citizen' && this.principal.id === citizenId;
  }

  /**
   * Applies a decision to one field: records it (for someone else's data), then throws the consent error or
   * answers the key of the field's category (none when the citizen has no live data key).
   */
  enforce(decision: CitizenDecision, category: DataCategory, coordinate: string, recordId?: string): SubgraphDataKey | undefined {
    let verdict: CategoryDecision = decision.fields?.[coordinate] ?? decision.categories[category] ?? { allow: false, code: 'CONSENT_REQUIRED' };
    // A one-record consent releases its one record: the same field of any other record is refused, and logged so.
    if (verdict.allow && verdict.onlyRecord !== undefined && verdict.onlyRecord !== recordId) verdict = { allow: false, code: 'CONSENT_REQUIRED' };
    if (!this.isSelf(decision.citizenId)) {
      const dedupe = `${decision.citizenId}|${coordinate}|${verdict.allow}`;
      if (!this.recorded.has(dedupe)) {
        this.recorded.add(dedupe);
        this.records.push({
          citizenId: decision.citizenId,
          coordinate,
          category,
          allow: verdict.allow,
          ...(verdict.allow ? {} : { code: verdict.code }),
          ...(verdict.basis ? { basis: verdict.basis } : {}),
        });
      }
    }
    if (!verdict.allow) throw new ConsentDeniedError(verdict.code);
    return decision.keys?.[category];
  }

  async flush(): Promise<void> {
    if (this.records.length === 0) return;
    const records = this.records.splice(0, this.records.length);
    await this.authority.recordAccess(this.caller, this.subgraph, records);
  }
}
