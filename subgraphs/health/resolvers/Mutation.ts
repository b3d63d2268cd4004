import { randomUUID } from 'node:crypto';
import { ForbiddenError, NotFoundError } from '../../../platform/errors.js';
import type { MutationResolvers } from '../__generated__/resolvers-types.js';
import { requireCitizen, requireHealthStaff } from '../domain/access.js';
import { validateDeclarationInput } from '../domain/declaration-input.js';
import { exposureSince } from '../domain/exposure-flag.js';
import { windowStart } from '../domain/health-code.js';
import { keysOfCitizensCheckedInAt, recomputeHealthCodes } from '../recompute.js';
import { sealDeclaration } from '../records.js';

export const Mutation: MutationResolvers = {
  async submitHealthDeclaration(_parent, { input }, ctx) {
    const citizenId = requireCitizen(ctx.principal);
    const declaration = validateDeclarationInput(input);
    const key = (await ctx.consent.writeKeys([citizenId])).get(citizenId);
    if (!key) throw new ForbiddenError('Your personal data has been erased or is unknown here, so no declaration can be stored.');
    const now = ctx.now();
    const record = sealDeclaration(key, { id: `HD-${randomUUID()}`, citizenId, submittedAt: now.toISOString() }, declaration);
    await ctx.store.insertDeclaration(record);
    const [healthCode] = await recomputeHealthCodes(ctx.store, new Map([[citizenId, key]]), now);
    return { declaration: record, healthCode: healthCode! };
  },

  async flagFacilityExposure(_parent, { facilityId, since }, ctx) {
    requireHealthStaff(ctx.principal);
    const now = ctx.now();
    const start = exposureSince(since, now);
    const facility = await ctx.store.flagFacility(facilityId, start.toISOString(), now.toISOString());
    if (!facility) throw new NotFoundError(`Facility ${facilityId}`);
    // Check-ins older than the health-code window cannot change anyone's code.
    const from = new Date(Math.max(start.getTime(), windowStart(now).getTime()));
    const keys = await keysOfCitizensCheckedInAt(ctx.store, (ids) => ctx.consent.writeKeys(ids), facilityId, from);
    const recomputed = await recomputeHealthCodes(ctx.store, keys, now);
    ctx.logger.info({ facilityId, healthCodesRecomputed: recomputed.length }, 'facility flagged for exposure');
    return { facility, healthCodesRecomputed: recomputed.length };
  },
};
