import { NotFoundError } from '../../../platform/errors.js';
import type { LicenceResolvers } from '../__generated__/resolvers-types.js';
import type { LicensingContext } from '../context.js';
import { effectiveStatus } from '../domain/licence-status.js';
import { reminderSchedule } from '../domain/reminders.js';
import { gradeRisk, type RiskGrade } from '../domain/risk.js';
import type { LicenceRecord } from '../store.js';

/** The licence's grade by its permits and its business's record (one batched load per fetch for each). */
async function gradeOf(licence: LicenceRecord, ctx: LicensingContext): Promise<RiskGrade> {
  const [licences, inspections] = await Promise.all([ctx.licencesByBusiness.load(licence.businessId), ctx.inspectionsByBusiness.load(licence.businessId)]);
  return gradeRisk(licence.permits, { licences, inspections }, ctx.now);
}

export const Licence: LicenceResolvers = {
  __resolveReference: (reference, ctx) => ctx.licences.load(reference.id),
  async business(licence, _args, ctx) {
    const business = await ctx.businesses.load(licence.businessId);
    if (!business) throw new NotFoundError(`Business ${licence.businessId}`);
    return business;
  },
  status: (licence, _args, ctx) => effectiveStatus(licence.status, licence.expiresAt, ctx.now),
  riskLevel: async (licence, _args, ctx) => (await gradeOf(licence, ctx)).level,
  riskReasons: async (licence, _args, ctx) => (await gradeOf(licence, ctx)).reasons,
  async reminders(licence, _args, ctx) {
    const [grade, facts, watch] = await Promise.all([gradeOf(licence, ctx), ctx.remindersByLicence.load(licence.id), ctx.reminderWatch()]);
    return reminderSchedule({ licence, riskLevel: grade.level, facts, watch, now: ctx.now });
  },
};
