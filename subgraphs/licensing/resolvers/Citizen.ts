import type { CitizenResolvers } from '../__generated__/resolvers-types.js';

export const Citizen: CitizenResolvers = {
  // The consent subgraph knows whether the citizen exists; here a citizen is only their key. No priming of the
  // consent decision: the personal fields' wrappers ask for it in the same tick for every entity of the fetch, so
  // they batch anyway, and priming before they have selected the categories would decide for no category at all.
  __resolveReference: (reference) => ({ id: reference.id }),
  businesses: (citizen, _args, ctx) => ctx.businessesByOwner.load(citizen.id),
  licenceApplications: (citizen, _args, ctx) => ctx.applicationsByCitizen.load(citizen.id),
};
