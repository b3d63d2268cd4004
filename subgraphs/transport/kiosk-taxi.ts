import { validateEmbedding } from '../../consent/biometrics/embedding.js';
import { ConsentDeniedError, NotFoundError } from '../../platform/errors.js';
import type { TransportContext } from './context.js';
import { requireTransportStaff } from './domain/access.js';
import { planKioskRide } from './domain/taxi.js';
import { placeLabel } from './domain/validation.js';
import type { KioskCancelRidePayloadMapper, KioskFaceCheckPayloadMapper, KioskRideConsentPayloadMapper, KioskTaxiPayloadMapper } from './mappers.js';
import { moveOwnRide, offerRide } from './dispatch.js';
import type { KioskRecord } from './store.js';
import { bookRide, savedPlacesFor } from './taxi-booking.js';

export interface KioskHail {
  kioskId: string;
  citizenId: string;
  embedding: readonly number[];
  destinationLabel: string;
}

/** The citizen's in-person answer to their kiosk ride's one-ride question, with a fresh picture taken for it. */
export interface KioskRideConsentAnswer {
  kioskId: string;
  citizenId: string;
  rideId: string;
  partnerId: string;
  approve: boolean;
  embedding: readonly number[];
}

export interface KioskFaceCheck {
  kioskId: string;
  citizenId: string;
  embedding: readonly number[];
}

/** The citizen's own cancel of their ride, given in person at a kiosk with a fresh picture taken for it. */
export interface KioskRideCancel {
  kioskId: string;
  citizenId: string;
  rideId: string;
  embedding: readonly number[];
}

/**
 * What every kiosk action checks before anything is asked or looked up: the caller is a kiosk (transport staff
 * acting for TAXI_ASSIST), the embedding is well formed (the consent service checks it again), the kiosk exists.
 */
async function kioskFor(ctx: TransportContext, kioskId: string, embedding: readonly number[]): Promise<KioskRecord> {
  requireTransportStaff(ctx.principal, 'TAXI_ASSIST');
  validateEmbedding(embedding).fill(0);
  const kiosk = await ctx.kiosks.load(kioskId);
  if (!kiosk) throw new NotFoundError(`Kiosk ${kioskId}`);
  return kiosk;
}

/**
 * The kiosk's first step: a 1:1 face check for the kiosk's principal (decided, logged and compared by the consent
 * service), then, on a match only, the citizen's saved places as records: their fields reach the kiosk through the
 * `@personal` transform, each decided and logged for the kiosk like any read.
 */
export async function checkFaceAtKiosk(ctx: TransportContext, check: KioskFaceCheck): Promise<KioskFaceCheckPayloadMapper> {
  await kioskFor(ctx, check.kioskId, check.embedding);
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
  const kiosk = await kioskFor(ctx, hail.kioskId, hail.embedding);
  const destinationLabel = placeLabel('destinationLabel', hail.destinationLabel);

  const check = await ctx.verifyFace(hail.citizenId, hail.embedding);
  if (!check.allowed) throw new ConsentDeniedError(check.code);
  if (!check.matched) return { matched: false, ride: null, oneRideQuestions: null };

  const places = await savedPlacesFor(ctx, hail.citizenId);
  const plan = planKioskRide(kiosk, places, destinationLabel, ctx.now());
  const service = ctx.asService('TAXI_ASSIST');
  const ride = await offerRide(service, ctx.store, await bookRide(ctx, hail.citizenId, plan, kiosk.id), ctx.now());
  // The citizen is at the kiosk: the one-ride question is asked there and then (answerRideConsentAtKiosk).
  const waiting = ride.status === 'REQUESTED' && ride.oneRideConsent === 'ASKED';
  return { matched: true, ride, oneRideQuestions: waiting ? await service.rideConsent.questions(hail.citizenId, ride.id) : [] };
}

/**
 * The one-ride question answered at the kiosk. The consent service checks the fresh face and, on a match only,
 * answers the ride's request as the citizen (transport never sees a template or a grant). An approval is offered to
 * the company at once, as the dispatcher would within a second; a decline leaves the ride waiting, as in the portal.
 */
export async function answerRideConsentAtKiosk(ctx: TransportContext, answer: KioskRideConsentAnswer): Promise<KioskRideConsentPayloadMapper> {
  await kioskFor(ctx, answer.kioskId, answer.embedding);

  const result = await ctx.answerRideConsentByFace({ citizenId: answer.citizenId, rideId: answer.rideId, partnerId: answer.partnerId, approve: answer.approve, embedding: answer.embedding });
  if (!result.allowed) throw new ConsentDeniedError(result.code);
  if (!result.matched) return { matched: false, ride: null };

  const ride = await ctx.store.taxiRides.get(answer.rideId);
  // The consent service found the ride's request for this citizen; a ride gone since is not theirs to see here.
  if (!ride || ride.citizenId !== answer.citizenId) throw new NotFoundError(`Taxi ride ${answer.rideId}`);
  if (result.status !== 'APPROVED' || ride.status !== 'REQUESTED') return { matched: true, ride };
  return { matched: true, ride: await offerRide(ctx.asService('TAXI_ASSIST'), ctx.store, ride, ctx.now()) };
}

/**
 * The card holder cancels their own ride in person. The fresh face comes first (decided, logged for the kiosk and
 * compared by the consent service), so nothing about the card holder's rides is looked up before it matches; then
 * the citizen's own cancel, the portal's path (dispatch.ts: NOT_FOUND for a ride not theirs, BAD_USER_INPUT for a
 * ride no longer live, the partner seeing it cancelled, a one-ride consent ended), recorded as made at this kiosk.
 */
export async function cancelRideAtKiosk(ctx: TransportContext, cancel: KioskRideCancel): Promise<KioskCancelRidePayloadMapper> {
  const kiosk = await kioskFor(ctx, cancel.kioskId, cancel.embedding);
  const face = await ctx.verifyFace(cancel.citizenId, cancel.embedding);
  if (!face.allowed) throw new ConsentDeniedError(face.code);
  if (!face.matched) return { matched: false, ride: null };
  return { matched: true, ride: await moveOwnRide(ctx, cancel.citizenId, cancel.rideId, 'CANCELLED', `kiosk:${kiosk.id}`) };
}
