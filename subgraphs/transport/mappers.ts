import type { PassRefusedError } from '../../contracts/health-pass/pass.js';
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

/** A citizen's data export is only its key; the transport section is built from the citizen's records when asked for. */
export type DataExportMapper = { citizenId: string };

/** The gate's view of a tap: where and when, no citizen. */
export type TransitTapMapper = { at: string; stationId: string };
/** The gate's answer: the recorded tap, or the policy's refusal, raised at `trip` (TapTransitPayload resolver). */
export type TapTransitPayloadMapper = { trip: TransitTapMapper } | { refusal: PassRefusedError };
/**
 * A kiosk hail: whether the face matched, the booked ride (a stored record, places sealed), and the one-ride
 * questions to ask there (partner ids and public names), when the ride waits for one.
 */
export type KioskTaxiPayloadMapper = { matched: boolean; ride: TaxiRideRecord | null; oneRideQuestions: Array<{ partnerId: string; partnerName: string }> | null };
/** A one-ride consent answered at a kiosk: whether the face matched, and the ride as it now is. */
export type KioskRideConsentPayloadMapper = { matched: boolean; ride: TaxiRideRecord | null };
/** A ride cancelled at a kiosk: whether the face matched, and the ride as it now is. */
export type KioskCancelRidePayloadMapper = { matched: boolean; ride: TaxiRideRecord | null };
export type KioskFaceCheckPayloadMapper = { matched: boolean; savedPlaces: SavedPlaceRecord[] | null };
