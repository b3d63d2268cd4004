import type { MutationResolvers } from '../__generated__/resolvers-types.js';

export const Mutation: MutationResolvers = {
  grantConsent: (_parent, { input }, ctx) => ctx.services.grants.grant(ctx.principal, input),
  revokeConsent: (_parent, { id }, ctx) => ctx.services.grants.change(ctx.principal, id, 'REVOKED'),
  pauseConsent: (_parent, { id }, ctx) => ctx.services.grants.change(ctx.principal, id, 'PAUSED'),
  resumeConsent: (_parent, { id }, ctx) => ctx.services.grants.change(ctx.principal, id, 'RESUMED'),
  eraseMyData: (_parent, _args, ctx) => ctx.services.erasure.erase(ctx.principal),
};
