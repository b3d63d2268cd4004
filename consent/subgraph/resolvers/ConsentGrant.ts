import type { ConsentGrantResolvers } from '../__generated__/resolvers-types.js';

export const ConsentGrant: ConsentGrantResolvers = {
  async grantee(grant, _args, ctx) {
    const grantee = await ctx.grantees.load(grant.granteeId);
    return grantee ?? { id: grant.granteeId, name: grant.granteeId, kind: 'PARTNER' };
  },
  history: (grant) => grant.history.map(({ at, action, status }) => ({ at, action, status })),
};
