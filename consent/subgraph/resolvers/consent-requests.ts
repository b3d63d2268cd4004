import { recordScopeWords } from '../../domain/record-scope.js';
import type { Purpose } from '../../../platform/principal.js';
import { scopeCategories, scopeSubgraphs } from '../../policy/grant-scope.js';
import { scopeWords } from '../../policy/plain-words.js';
import type { CitizenResolvers, ConsentRequestResolvers, MutationResolvers, QueryResolvers } from '../__generated__/resolvers-types.js';

/** Consent requests: read the arguments, call the service (which checks who may do what), return. */
export const consentRequestQueries: Pick<QueryResolvers, 'consentRequest'> = {
  consentRequest: (_parent, { id }, ctx) => ctx.services.requests.get(ctx.principal, id),
};

export const consentRequestMutations: Pick<MutationResolvers, 'requestConsent' | 'respondToConsentRequest' | 'blockRequester' | 'unblockRequester'> = {
  requestConsent: (_parent, { input }, ctx) => ctx.services.requests.request(ctx.principal, input),
  respondToConsentRequest: (_parent, { id, approve }, ctx) => ctx.services.requests.respond(ctx.principal, id, approve),
  blockRequester: (_parent, { requesterId }, ctx) => ctx.services.requests.block(ctx.principal, requesterId),
  unblockRequester: (_parent, { requesterId }, ctx) => ctx.services.requests.unblock(ctx.principal, requesterId),
};

export const citizenConsentRequests: Pick<CitizenResolvers, 'consentRequests' | 'blockedRequesters'> = {
  consentRequests: (parent, { status }, ctx) => ctx.services.requests.listFor(ctx.principal, parent.id, status),
  blockedRequesters: (parent, _args, ctx) => ctx.services.requests.blocked(ctx.principal, parent.id),
};

export const ConsentRequest: ConsentRequestResolvers = {
  async requester(request, _args, ctx) {
    const grantee = await ctx.grantees.load(request.requesterId);
    return grantee ?? { id: request.requesterId, name: request.requesterId, kind: request.requesterKind };
  },
  categories: (request) => scopeCategories(request.scope),
  subgraphs: (request) => scopeSubgraphs(request.scope),
  summary: (request, { language }) =>
    request.onlyRecord ? recordScopeWords(request.onlyRecord, request.purpose as Purpose, language ?? 'EN') : scopeWords(request.scope, request.purpose as Purpose, language ?? 'EN'),
  /** The consent an approval created: shown to the citizen only. */
  async grant(request, _args, ctx) {
    if (!request.grantId || ctx.principal.kind !== 'citizen' || ctx.principal.id !== request.citizenId) return null;
    return ctx.services.store.grants.get(request.grantId);
  },
};
