import type { Resolvers } from '../__generated__/resolvers-types.js';
import { Citizen } from './Citizen.js';
import { ConsentGrant } from './ConsentGrant.js';
import { biometricMutations } from './biometrics.js';
import { AccessLogEntry, breakGlassQueries, citizenBreakGlassUses } from './break-glass.js';
import { citizenExport, DataExport } from './DataExport.js';
import { Mutation } from './Mutation.js';
import { ApiKey, Partner, partnerMutations, partnerQueries } from './partners.js';
import { Query } from './Query.js';
import { citizenConsentRequests, ConsentRequest, consentRequestMutations, consentRequestQueries } from './consent-requests.js';
import { citizenNotifications, Notification } from './notifications.js';
import { Statute, statuteQueries } from './statutes.js';

export const resolvers: Resolvers = {
  Query: { ...Query, ...partnerQueries, ...statuteQueries, ...consentRequestQueries, ...breakGlassQueries },
  Mutation: { ...Mutation, ...partnerMutations, ...biometricMutations, ...consentRequestMutations },
  ApiKey,
  Partner,
  Citizen: { ...Citizen, ...citizenConsentRequests, export: citizenExport, breakGlassUses: citizenBreakGlassUses, ...citizenNotifications },
  Notification,
  AccessLogEntry,
  ConsentGrant,
  ConsentRequest,
  Statute,
  DataExport,
};
