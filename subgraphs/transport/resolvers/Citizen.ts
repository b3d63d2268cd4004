import type { CitizenResolvers } from '../__generated__/resolvers-types.js';
import { pageSize } from '../domain/validation.js';

/**
 * Transport adds a citizen's trips, saved places and taxi rides; the consent service is the authority on who the
 * citizen is. Every list is a per-request DataLoader, so many citizens cost one query per list.
 */
export const Citizen: CitizenResolvers = {
  __resolveReference: (reference) => ({ id: reference.id }),
  trips: (parent, { last }, ctx) => ctx.trips(pageSize('last', last, 10)).load(parent.id),
  savedPlaces: (parent, _args, ctx) => ctx.savedPlaces.load(parent.id),
  taxiRides: (parent, { last }, ctx) => ctx.taxiRides(pageSize('last', last, 10)).load(parent.id),
  async taxiRide(parent, { id }, ctx) {
    const ride = await ctx.store.taxiRides.get(id);
    return ride && ride.citizenId === parent.id ? ride : null;
  },
};
