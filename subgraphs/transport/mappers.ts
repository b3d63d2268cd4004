import type { RoadConditionReading } from './domain/blind-spot.js';
import type { IntersectionRecord, KioskRecord, SavedPlaceRecord, StationRecord, TaxiRideRecord, TripRecord } from './store.js';

/**
 * Resolvers receive stored records: personal fields still sealed, `citizenId` on every record that has personal
 * fields (the consent transform's owner convention); the transform opens each field when allowed.
 */
export type CitizenMapper = { id: string };
export type StationMapper = StationRecord;
export type KioskMapper = KioskRecord;
export type TripMapper = TripRecord;
export type SavedPlaceMapper = SavedPlaceRecord;
export type TaxiRideMapper = TaxiRideRecord;
/** `roadConditions` arrives from the sensors subgraph in the entity representation (`@requires`). */
export type IntersectionMapper = IntersectionRecord & { roadConditions?: RoadConditionReading[] };
