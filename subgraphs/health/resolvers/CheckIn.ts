import type { CheckInResolvers } from '../__generated__/resolvers-types.js';
import { openCheckInFacility } from '../records.js';

export const CheckIn: CheckInResolvers = {
  /**
   * Runs only after the consent transform allowed LOCATION for the check-in's citizen; it opens the sealed facility
   * id with the key released for that decision, then loads the (public) facility.
   */
  async facility(parent, _args, ctx) {
    const { key } = await ctx.consent.decision(parent.citizenId);
    if (!key) return null;
    return ctx.facilities.load(openCheckInFacility(key, parent));
  },
};
