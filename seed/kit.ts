import { categoryDataKey } from '../consent/crypto/data-keys.js';
import { sealField, type SubgraphDataKey } from '../consent/crypto/field-cipher.js';
import type { Sealer } from '../consent/enforcement/department-capabilities.js';
import type { SealItem } from '../consent/enforcement/types.js';
import { loadPersonalFields } from '../consent/policy/personal-fields.js';
import type { SubgraphName } from '../platform/services.js';
import type { Store } from '../platform/store/types.js';

/**
 * What a subgraph's `seed.ts` receives. Seeds write through the subgraph's own store module, sealing every personal
 * field with `seal` (the seed runs beside the master key; no department ever holds a key). Times are relative to `now`.
 */
export interface SeedContext {
  store: Store;
  now: Date;
  citizens: number;
  sensors: number;
  /** Seals a value for a citizen's `@personal` field of this subgraph; throws for an unknown citizen or field. */
  seal(target: Omit<SealItem, 'value'>, value: unknown): string;
  /** The same sealing as a department's seal-only capability, for the department's own record builders. */
  sealer: Sealer;
  random: () => number;
  progress(done: number, total: number, label: string): void;
}

export type SeedFn = (context: SeedContext) => Promise<void>;

/**
 * Sealing as the consent service does it for departments (consent/authority/local-authority.ts `seal`): under the
 * key of the field's own category, bound to its type, field, record and citizen.
 */
export function localSealing(subgraph: SubgraphName, dataKeys: ReadonlyMap<string, { key: Uint8Array; version: number }>): Pick<SeedContext, 'seal' | 'sealer'> {
  const personal = loadPersonalFields();
  const derived = new Map<string, SubgraphDataKey>();
  const seal = (target: Omit<SealItem, 'value'>, value: unknown): string => {
    const field = personal.get(`${target.type}.${target.field}`);
    if (!field || field.subgraph !== subgraph) throw new Error(`seed: ${target.type}.${target.field} is not a personal field of ${subgraph}`);
    const dataKey = dataKeys.get(target.citizenId);
    if (!dataKey) throw new Error(`seed asked to seal for an unknown citizen ${target.citizenId}`);
    const cacheKey = `${target.citizenId}|${field.category}`;
    let key = derived.get(cacheKey);
    if (!key) {
      if (derived.size > 100_000) derived.clear();
      derived.set(cacheKey, (key = categoryDataKey(dataKey.key, subgraph, field.category, dataKey.version)));
    }
    return sealField(key, { subgraph, collection: target.type, field: target.field, recordId: target.recordId, citizenId: target.citizenId }, value);
  };
  return {
    seal,
    sealer: {
      seal: async (items) => items.map((item) => (dataKeys.has(item.citizenId) ? seal(item, item.value) : null)),
      mayWrite: async (citizenId) => dataKeys.has(citizenId),
    },
  };
}
