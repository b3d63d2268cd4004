import type { QueryResolvers } from '../__generated__/resolvers-types.js';
import { consistency, requestHead } from './transparency.js';

export const Query: QueryResolvers = {
  async me(_parent, _args, ctx) {
    if (ctx.principal.kind !== 'citizen') return null;
    ctx.consent.prime([ctx.principal.id]);
    const citizen = await ctx.citizens.load(ctx.principal.id);
    return citizen ? { id: citizen.id } : null;
  },
  async citizen(_parent, { id }, ctx) {
    ctx.consent.prime([id]);
    const citizen = await ctx.citizens.load(id);
    return citizen ? { id: citizen.id } : null;
  },
  async grantees(_parent, _args, ctx) {
    return ctx.services.store.grantees.find({}, { sort: [['kind', 1], ['name', 1]] });
  },
  transparencyHead: (_parent, _args, ctx) => requestHead(ctx),
  transparencyConsistency: (_parent, { fromSize, toSize }, ctx) => consistency(ctx, fromSize, toSize),
  consentAuthorityPublicKey(_parent, _args, ctx) {
    return Buffer.from(ctx.services.keys.publicKey).toString('base64url');
  },
};
