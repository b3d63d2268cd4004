import type { QueryResolvers } from '../__generated__/resolvers-types.js';

export const Query: QueryResolvers = {
  async me(_parent, _args, ctx) {
    if (ctx.principal.kind !== 'citizen') return null;
    const citizen = await ctx.citizens.load(ctx.principal.id);
    return citizen ? { id: citizen.id } : null;
  },
  async citizen(_parent, { id }, ctx) {
    const citizen = await ctx.citizens.load(id);
    return citizen ? { id: citizen.id } : null;
  },
};
