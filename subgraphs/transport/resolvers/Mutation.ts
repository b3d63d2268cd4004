import { ForbiddenError } from '../../../platform/errors.js';
import type { MutationResolvers } from '../__generated__/resolvers-types.js';
import { hailTaxiRequest } from '../domain/validation.js';
import { hailBetweenSavedPlaces } from '../taxi-booking.js';

export const Mutation: MutationResolvers = {
  async hailTaxi(_parent, { input }, ctx) {
    if (ctx.principal.kind !== 'citizen') throw new ForbiddenError('Only a signed-in citizen can hail a taxi from their saved places.');
    return hailBetweenSavedPlaces(ctx, ctx.principal.id, hailTaxiRequest(input));
  },
};
