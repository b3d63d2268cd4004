import type { IntersectionResolvers } from '../__generated__/resolvers-types.js';
import { deriveBlindSpotAlerts } from '../domain/blind-spot.js';

export const Intersection: IntersectionResolvers = {
  /** With `@requires`, the representation carries the sensors subgraph's `roadConditions`: keep them on the parent. */
  async __resolveReference(reference, ctx) {
    const intersection = await ctx.intersections.load(reference.id);
    if (!intersection) return null;
    return 'roadConditions' in reference ? { ...intersection, roadConditions: reference.roadConditions } : intersection;
  },
  blindSpotAlerts: (parent) => deriveBlindSpotAlerts(parent.roadConditions ?? [], new Date()),
};
