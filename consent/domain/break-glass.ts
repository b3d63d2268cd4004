import type { SubgraphName } from '../../platform/services.js';
import type { DataCategory } from '../enforcement/types.js';

/**
 * Break-glass (ARCHITECTURE §3): an official holding the `emergency` role, acting for EMERGENCY with a stated
 * justification, may read what it takes to reach a citizen: the citizen register's identity and contact details.
 * It is its own basis, `BREAK_GLASS`, decided in the decision engine right after "the citizen themself" and before
 * statutes and grants; no statute and no grant ever releases anything for EMERGENCY. Each official may reach at
 * most a configured number of distinct citizens an hour (`HUB_BREAK_GLASS_CITIZENS_PER_HOUR`, default 20); past it
 * the decision is `RATE_LIMITED` (the gateway answers 429).
 */
export const BREAK_GLASS_BASIS = 'BREAK_GLASS';

export const BREAK_GLASS_SCOPE: ReadonlyArray<readonly [SubgraphName, DataCategory]> = [
  ['consent', 'IDENTITY'],
  ['consent', 'CONTACT'],
];

const scope = new Set(BREAK_GLASS_SCOPE.map(([subgraph, category]) => `${subgraph}|${category}`));

export function breakGlassCovers(subgraph: SubgraphName, category: DataCategory): boolean {
  return scope.has(`${subgraph}|${category}`);
}

/** What break-glass means for one citizen in one decision: released, or refused because the official's cap is used. */
export type BreakGlassStanding = 'RELEASE' | 'CAPPED';

export const BREAK_GLASS_WINDOW_MS = 3600_000;

/**
 * Which of `citizenIds` an official may reach now: those already reached within the window are free; new ones are
 * admitted while the official's distinct citizens in the window stay within `cap`. Pure; answers in input order.
 */
export function admitBreakGlass(citizenIds: readonly string[], reachedInWindow: ReadonlySet<string>, cap: number): BreakGlassStanding[] {
  const reached = new Set(reachedInWindow);
  return citizenIds.map((id) => {
    if (reached.has(id)) return 'RELEASE';
    if (reached.size >= cap) return 'CAPPED';
    reached.add(id);
    return 'RELEASE';
  });
}
