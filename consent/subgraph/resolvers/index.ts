import type { Resolvers } from '../__generated__/resolvers-types.js';
import { Citizen } from './Citizen.js';
import { ConsentGrant } from './ConsentGrant.js';
import { biometricMutations } from './biometrics.js';
import { citizenExport, DataExport } from './DataExport.js';
import { Mutation } from './Mutation.js';
import { ApiKey, partnerMutations, partnerQueries } from './partners.js';
import { Query } from './Query.js';
import { citizenConsentRequests, ConsentRequest, consentRequestMutations, consentRequestQueries } from './consent-requests.js';
import { Statute, statuteQueries } from './statutes.js';

export const resolvers: Resolvers = {
  Query: { ...Query, ...partnerQueries, ...statuteQueries, ...consentRequestQueries },
  Mutation: { ...Mutation, ...partnerMutations, ...biometricMutations, ...consentRequestMutations },
  ApiKey,
  Citizen: { ...Citizen, ...citizenConsentRequests, export: citizenExport },
  ConsentGrant,
  ConsentRequest,
  Statute,
  DataExport,
};
