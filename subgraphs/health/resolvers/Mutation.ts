import { randomUUID } from 'node:crypto';
import { ForbiddenError, NotFoundError } from '../../../platform/errors.js';
import type { MutationResolvers } from '../__generated__/resolvers-types.js';
import { requireCitizen, requireHealthStaff } from '../domain/access.js';
import { validateDeclarationInput } from '../domain/declaration-input.js';
import { exposureSince } from '../domain/exposure-flag.js';
import { windowStart } from '../domain/health-code.js';
import { citizensCheckedInAt, recomputeHealthCodes } from '../recompute.js';
import { NotWritableError, sealDeclaration } from '../records.js';

export const Mutation: MutationResolvers = {
  async submitHealthDeclaration(_parent, { input }, ctx) {
    const citizenId = requireCitizen(ctx.principal);
    const declaration = validateDeclarationInput(input);
    const now = ctx.now();
    const refused = () => new ForbiddenError('Your personal data has been erased or is unknown here, so no declaration can be stored.');
    const record = await sealDeclaration(ctx.sealer, { id: `HD-${randomUUID()}`, citizenId, submittedAt: now.toISOString() }, declaration).catch((error: unknown) => {
      throw error instanceof NotWritableError ? refused() : error;
    });
    await ctx.store.insertDeclaration(record);
    const [recomputed] = await recomputeHealthCodes(ctx, ctx.store, [citizenId], now);
    if (!recomputed) throw refused();
    return { declaration: record, healthCode: recomputed.record };
  },

  async flagFacilityExposure(_parent, { facilityId, since }, ctx) {
    requireHealthStaff(ctx.principal);
    // Flagging reads every check-in of the period as health's own processing under the public-health statute: only
    // staff acting for that purpose may start it, and nothing is read or decrypted otherwise.
    if (ctx.principal.purpose !== 'PUBLIC_HEALTH') throw new ForbiddenError('Flagging a place of exposure is for the purpose PUBLIC_HEALTH.');
    const now = ctx.now();
    const start = exposureSince(since, now);
    const facility = await ctx.store.flagFacility(facilityId, start.toISOString(), now.toISOString());
    if (!facility) throw new NotFoundError(`Facility ${facilityId}`);
    // Check-ins older than the health-code window cannot change anyone's code.
    const from = new Date(Math.max(start.getTime(), windowStart(now).getTime()));
    const service = ctx.asService('PUBLIC_HEALTH');
    const exposed = await citizensCheckedInAt(service, ctx.store, facilityId, from);
    const recomputed = await recomputeHealthCodes(service, ctx.store, exposed, now);
    ctx.logger.info({ facilityId, healthCodesRecomputed: recomputed.length }, 'facility flagged for exposure');
    return { facility, healthCodesRecomputed: recomputed.length };
  },
};
