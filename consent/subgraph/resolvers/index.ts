import type { Resolvers } from '../__generated__/resolvers-types.js';
import { Citizen } from './Citizen.js';
import { ConsentGrant } from './ConsentGrant.js';
import { biometricMutations } from './biometrics.js';
import { AccessLogEntry, breakGlassQueries, citizenBreakGlassUses } from './break-glass.js';
import { citizenExport, DataExport } from './DataExport.js';
import { Mutation } from './Mutation.js';
import { ApiKey, Partner, partnerMutations, partnerQueries } from './partners.js';
import { Query } from './Query.js';

export const resolvers: Resolvers = {
  Query: { ...Query, ...partnerQueries, ...breakGlassQueries },
  Mutation: { ...Mutation, ...partnerMutations, ...biometricMutations },
  ApiKey,
  Partner,
  Citizen: { ...Citizen, export: citizenExport, breakGlassUses: citizenBreakGlassUses },
  AccessLogEntry,
  ConsentGrant,
  DataExport,
};
