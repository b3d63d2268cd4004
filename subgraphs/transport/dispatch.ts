import type { DepartmentCapabilities } from '../../consent/enforcement/department-capabilities.js';
import { BadUserInputError, ForbiddenError, NotFoundError } from '../../platform/errors.js';
import type { Principal } from '../../platform/principal.js';
import type { TransportContext } from './context.js';
import { checkEtaMinutes, checkRideMove, LIVE_STATUSES, type RideActor } from './domain/ride-workflow.js';
import type { TaxiRideStatus } from './domain/taxi.js';
import type { TaxiRideRecord, TransportStore } from './store.js';

/**
 * Taxi dispatch (docs/taxi-partners.md). A new ride is offered at once to the partners holding the citizen's
 * TAXI_ASSIST grant for transport locations (asked as transport's own processing, ids only); a partner sees the
 * pickup place through the consent door, only under that grant, and only while the ride is live.
 */

/** Offers a REQUESTED ride to the grant holders; without any it stays REQUESTED (the citizen is asked for a consent). */
export async function offerRide(service: DepartmentCapabilities, store: TransportStore, ride: TaxiRideRecord, now: Date): Promise<TaxiRideRecord> {
  const partners = await service.partnersGranted(ride.citizenId, 'LOCATION');
  if (partners.length === 0) return ride;
  const at = now.toISOString();
  await store.offerRide(ride.id, partners, at);
  if (await store.moveRide(ride, 'OFFERED', 'dispatcher', at)) return { ...ride, status: 'OFFERED', updatedAt: at };
  return (await store.taxiRides.get(ride.id)) ?? ride;
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

/** Makes one move, or tells the caller the ride changed under it; answers the ride as it now is. */
async function move(ctx: TransportContext, ride: TaxiRideRecord, actor: RideActor, to: TaxiRideStatus, patch: Partial<TaxiRideRecord> = {}): Promise<TaxiRideRecord> {
  checkRideMove(actor, ride.status, to);
  const at = ctx.now().toISOString();
  if (!(await ctx.store.moveRide(ride, to, `${actor}:${ctx.principal.id}`, at, patch))) {
    throw new BadUserInputError('The ride changed in the meantime (someone else moved it first); load it again.', { id: ride.id });
  }
  return { ...ride, ...patch, status: to, updatedAt: at };
}

export async function acceptRide(ctx: TransportContext, id: string, etaMinutes: number): Promise<TaxiRideRecord> {
  const partnerId = requirePartner(ctx.principal);
  const eta = checkEtaMinutes(etaMinutes);
  const ride = await ctx.store.taxiRides.get(id);
  // The same answer whether the ride does not exist or was never offered to this partner.
  if (!ride || !(await ctx.store.isOfferedTo(id, partnerId))) throw new NotFoundError(`Taxi ride ${id}`);
  return forPartner(await move(ctx, ride, 'partner', 'ACCEPTED', { partnerId, etaMinutes: eta }));
}

export async function updateRide(ctx: TransportContext, id: string, status: TaxiRideStatus): Promise<TaxiRideRecord> {
  const ride = await ctx.store.taxiRides.get(id);
  if (ctx.principal.kind === 'citizen') {
    if (!ride || ride.citizenId !== ctx.principal.id) throw new NotFoundError(`Taxi ride ${id}`);
    return move(ctx, ride, 'citizen', status);
  }
  const partnerId = requirePartner(ctx.principal);
  if (!ride || ride.partnerId !== partnerId) throw new NotFoundError(`Taxi ride ${id}`);
  return forPartner(await move(ctx, ride, 'partner', status));
}
