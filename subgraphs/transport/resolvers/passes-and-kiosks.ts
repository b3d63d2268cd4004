import type { MutationResolvers } from '../__generated__/resolvers-types.js';
import { hailTaxiAtKiosk } from '../kiosk-taxi.js';
import { tapTransit } from '../transit-pass.js';

export const passAndKioskMutations: Pick<MutationResolvers, 'tapTransit' | 'hailTaxiAtKiosk'> = {
  tapTransit: (_parent, { token, stationId }, ctx) => tapTransit(ctx, token, stationId),
  hailTaxiAtKiosk: (_parent, args, ctx) => hailTaxiAtKiosk(ctx, args),
};
