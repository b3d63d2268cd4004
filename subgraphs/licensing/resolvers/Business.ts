import type { BusinessResolvers } from '../__generated__/resolvers-types.js';

export const Business: BusinessResolvers = {
  __resolveReference: (reference, ctx) => ctx.businesses.load(reference.id),
  owner: (business) => ({ id: business.citizenId }),
  licences: (business, _args, ctx) => ctx.licencesByBusiness.load(business.id),
};
