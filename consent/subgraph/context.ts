import DataLoader from 'dataloader';
import type { BaseSubgraphContext } from '../enforcement/subgraph-kit.js';
import type { CitizenRecord, ConsentStore } from './store.js';

export interface ConsentContext extends BaseSubgraphContext {
  citizens: DataLoader<string, CitizenRecord | null>;
}

/** One loader per request; the batch function answers in key order (Collection.getMany's contract). */
export function createCitizenLoader(store: ConsentStore): DataLoader<string, CitizenRecord | null> {
  return new DataLoader((ids) => store.citizens.getMany(ids));
}
