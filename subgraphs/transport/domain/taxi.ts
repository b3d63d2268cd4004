import { BadUserInputError } from '../../../platform/errors.js';

/**
 * Taxi rides: which places a ride goes between and what is promised when it is booked. Pure: the caller has
 * already opened the citizen's saved places and passes the time. A ride starts at one of the citizen's saved places
 * (one-touch ride from the app) or at a kiosk (pickup = the kiosk's label) and ends at a saved place.
 */
export type TaxiRideStatus = 'REQUESTED' | 'OFFERED' | 'ACCEPTED' | 'DISPATCHED' | 'ARRIVED' | 'COMPLETED' | 'CANCELLED';

/** Where a ride starts or ends, in words: what the driver and the citizen see. */
export interface RidePlace {
  label: string;
  address: string | null;
}

/** A saved place, opened. */
export interface SavedPlaceView {
  id: string;
  label: string;
  address: string | null;
  districtId: string | null;
}

export interface KioskView {
  id: string;
  label: string;
  districtId: string;
}

export interface RidePlan {
  status: TaxiRideStatus;
  requestedAt: string;
  pickup: RidePlace;
  destination: RidePlace;
  etaMinutes: number;
}

/** Minutes until a taxi reaches the pickup: a fixed promise, longer in the rush hours (UTC) when cars are busy. */
export const PICKUP_ETA_MINUTES = 6;
export const RUSH_HOUR_PICKUP_ETA_MINUTES = 12;
const RUSH_HOURS_UTC = new Set([7, 8, 16, 17, 18]);

/** Labels match ignoring case, surrounding spaces and repeated inner spaces: ` home ` is `Home`. */
export function normaliseLabel(label: string): string {
  return label.trim().replace(/\s+/g, ' ').toLocaleLowerCase('en');
}

/** The first saved place with this label (places come in the order they were saved). */
export function findSavedPlace(places: readonly SavedPlaceView[], label: string): SavedPlaceView {
  const wanted = normaliseLabel(label);
  const place = places.find((p) => normaliseLabel(p.label) === wanted);
  if (!place) {
    // The message echoes only what the caller typed, never the citizen's other saved places.
    throw new BadUserInputError(`You have no saved place called "${label.trim()}". Check the name, or save the place first.`);
  }
  return place;
}

export function ridePlaceOf(place: SavedPlaceView): RidePlace {
  return { label: place.label, address: place.address };
}

export function ridePlaceOfKiosk(kiosk: KioskView): RidePlace {
  return { label: kiosk.label, address: null };
}

export function pickupEtaMinutes(now: Date): number {
  return RUSH_HOURS_UTC.has(now.getUTCHours()) ? RUSH_HOUR_PICKUP_ETA_MINUTES : PICKUP_ETA_MINUTES;
}

/** A new ride between two places: requested now, not yet dispatched. */
export function planRide(pickup: RidePlace, destination: RidePlace, now: Date): RidePlan {
  return { status: 'REQUESTED', requestedAt: now.toISOString(), pickup, destination, etaMinutes: pickupEtaMinutes(now) };
}

/** The one-touch ride: from one saved place to another, both named by label. */
export function planSavedPlaceRide(places: readonly SavedPlaceView[], fromLabel: string, toLabel: string, now: Date): RidePlan {
  const from = findSavedPlace(places, fromLabel);
  const to = findSavedPlace(places, toLabel);
  if (from.id === to.id) {
    throw new BadUserInputError(`"${from.label}" is both the pickup and the destination. Choose two different saved places.`);
  }
  return planRide(ridePlaceOf(from), ridePlaceOf(to), now);
}

/** A ride from the kiosk where the citizen stands to one of their saved places. */
export function planKioskRide(kiosk: KioskView, places: readonly SavedPlaceView[], destinationLabel: string, now: Date): RidePlan {
  return planRide(ridePlaceOfKiosk(kiosk), ridePlaceOf(findSavedPlace(places, destinationLabel)), now);
}
