import DataLoader from 'dataloader';
import type { BaseSubgraphContext } from '../../consent/enforcement/subgraph-kit.js';
import type { PassVerifyingKey } from '../../contracts/health-pass/pass.js';
import type { PassSigningKeys } from './domain/health-pass.js';
import type { CheckInRecord, FacilityRecord, HealthCodeRecord, HealthDeclarationRecord, HealthStore } from './store.js';

/** A citizen's most recent records: `last` of them, newest first. */
export interface RecentQuery {
  citizenId: string;
  last: number;
}

export interface HealthLoaders {
  facilities: DataLoader<string, FacilityRecord | null>;
  healthCodes: DataLoader<string, HealthCodeRecord | null>;
  declarations: DataLoader<RecentQuery, HealthDeclarationRecord[], string>;
  checkIns: DataLoader<RecentQuery, CheckInRecord[], string>;
}

/** The health-pass keys, loaded once at start: signing (health only) and opening whose pass it is. */
export interface HealthPassKeys {
  signing: PassSigningKeys;
  verifying: PassVerifyingKey;
  identityKey: Uint8Array;
}

export interface HealthContext extends BaseSubgraphContext, HealthLoaders {
  store: HealthStore;
  healthPass: HealthPassKeys;
  /** The request's clock, injectable for tests. */
  now(): Date;
}

const recentKey = (query: RecentQuery) => `${query.citizenId}|${query.last}`;

/** One store query per batch, whatever the mix of citizens and `last` values; answers in key order. */
function recentLoader<T>(latest: (citizenIds: string[], last: number) => Promise<Map<string, T[]>>): DataLoader<RecentQuery, T[], string> {
  return new DataLoader<RecentQuery, T[], string>(
    async (queries) => {
      const byCitizen = await latest([...new Set(queries.map((q) => q.citizenId))], Math.max(...queries.map((q) => q.last)));
      return queries.map((q) => (byCitizen.get(q.citizenId) ?? []).slice(0, q.last));
    },
    { cacheKeyFn: recentKey },
  );
}

/** New loaders per request: nothing cached outlives the request or crosses between principals. */
export function createHealthLoaders(store: HealthStore): HealthLoaders {
  return {
    facilities: new DataLoader((ids) => store.facilitiesByIds(ids)),
    healthCodes: new DataLoader((ids) => store.healthCodesOf(ids)),
    declarations: recentLoader((ids, last) => store.latestDeclarations(ids, last)),
    checkIns: recentLoader((ids, last) => store.latestCheckIns(ids, last)),
  };
}
