import DataLoader from 'dataloader';
import type { ConsentGuard } from '../enforcement/consent-guard.js';
import type { BaseSubgraphContext } from '../enforcement/subgraph-kit.js';
import type { ConsentServices } from './services.js';
import type { CitizenRecord, ConsentStore, GranteeRecord } from './store.js';

export interface ConsentContext extends BaseSubgraphContext {
  citizens: DataLoader<string, CitizenRecord | null>;
  grantees: DataLoader<string, GranteeRecord | null>;
  services: ConsentServices;
  /** The consent subgraph is the authority itself: its resolvers may prime the request's decisions. */
  consent: ConsentGuard;
}

/** One loader per request; the batch function answers in key order (Collection.getMany's contract). */
export function createCitizenLoader(store: ConsentStore): DataLoader<string, CitizenRecord | null> {
  return new DataLoader((ids) => store.citizens.getMany(ids));
}

export function createGranteeLoader(store: ConsentStore): DataLoader<string, GranteeRecord | null> {
  return new DataLoader((ids) => store.grantees.getMany(ids));
}
