import { NotFoundError } from '../../../platform/errors.js';
import type { LicenceApplicationResolvers } from '../__generated__/resolvers-types.js';
import { riskLevelOf } from '../domain/risk.js';

export const LicenceApplication: LicenceApplicationResolvers = {
  riskLevel: (application) => riskLevelOf(application.permits),
  async business(application, _args, ctx) {
    const business = await ctx.businesses.load(application.businessId);
    if (!business) throw new NotFoundError(`Business ${application.businessId}`);
    return business;
  },
  licence: (application, _args, ctx) => (application.licenceId ? ctx.licences.load(application.licenceId) : null),
};
