import { NotFoundError } from '../../../platform/errors.js';
import type { LicenceResolvers } from '../__generated__/resolvers-types.js';
import { effectiveStatus } from '../domain/licence-status.js';
import { reminderSchedule } from '../domain/reminders.js';
import { riskLevelOf } from '../domain/risk.js';

export const Licence: LicenceResolvers = {
  __resolveReference: (reference, ctx) => ctx.licences.load(reference.id),
  async business(licence, _args, ctx) {
    const business = await ctx.businesses.load(licence.businessId);
    if (!business) throw new NotFoundError(`Business ${licence.businessId}`);
    return business;
  },
  status: (licence, _args, ctx) => effectiveStatus(licence.status, licence.expiresAt, ctx.now),
  riskLevel: (licence) => riskLevelOf(licence.permits),
  reminders: (licence, _args, ctx) =>
    reminderSchedule({ riskLevel: riskLevelOf(licence.permits), expiresAt: licence.expiresAt, renewedAt: licence.renewedAt, now: ctx.now }),
};
