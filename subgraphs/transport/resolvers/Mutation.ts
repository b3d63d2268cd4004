import { ForbiddenError } from '../../../platform/errors.js';
import type { MutationResolvers } from '../__generated__/resolvers-types.js';
import { acceptRide, offerRide, registerTaxiWebhook, updateRide } from '../dispatch.js';
import { hailTaxiRequest } from '../domain/validation.js';
import { hailBetweenSavedPlaces } from '../taxi-booking.js';

export const Mutation: MutationResolvers = {
  async hailTaxi(_parent, { input }, ctx) {
    if (ctx.principal.kind !== 'citizen') throw new ForbiddenError('Only a signed-in citizen can hail a taxi from their saved places.');
    const now = ctx.now();
    const ride = await hailBetweenSavedPlaces(ctx, ctx.principal.id, hailTaxiRequest(input), now);
    return offerRide(ctx.asService('TAXI_ASSIST'), ctx.store, ride, now);
  },
  acceptRide: (_parent, { id, etaMinutes }, ctx) => acceptRide(ctx, id, etaMinutes),
  updateRide: (_parent, { id, status }, ctx) => updateRide(ctx, id, status),
  registerTaxiWebhook: (_parent, { url }, ctx) => registerTaxiWebhook(ctx, url),
};
