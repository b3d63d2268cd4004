import type { MutationResolvers } from '../__generated__/resolvers-types.js';

/** Face enrolment: the citizen themself only (FaceService checks); the embedding goes nowhere but the service. */
export const biometricMutations: Pick<MutationResolvers, 'enrollFace' | 'revokeFace'> = {
  async enrollFace(_parent, { embedding }, ctx) {
    const { enrolledAt, grant } = await ctx.services.faces.enroll(ctx.principal, embedding);
    return { enrolledAt, consent: grant };
  },
  async revokeFace(_parent, _args, ctx) {
    const { revokedAt, grant } = await ctx.services.faces.revoke(ctx.principal);
    return { revokedAt, consent: grant };
  },
};
