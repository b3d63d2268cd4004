import type { IntersectionResolvers } from '../__generated__/resolvers-types.js';

export const Intersection: IntersectionResolvers = {
  __resolveReference: (reference) => ({ id: reference.id }),
  roadConditions: (intersection, _args, ctx) => ctx.roadConditions.load(intersection.id),
};
