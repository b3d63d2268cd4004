import type { TripResolvers } from '../__generated__/resolvers-types.js';
import { open } from '../sealed.js';

export const Trip: TripResolvers = {
  /**
   * The consent transform has already allowed LOCATION for this trip's owner before this runs, so the request's
   * key for them is settled; the sealed station id is opened here to load the public station.
   */
  async station(parent, _args, ctx) {
    const decision = await ctx.consent.decision(parent.citizenId);
    if (!decision.key) return null;
    const stationId = open(decision.key, { type: 'Trip', recordId: parent.id, citizenId: parent.citizenId }, 'stationId', parent.stationId);
    return typeof stationId === 'string' ? ctx.stations.load(stationId) : null;
  },
};
