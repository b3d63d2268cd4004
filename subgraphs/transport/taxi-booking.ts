import { randomUUID } from 'node:crypto';
import type { SubgraphDataKey } from '../../consent/crypto/field-cipher.js';
import { ForbiddenError } from '../../platform/errors.js';
import type { TransportContext } from './context.js';
import { planSavedPlaceRide, type RidePlan, type SavedPlaceView } from './domain/taxi.js';
import type { HailTaxiRequest } from './domain/validation.js';
import { open, seal } from './sealed.js';
import type { TaxiRideRecord } from './store.js';

/**
 * Booking a taxi for a citizen: opens their saved places with this department's write key for them, lets the
 * domain plan the ride, and stores it with its places sealed. Never logs an opened value.
 */

/** The key to read and write this citizen's transport records; none means they are erased or unknown. */
export async function writeKeyFor(ctx: TransportContext, citizenId: string): Promise<SubgraphDataKey> {
  const key = (await ctx.consent.writeKeys([citizenId])).get(citizenId);
  if (!key) {
    throw new ForbiddenError('No taxi can be booked for this citizen: their personal data has been erased or the citizen is unknown.');
  }
  return key;
}

/** The citizen's saved places, opened, in the order saved. A place that no longer opens is left out. */
export async function openSavedPlaces(ctx: TransportContext, key: SubgraphDataKey, citizenId: string): Promise<SavedPlaceView[]> {
  const records = await ctx.savedPlaces.load(citizenId);
  const places: SavedPlaceView[] = [];
  for (const record of records) {
    const target = { type: 'SavedPlace', recordId: record.id, citizenId } as const;
    try {
      places.push({
        id: record.id,
        label: String(open(key, target, 'label', record.label)),
        address: (open(key, target, 'address', record.address) as string | null) ?? null,
        districtId: (open(key, target, 'districtId', record.districtId) as string | null) ?? null,
      });
    } catch {
      ctx.logger.warn({ savedPlaceId: record.id }, 'a saved place could not be opened; leaving it out');
    }
  }
  return places;
}

/** Stores a planned ride for the citizen, its pickup and destination sealed; answers the stored record. */
export async function bookRide(ctx: TransportContext, key: SubgraphDataKey, citizenId: string, plan: RidePlan, kioskId: string | null): Promise<TaxiRideRecord> {
  const id = `TR-${randomUUID()}`;
  const target = { type: 'TaxiRide', recordId: id, citizenId } as const;
  const ride: TaxiRideRecord = {
    id,
    citizenId,
    status: plan.status,
    requestedAt: plan.requestedAt,
    pickup: seal(key, target, 'pickup', plan.pickup),
    destination: seal(key, target, 'destination', plan.destination),
    etaMinutes: plan.etaMinutes,
    kioskId,
  };
  await ctx.store.insertTaxiRide(ride);
  return ride;
}

/** The one-touch ride: from one of the citizen's saved places to another. */
export async function hailBetweenSavedPlaces(ctx: TransportContext, citizenId: string, request: HailTaxiRequest, now = new Date()): Promise<TaxiRideRecord> {
  const key = await writeKeyFor(ctx, citizenId);
  const places = await openSavedPlaces(ctx, key, citizenId);
  return bookRide(ctx, key, citizenId, planSavedPlaceRide(places, request.fromLabel, request.toLabel, now), null);
}
