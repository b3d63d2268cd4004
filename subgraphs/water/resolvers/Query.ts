import { rememberLoaded } from '../../../platform/loaders.js';
import type { QueryResolvers } from '../__generated__/resolvers-types.js';

export const Query: QueryResolvers = {
  async districts(_parent, _args, ctx) {
    const districts = await ctx.store.allDistricts();
    rememberLoaded(ctx.districts, districts);
    return districts.map((district) => ({ id: district.id }));
  },
  async district(_parent, { id }, ctx) {
    const district = await ctx.districts.load(id);
    return district ? { id: district.id } : null;
  },
  floodAlerts: (_parent, { activeOnly }, ctx) => ctx.store.floodAlertsOf({ activeOnly: activeOnly ?? true }),
};
