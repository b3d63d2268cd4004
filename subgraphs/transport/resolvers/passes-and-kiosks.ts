import type { MutationResolvers } from '../__generated__/resolvers-types.js';
import { answerRideConsentAtKiosk, cancelRideAtKiosk, checkFaceAtKiosk, hailTaxiAtKiosk } from '../kiosk-taxi.js';
import { tapTransit } from '../transit-pass.js';

export const passAndKioskMutations: Pick<MutationResolvers, 'tapTransit' | 'hailTaxiAtKiosk' | 'checkFaceAtKiosk' | 'answerRideConsentAtKiosk' | 'cancelRideAtKiosk'> = {
  tapTransit: (_parent, { token, stationId }, ctx) => tapTransit(ctx, token, stationId),
  hailTaxiAtKiosk: (_parent, args, ctx) => hailTaxiAtKiosk(ctx, args),
  checkFaceAtKiosk: (_parent, args, ctx) => checkFaceAtKiosk(ctx, args),
  answerRideConsentAtKiosk: (_parent, args, ctx) => answerRideConsentAtKiosk(ctx, args),
  cancelRideAtKiosk: (_parent, args, ctx) => cancelRideAtKiosk(ctx, args),
};
