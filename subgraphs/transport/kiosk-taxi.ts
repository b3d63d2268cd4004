import { validateEmbedding } from '../../consent/biometrics/embedding.js';
import { ConsentDeniedError, NotFoundError } from '../../platform/errors.js';
import type { TransportContext } from './context.js';
import { requireTransportStaff } from './domain/access.js';
import { planKioskRide } from './domain/taxi.js';
import { placeLabel } from './domain/validation.js';
import type { KioskTaxiPayloadMapper } from './mappers.js';
import { offerRide } from './dispatch.js';
import { bookRide, savedPlacesFor } from './taxi-booking.js';

export interface KioskHail {
  kioskId: string;
  citizenId: string;
  embedding: readonly number[];
  destinationLabel: string;
}

/**
 * The kiosk taxi for seniors. Transport never sees a template: the consent service decides BIOMETRIC for this
 * kiosk's principal, logs it, and answers match or not. On a match, the citizen's saved places are read through the
 * door for the kiosk (a LOCATION decision of their own, each field logged). The embedding is passed on once and never logged or kept.
 */
export async function hailTaxiAtKiosk(ctx: TransportContext, hail: KioskHail): Promise<KioskTaxiPayloadMapper> {
  requireTransportStaff(ctx.principal, 'TAXI_ASSIST');
  // Refuse a malformed embedding here, before anything is asked or looked up; the consent service checks again.
  validateEmbedding(hail.embedding).fill(0);
  const destinationLabel = placeLabel('destinationLabel', hail.destinationLabel);
  const kiosk = await ctx.kiosks.load(hail.kioskId);
  if (!kiosk) throw new NotFoundError(`Kiosk ${hail.kioskId}`);

  const check = await ctx.verifyFace(hail.citizenId, hail.embedding);
  if (!check.allowed) throw new ConsentDeniedError(check.code);
  if (!check.matched) return { matched: false, ride: null };

  const places = await savedPlacesFor(ctx, hail.citizenId);
  const plan = planKioskRide(kiosk, places, destinationLabel, ctx.now());
  const ride = await offerRide(ctx.asService('TAXI_ASSIST'), ctx.store, await bookRide(ctx, hail.citizenId, plan, kiosk.id), ctx.now());
  return { matched: true, ride };
}
