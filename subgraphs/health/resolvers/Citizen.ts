import type { CitizenResolvers } from '../__generated__/resolvers-types.js';
import { pageSize } from '../domain/page-size.js';
import type { HealthCodeMapper } from '../mappers.js';

export const DEFAULT_RECENT = 10;

/** Every citizen has a health code: one who never had a health event is GREEN. */
export function defaultHealthCode(citizenId: string): HealthCodeMapper {
  return { id: citizenId, citizenId, status: 'GREEN', reasons: [], updatedAt: null };
}

/** Health knows no citizen list of its own: any citizen id the graph sends here resolves (consent owns who exists). */
export const Citizen: CitizenResolvers = {
  __resolveReference: (reference) => ({ id: reference.id }),
  healthCode: async (parent, _args, ctx) => (await ctx.healthCodes.load(parent.id)) ?? defaultHealthCode(parent.id),
  healthDeclarations: (parent, { last }, ctx) => ctx.declarations.load({ citizenId: parent.id, last: pageSize('last', last, DEFAULT_RECENT) }),
  checkIns: (parent, { last }, ctx) => ctx.checkIns.load({ citizenId: parent.id, last: pageSize('last', last, DEFAULT_RECENT) }),
};
