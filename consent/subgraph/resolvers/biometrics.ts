import type { MutationResolvers } from '../__generated__/resolvers-types.js';

/** Face enrolment: the citizen themself only (FaceService checks); the embedding goes nowhere but the service. */
export const biometricMutations: Pick<MutationResolvers, 'enrollFace' | 'revokeFace' | 'enrollFaceAssisted'> = {
  async enrollFace(_parent, { embedding }, ctx) {
    const { enrolledAt, grant } = await ctx.services.faces.enroll(ctx.principal, embedding);
    return { enrolledAt, consent: grant };
  },
  /** An official enrols the face of the citizen at the desk, who confirms with card number and PIN (FaceService checks). */
  async enrollFaceAssisted(_parent, { input }, ctx) {
    const { cardNumber, pin, embedding, healthPass } = input;
    const { enrolledAt, grant, passGrant } = await ctx.services.faces.enrollAssisted({ principal: ctx.principal }, { citizenId: cardNumber, pin, embedding, healthPass: healthPass ?? false });
    return { enrolledAt, consentValidUntil: grant.validUntil, healthPassAtKiosks: passGrant !== undefined };
  },
  async revokeFace(_parent, _args, ctx) {
    const { revokedAt, grant } = await ctx.services.faces.revoke(ctx.principal);
    return { revokedAt, consent: grant };
  },
};
