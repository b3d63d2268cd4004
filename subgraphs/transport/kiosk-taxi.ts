import { validateEmbedding } from '../../consent/biometrics/embedding.js';
import { ConsentDeniedError, NotFoundError } from '../../platform/errors.js';
import type { TransportContext } from './context.js';
import { requireTransportStaff } from './domain/access.js';
import { planKioskRide } from './domain/taxi.js';
import { placeLabel } from './domain/validation.js';
import type { KioskFaceCheckPayloadMapper, KioskTaxiPayloadMapper } from './mappers.js';
import { offerRide } from './dispatch.js';
import { bookRide, savedPlacesFor } from './taxi-booking.js';

export interface KioskHail {
  kioskId: string;
  citizenId: string;
  embedding: readonly number[];
  destinationLabel: string;
}

export interface KioskFaceCheck {
  kioskId: string;
  citizenId: string;
  embedding: readonly number[];
}

/**
 * The kiosk's first step: a 1:1 face check for the kiosk's principal (decided, logged and compared by the consent
 * service), then, on a match only, the citizen's saved places as records: their fields reach the kiosk through the
 * `@personal` transform, each decided and logged for the kiosk like any read.
 */
export async function checkFaceAtKiosk(ctx: TransportContext, check: KioskFaceCheck): Promise<KioskFaceCheckPayloadMapper> {
  requireTransportStaff(ctx.principal, 'TAXI_ASSIST');
  validateEmbedding(check.embedding).fill(0);
  const kiosk = await ctx.kiosks.load(check.kioskId);
  if (!kiosk) throw new NotFoundError(`Kiosk ${check.kioskId}`);
  const face = await ctx.verifyFace(check.citizenId, check.embedding);
  if (!face.allowed) throw new ConsentDeniedError(face.code);
  if (!face.matched) return { matched: false, savedPlaces: null };
  return { matched: true, savedPlaces: await ctx.savedPlaces.load(check.citizenId) };
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
