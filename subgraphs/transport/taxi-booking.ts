import { randomUUID } from 'node:crypto';
import { sealRecord } from '../../consent/enforcement/department-capabilities.js';
import { ConsentDeniedError, ForbiddenError, IntegrityError, type ConsentCode } from '../../platform/errors.js';
import type { TransportContext } from './context.js';
import { planSavedPlaceRide, type RidePlan, type SavedPlaceView } from './domain/taxi.js';
import type { HailTaxiRequest } from './domain/validation.js';
import type { TaxiRideRecord } from './store.js';

/**
 * Booking a taxi for a citizen: reads their saved places through the door (for the caller: the citizen themself, or
 * a kiosk under the citizen's grant, logged), lets the domain plan the ride, and stores it sealed by the consent
 * service. Transport holds no key and never logs an opened value.
 */

const asString = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** The citizen's saved places, opened for this request's caller, in the order saved. A refusal refuses the ride. */
export async function savedPlacesFor(ctx: TransportContext, citizenId: string): Promise<SavedPlaceView[]> {
  const records = await ctx.savedPlaces.load(citizenId);
  const { SavedPlace: opened } = await ctx.personal.open({ SavedPlace: records });
  const refused = opened.find((place) => place.refused);
  if (refused?.refused === 'INTEGRITY_ERROR') throw new IntegrityError();
  if (refused) throw new ConsentDeniedError(refused.refused as ConsentCode);
  return opened.flatMap((place) => {
    const label = asString(place.label);
    return label ? [{ id: place.id, label, address: asString(place.address), districtId: asString(place.districtId) }] : [];
  });
}

/** Stores a planned ride for the citizen, its pickup and destination sealed; answers the stored record. */
export async function bookRide(ctx: TransportContext, citizenId: string, plan: RidePlan, kioskId: string | null): Promise<TaxiRideRecord> {
  const id = `TR-${randomUUID()}`;
  const sealed = await sealRecord(ctx.sealer, { citizenId, type: 'TaxiRide', recordId: id }, { pickup: plan.pickup, destination: plan.destination });
  if (!sealed) throw new ForbiddenError('No taxi can be booked for this citizen: their personal data has been erased or the citizen is unknown.');
  const ride: TaxiRideRecord = {
    id,
    citizenId,
    status: plan.status,
    requestedAt: plan.requestedAt,
    pickup: sealed.pickup,
    destination: sealed.destination,
    etaMinutes: plan.etaMinutes,
    kioskId,
  };
  await ctx.store.insertTaxiRide(ride);
  return ride;
}

/** The one-touch ride: from one of the citizen's saved places to another. */
export async function hailBetweenSavedPlaces(ctx: TransportContext, citizenId: string, request: HailTaxiRequest, now = new Date()): Promise<TaxiRideRecord> {
  const places = await savedPlacesFor(ctx, citizenId);
  return bookRide(ctx, citizenId, planSavedPlaceRide(places, request.fromLabel, request.toLabel, now), null);
}
