import type { TripResolvers } from '../__generated__/resolvers-types.js';

export const Trip: TripResolvers = {
  /**
   * A reference field: the consent transform decides LOCATION for the trip's citizen and hands this resolver the
   * record with its sealed station id opened (ARCHITECTURE §4, one door); the station itself is public.
   */
  station: (parent, _args, ctx) => (typeof parent.stationId === 'string' ? ctx.stations.load(parent.stationId) : null),
};
