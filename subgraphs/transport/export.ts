import type { OpenedRecord } from '../../consent/enforcement/department-capabilities.js';
import type { SavedPlaceRecord, TaxiRideRecord, TripRecord } from './store.js';

/** Everything transport holds about one citizen, as the door opened it for the citizen themself. */
export interface OpenedTransportRecords {
  Trip: ReadonlyArray<OpenedRecord<TripRecord>>;
  SavedPlace: ReadonlyArray<OpenedRecord<SavedPlaceRecord>>;
  TaxiRide: ReadonlyArray<OpenedRecord<TaxiRideRecord>>;
}

/**
 * The transport section of a citizen's data export: every transit tap (newest first), every saved place (in the
 * order saved) and every taxi ride (newest first). Pure.
 */
export function buildTransportExport(records: OpenedTransportRecords): Record<string, unknown> {
  return {
    trips: records.Trip.map((trip) => ({ id: trip.id, at: trip.at, stationId: trip.stationId })),
    savedPlaces: records.SavedPlace.map((place) => ({ id: place.id, label: place.label, address: place.address, districtId: place.districtId })),
    taxiRides: records.TaxiRide.map((ride) => ({
      id: ride.id,
      status: ride.status,
      requestedAt: ride.requestedAt,
      pickup: ride.pickup,
      destination: ride.destination,
      etaMinutes: ride.etaMinutes,
      kioskId: ride.kioskId,
    })),
  };
}
