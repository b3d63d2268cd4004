import type { ServiceCapabilities } from '../../consent/enforcement/subgraph-kit.js';
import { BadUserInputError, ForbiddenError, NotFoundError } from '../../platform/errors.js';
import type { Principal } from '../../platform/principal.js';
import type { TransportContext } from './context.js';
import { checkEtaMinutes, checkRideMove, LIVE_STATUSES, type RideActor } from './domain/ride-workflow.js';
import type { TaxiRideStatus } from './domain/taxi.js';
import type { TaxiRideRecord, TransportStore } from './store.js';
import { queueOfferDeliveries, screenTaxiWebhookUrl, showSecret, webhookSecret } from './taxi-webhooks.js';

/**
 * Taxi dispatch (docs/taxi-partners.md). A new ride is offered at once to the partners holding the citizen's
 * TAXI_ASSIST grant for transport locations (asked as transport's own processing, ids only), listed by their
 * `offeredRides` and POSTed to their webhooks (taxi-webhooks.ts); a partner sees the pickup place through the consent
 * door, only under that grant, and only while the ride is live. Without a grant holder the citizen is asked for a
 * one-ride consent; the dispatcher (dispatcher.ts) re-offers the ride once one is approved, and ends it with the ride.
 */

/**
 * Offers a REQUESTED ride to the grant holders (a one-ride consent counts for its own ride only). Without any, the
 * ride stays REQUESTED and, the first time, the citizen is asked for a one-ride consent.
 */
export async function offerRide(service: ServiceCapabilities, store: TransportStore, ride: TaxiRideRecord, now: Date): Promise<TaxiRideRecord> {
  const partners = await service.partnersGranted(ride.citizenId, 'LOCATION', ride.id);
  if (partners.length === 0) {
    if (ride.oneRideConsent) return ride;
    const { requested } = await service.rideConsent.ask(ride.citizenId, ride.id);
    if (requested === 0) return ride;
    await store.markOneRideConsent(ride.id, 'ASKED');
    return { ...ride, oneRideConsent: 'ASKED' };
  }
  const at = now.toISOString();
  await store.offerRide(ride.id, partners, at);
  if (!(await store.moveRide(ride, 'OFFERED', 'dispatcher', at))) return (await store.taxiRides.get(ride.id)) ?? ride;
  const offered: TaxiRideRecord = { ...ride, status: 'OFFERED', updatedAt: at };
  await queueOfferDeliveries(store, offered, partners, at);
  return offered;
}

/**
 * Tells the consent service that a ride with a one-ride consent ended, which ends the consent. A failure is left for
 * the dispatcher's sweep (the ride stays marked ASKED); the partner sees nothing of an ended ride meanwhile.
 */
export async function endOneRideConsent(service: ServiceCapabilities, store: TransportStore, ride: TaxiRideRecord): Promise<void> {
  await service.rideConsent.end(ride.citizenId, ride.id);
  await store.markOneRideConsent(ride.id, 'ENDED');
}

function requirePartner(principal: Principal): string {
  if (principal.kind !== 'partner' || principal.purpose !== 'TAXI_ASSIST') throw new ForbiddenError('Only a taxi partner acting for TAXI_ASSIST can do this.');
  return principal.id;
}

/** What a partner gets of a ride: the places only while it is live (a finished ride's places are not its business). */
function forPartner(ride: TaxiRideRecord): TaxiRideRecord {
  return LIVE_STATUSES.has(ride.status) ? ride : { ...ride, pickup: null as never, destination: null as never };
}

function partnerMaySee(ride: TaxiRideRecord, partnerId: string): boolean {
  return ride.status === 'OFFERED' || (LIVE_STATUSES.has(ride.status) && ride.partnerId === partnerId);
}

export async function offeredRides(ctx: TransportContext): Promise<TaxiRideRecord[]> {
  const partnerId = requirePartner(ctx.principal);
  return (await ctx.store.ridesOfferedTo(partnerId, 100)).filter((ride) => partnerMaySee(ride, partnerId));
}

/**
 * Makes one move, or tells the caller the ride changed under it; answers the ride as it now is. `by` names who made
 * it in the ride's history (by default the actor and the caller's id).
 */
async function move(ctx: TransportContext, ride: TaxiRideRecord, actor: RideActor, to: TaxiRideStatus, patch: Partial<TaxiRideRecord> = {}, by = `${actor}:${ctx.principal.id}`): Promise<TaxiRideRecord> {
  checkRideMove(actor, ride.status, to);
  const at = ctx.now().toISOString();
  if (!(await ctx.store.moveRide(ride, to, by, at, patch))) {
    throw new BadUserInputError('The ride changed in the meantime (someone else moved it first); load it again.', { id: ride.id });
  }
  const moved: TaxiRideRecord = { ...ride, ...patch, status: to, updatedAt: at };
  if (!LIVE_STATUSES.has(to) && ride.oneRideConsent === 'ASKED') {
    await endOneRideConsent(ctx.asService('TAXI_ASSIST'), ctx.store, moved).catch((error: unknown) =>
      ctx.logger.warn({ err: { message: (error as Error).message }, rideId: ride.id }, 'one-ride consent not ended yet; the dispatcher retries'),
    );
  }
  return moved;
}

export async function acceptRide(ctx: TransportContext, id: string, etaMinutes: number): Promise<TaxiRideRecord> {
  const partnerId = requirePartner(ctx.principal);
  const eta = checkEtaMinutes(etaMinutes);
  const ride = await ctx.store.taxiRides.get(id);
  // The same answer whether the ride does not exist or was never offered to this partner.
  if (!ride || !(await ctx.store.isOfferedTo(id, partnerId))) throw new NotFoundError(`Taxi ride ${id}`);
  return forPartner(await move(ctx, ride, 'partner', 'ACCEPTED', { partnerId, etaMinutes: eta }));
}

/** Registers the calling partner's webhook; answers the secret, shown this once. */
export async function registerTaxiWebhook(ctx: TransportContext, url: string): Promise<{ url: string; secret: string; registeredAt: string }> {
  const partnerId = requirePartner(ctx.principal);
  const checked = await screenTaxiWebhookUrl(url, ctx.webhooks);
  const record = await ctx.store.registerTaxiWebhook(partnerId, checked, ctx.now().toISOString());
  const secret = webhookSecret(ctx.webhooks.key, partnerId, record.version);
  const shown = showSecret(secret);
  secret.fill(0);
  return { url: record.url, secret: shown, registeredAt: record.registeredAt };
}

/**
 * A citizen's own move of their own ride, wherever they make it: in the portal (`updateRide`) or in person at a
 * kiosk (`where`: `kiosk:<id>`, kept in the ride's history). One path, so the rules and the effects are the same
 * (the partner sees the ride cancelled and its offer is withdrawn, a one-ride consent ends with the ride). A ride
 * that is not this citizen's is NOT_FOUND, whether or not it exists.
 */
export async function moveOwnRide(ctx: TransportContext, citizenId: string, id: string, status: TaxiRideStatus, where?: string): Promise<TaxiRideRecord> {
  const ride = await ctx.store.taxiRides.get(id);
  if (!ride || ride.citizenId !== citizenId) throw new NotFoundError(`Taxi ride ${id}`);
  return move(ctx, ride, 'citizen', status, {}, where ? `citizen:${citizenId}@${where}` : `citizen:${citizenId}`);
}

export async function updateRide(ctx: TransportContext, id: string, status: TaxiRideStatus): Promise<TaxiRideRecord> {
  if (ctx.principal.kind === 'citizen') return moveOwnRide(ctx, ctx.principal.id, id, status);
  const partnerId = requirePartner(ctx.principal);
  const ride = await ctx.store.taxiRides.get(id);
  if (!ride || ride.partnerId !== partnerId) throw new NotFoundError(`Taxi ride ${id}`);
  return forPartner(await move(ctx, ride, 'partner', status));
}
