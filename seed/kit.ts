import type { SubgraphDataKey } from '../consent/crypto/field-cipher.js';
import type { Store } from '../platform/store/types.js';

/**
 * What a subgraph's `seed.ts` receives. Seeds write through the subgraph's own store module, encrypting every
 * personal field with `keyFor(citizenId)` (this subgraph's key for that citizen). Times are relative to `now`.
 */
export interface SeedContext {
  store: Store;
  now: Date;
  citizens: number;
  sensors: number;
  /** This subgraph's data key for a citizen; throws for an unknown citizen. */
  keyFor(citizenId: string): SubgraphDataKey;
  random: () => number;
  progress(done: number, total: number, label: string): void;
}

export type SeedFn = (context: SeedContext) => Promise<void>;
