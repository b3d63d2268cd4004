import type { MutationResolvers, QueryResolvers } from '../__generated__/resolvers-types.js';
import { issueHealthPass, issueHealthPassAtKiosk, scanHealthPass } from '../health-pass.js';

export const healthPassQueries: Pick<QueryResolvers, 'healthPassPublicKey'> = {
  healthPassPublicKey: (_parent, _args, ctx) => Buffer.from(ctx.healthPass.verifying.publicKey).toString('base64url'),
};

export const healthPassMutations: Pick<MutationResolvers, 'issueHealthPass' | 'scanHealthPass' | 'issueHealthPassAtKiosk'> = {
  issueHealthPass: (_parent, _args, ctx) => issueHealthPass(ctx),
  scanHealthPass: (_parent, { token, facilityId }, ctx) => scanHealthPass(ctx, token, facilityId),
  issueHealthPassAtKiosk: (_parent, { citizenId, embedding }, ctx) => issueHealthPassAtKiosk(ctx, citizenId, embedding),
};
