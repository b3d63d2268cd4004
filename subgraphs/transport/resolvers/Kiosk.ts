import type { KioskResolvers } from '../__generated__/resolvers-types.js';

export const Kiosk: KioskResolvers = {
  __resolveReference: (reference, ctx) => ctx.kiosks.load(reference.id),
  station: (parent, _args, ctx) => (parent.stationId ? ctx.stations.load(parent.stationId) : null),
};
