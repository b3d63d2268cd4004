import type { FacilityResolvers } from '../__generated__/resolvers-types.js';

export const Facility: FacilityResolvers = {
  __resolveReference: (reference, ctx) => ctx.facilities.load(reference.id),
};
