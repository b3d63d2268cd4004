import type { DistrictResolvers } from '../__generated__/resolvers-types.js';

export const District: DistrictResolvers = {
  __resolveReference: (reference) => ({ id: reference.id }),
  gaugeLevels: (district, _args, ctx) => ctx.gaugeLevels.load(district.id),
};
