import type { SubgraphDataKey } from '../../consent/crypto/field-cipher.js';
import { open, type SealedType } from './sealed.js';
import type { SavedPlaceRecord, TaxiRideRecord, TripRecord } from './store.js';

/** Everything transport holds about one citizen, as read from the store (sealed). */
export interface TransportRecordsOfCitizen {
  trips: readonly TripRecord[];
  savedPlaces: readonly SavedPlaceRecord[];
  taxiRides: readonly TaxiRideRecord[];
}

/**
 * The transport section of a citizen's data export, opened with the key of the request's allow decision: every
 * transit tap (newest first), every saved place (in the order saved) and every taxi ride (newest first).
 * Each value is opened with the binding it was sealed with: its GraphQL type, field and record id.
 */
export function buildTransportExport(key: SubgraphDataKey, records: TransportRecordsOfCitizen): Record<string, unknown> {
  const opener = (type: SealedType, record: { id: string; citizenId: string }) => (field: string, sealed: string) =>
    open(key, { type, recordId: record.id, citizenId: record.citizenId }, field, sealed);
  return {
    trips: records.trips.map((trip) => {
      const read = opener('Trip', trip);
      return { id: trip.id, at: read('at', trip.at), stationId: read('stationId', trip.stationId) };
    }),
    savedPlaces: records.savedPlaces.map((place) => {
      const read = opener('SavedPlace', place);
      return { id: place.id, label: read('label', place.label), address: read('address', place.address), districtId: read('districtId', place.districtId) };
    }),
    taxiRides: records.taxiRides.map((ride) => {
      const read = opener('TaxiRide', ride);
      return {
        id: ride.id,
        status: ride.status,
        requestedAt: ride.requestedAt,
        pickup: read('pickup', ride.pickup),
        destination: read('destination', ride.destination),
        etaMinutes: ride.etaMinutes,
        kioskId: ride.kioskId,
      };
    }),
  };
}
