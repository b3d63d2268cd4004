import { rememberLoaded } from '../../../platform/loaders.js';
import { BadUserInputError } from '../../../platform/errors.js';
import type { QueryResolvers } from '../__generated__/resolvers-types.js';
import { decodeSensorCursor, encodeSensorCursor, isValidPageSize, MAX_PAGE_SIZE } from '../domain/pagination.js';

export const Query: QueryResolvers = {
  async sensors(_parent, { districtId, kind, first, after }, ctx) {
    const pageSize = first ?? 20;
    if (!isValidPageSize(pageSize)) throw new BadUserInputError(`\`first\` must be between 1 and ${MAX_PAGE_SIZE}.`);
    let afterId: string | undefined;
    if (after != null) {
      afterId = decodeSensorCursor(after) ?? undefined;
      if (afterId === undefined) throw new BadUserInputError('`after` is not a cursor from a previous page.');
    }
    const rows = await ctx.store.sensorPage({ districtId: districtId ?? undefined, kind: kind ?? undefined, afterId }, pageSize + 1);
    const page = rows.slice(0, pageSize);
    rememberLoaded(ctx.sensors, page);
    const edges = page.map((sensor) => ({ node: sensor, cursor: encodeSensorCursor(sensor.id) }));
    return { edges, pageInfo: { hasNextPage: rows.length > pageSize, endCursor: edges.at(-1)?.cursor ?? null } };
  },
  sensor: (_parent, { id }, ctx) => ctx.sensors.load(id),
};
