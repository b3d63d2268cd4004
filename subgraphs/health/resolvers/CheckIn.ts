import type { CheckInResolvers } from '../__generated__/resolvers-types.js';

export const CheckIn: CheckInResolvers = {
  /**
   * A reference field: the consent transform decides LOCATION for the check-in's citizen and hands this resolver
   * the record with its sealed facility id opened (ARCHITECTURE §4, one door); the facility itself is public.
   */
  facility: (parent, _args, ctx) => (typeof parent.facility === 'string' ? ctx.facilities.load(parent.facility) : null),
};
