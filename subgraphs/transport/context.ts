import DataLoader from 'dataloader';
import type { BaseSubgraphContext } from '../../consent/enforcement/subgraph-kit.js';
import type { PassVerifyingKey } from '../../contracts/health-pass/pass.js';
import type { WebhookSettings } from './taxi-webhooks.js';
import type { IntersectionRecord, KioskRecord, SavedPlaceRecord, StationRecord, TaxiRideRecord, TransportStore, TripRecord } from './store.js';

/** A loader of each citizen's newest records, one loader per page size so that every batch shares one `last`. */
export type RecentLoaders<T> = (last: number) => DataLoader<string, T[]>;

/** Built once at start: what transport needs to check health passes, none of it secret to health. */
export interface TransportServices {
  /** The health department's public key and the pass identity key shared by the scanning departments. */
  healthPass: { verifying: PassVerifyingKey; identityKey: Uint8Array };
  /** Taxi partners' webhooks: the root of their secrets (transport's alone) and the delivery settings. */
  webhooks: WebhookSettings;
  /** The request's clock, injectable for tests. */
  now(): Date;
}

export interface TransportContext extends BaseSubgraphContext, TransportServices {
  store: TransportStore;
  stations: DataLoader<string, StationRecord | null>;
  kiosks: DataLoader<string, KioskRecord | null>;
  intersections: DataLoader<string, IntersectionRecord | null>;
  savedPlaces: DataLoader<string, SavedPlaceRecord[]>;
  trips: RecentLoaders<TripRecord>;
  taxiRides: RecentLoaders<TaxiRideRecord>;
}

function recentLoaders<T>(fetch: (citizenIds: readonly string[], last: number) => Promise<T[][]>): RecentLoaders<T> {
  const byLast = new Map<number, DataLoader<string, T[]>>();
  return (last) => {
    let loader = byLast.get(last);
    if (!loader) {
      loader = new DataLoader((citizenIds) => fetch(citizenIds, last));
      byLast.set(last, loader);
    }
    return loader;
  };
}

/** New loaders per request; every batch function answers in key order (Collection.getMany's contract). */
export function createTransportLoaders(store: TransportStore): Omit<TransportContext, keyof BaseSubgraphContext | keyof TransportServices> {
  return {
    store,
    stations: new DataLoader((ids) => store.stations.getMany(ids)),
    kiosks: new DataLoader((ids) => store.kiosks.getMany(ids)),
    intersections: new DataLoader((ids) => store.intersections.getMany(ids)),
    savedPlaces: new DataLoader((citizenIds) => store.savedPlacesOf(citizenIds)),
    trips: recentLoaders((citizenIds, last) => store.recentTrips(citizenIds, last)),
    taxiRides: recentLoaders((citizenIds, last) => store.recentTaxiRides(citizenIds, last)),
  };
}
