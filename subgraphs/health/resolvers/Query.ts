import type { QueryResolvers } from '../__generated__/resolvers-types.js';
import { pageSize } from '../domain/page-size.js';

export const DEFAULT_FACILITIES_PAGE = 50;

export const Query: QueryResolvers = {
  facility: (_parent, { id }, ctx) => ctx.facilities.load(id),
  facilities: (_parent, { districtId, first }, ctx) =>
    ctx.store.listFacilities(districtId ?? undefined, pageSize('first', first, DEFAULT_FACILITIES_PAGE)),
};
