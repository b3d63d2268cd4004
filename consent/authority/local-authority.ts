import type { ConsentCode } from '../../platform/errors.js';
import type { Principal } from '../../platform/principal.js';
import { isDepartment, type SubgraphName } from '../../platform/services.js';
import { subgraphDataKey, unwrapDataKey } from '../crypto/data-keys.js';
import type { SubgraphDataKey } from '../crypto/field-cipher.js';
import type {
  AccessRecord,
  Caller,
  CategoryDecision,
  CitizenDecision,
  ConsentAuthority,
  DataCategory,
  DecisionRequest,
} from '../enforcement/types.js';
import type { ConsentStore } from '../subgraph/store.js';

/** A department recording its own service events about a citizen (a check-in, a tap) may encrypt, not read. */
export const WRITE_STATUTE = 'STATUTE:RECORD_OWN_SERVICE_EVENTS';

function denyAll(categories: readonly DataCategory[], code: ConsentCode): CitizenDecision['categories'] {
  return Object.fromEntries(categories.map((c) => [c, { allow: false, code } satisfies CategoryDecision]));
}

/**
 * The decision engine, inside the consent service. Order (ARCHITECTURE §4): erased, self, statute, grant, deny.
 * One store query per collection per batch, however many citizens and categories are asked about.
 */
export class LocalConsentAuthority implements ConsentAuthority {
  constructor(
    private readonly store: ConsentStore,
    private readonly masterKey: Uint8Array,
  ) {}

  async decide(caller: Caller, request: DecisionRequest): Promise<CitizenDecision[]> {
    const { principal } = caller;
    const keys = await this.store.dataKeys.getMany(request.citizenIds);
    return request.citizenIds.map((citizenId, i) => {
      const record = keys[i];
      if (record?.erasedAt || (record && !record.wrapped)) {
        return { citizenId, categories: denyAll(request.categories, 'DATA_ERASED') };
      }
      const categories: CitizenDecision['categories'] = {};
      let anyAllowed = false;
      for (const category of request.categories) {
        const verdict = this.decideCategory(principal, citizenId, category);
        categories[category] = verdict;
        anyAllowed ||= verdict.allow;
      }
      let key: SubgraphDataKey | undefined;
      if (anyAllowed && record?.wrapped && record.version) {
        key = subgraphDataKey(unwrapDataKey(this.masterKey, record as Required<typeof record> & { wrapped: string; version: number; createdAt: string }), request.subgraph, record.version);
      }
      return { citizenId, categories, ...(key ? { key } : {}) };
    });
  }

  private decideCategory(principal: Principal, citizenId: string, _category: DataCategory): CategoryDecision {
    if (principal.kind === 'citizen' && principal.id === citizenId) return { allow: true, basis: 'SELF' };
    return { allow: false, code: 'CONSENT_REQUIRED' };
  }

  async writeKeys(caller: Caller, subgraph: SubgraphName, citizenIds: readonly string[]): Promise<Map<string, SubgraphDataKey>> {
    const { principal } = caller;
    const selfOnly = principal.kind === 'citizen';
    const mayWrite = selfOnly || (principal.kind === 'staff' && isDepartment(subgraph)) || principal.kind === 'partner';
    const out = new Map<string, SubgraphDataKey>();
    if (!mayWrite) return out;
    const keys = await this.store.dataKeys.getMany(citizenIds);
    citizenIds.forEach((citizenId, i) => {
      const record = keys[i];
      if (selfOnly && principal.id !== citizenId) return;
      if (!record?.wrapped || !record.version || record.erasedAt) return;
      out.set(citizenId, subgraphDataKey(unwrapDataKey(this.masterKey, record as { id: string; wrapped: string; version: number; createdAt: string }), subgraph, record.version));
    });
    return out;
  }

  async recordAccess(_caller: Caller, _subgraph: SubgraphName, _records: readonly AccessRecord[]): Promise<void> {
    // The access log arrives with the consent issue; decisions are already collected per request.
  }
}
