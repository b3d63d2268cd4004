import type { CitizenResolvers } from '../__generated__/resolvers-types.js';

export const Citizen: CitizenResolvers = {
  // The consent subgraph knows whether the citizen exists; here a citizen is their key. Priming now lets the
  // decisions for every citizen of this fetch go out in one batch.
  __resolveReference(reference, ctx) {
    ctx.consent.prime([reference.id]);
    return { id: reference.id };
  },
  businesses: (citizen, _args, ctx) => ctx.businessesByOwner.load(citizen.id),
  licenceApplications: (citizen, _args, ctx) => ctx.applicationsByCitizen.load(citizen.id),
};
