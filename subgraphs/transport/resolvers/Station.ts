import type { StationResolvers } from '../__generated__/resolvers-types.js';

export const Station: StationResolvers = {
  __resolveReference: (reference, ctx) => ctx.stations.load(reference.id),
};
