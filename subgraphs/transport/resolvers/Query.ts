import type { QueryResolvers } from '../__generated__/resolvers-types.js';
import { offeredRides } from '../dispatch.js';
import { pageSize } from '../domain/validation.js';

export const Query: QueryResolvers = {
  station: (_parent, { id }, ctx) => ctx.stations.load(id),
  stations: (_parent, { districtId, first }, ctx) => ctx.store.findStations(districtId ?? null, pageSize('first', first, 20)),
  kiosk: (_parent, { id }, ctx) => ctx.kiosks.load(id),
  kiosks: (_parent, { districtId }, ctx) => ctx.store.findKiosks(districtId ?? null),
  intersections: (_parent, { districtId, first }, ctx) => ctx.store.findIntersections(districtId, pageSize('first', first, 20)),
  offeredRides: (_parent, _args, ctx) => offeredRides(ctx),
};
