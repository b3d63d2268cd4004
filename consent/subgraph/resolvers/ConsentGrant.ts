import { recordScopeWords } from '../../domain/record-scope.js';
import { scopeSubgraphs } from '../../policy/grant-scope.js';
import { scopeWords } from '../../policy/plain-words.js';
import type { ConsentGrantResolvers } from '../__generated__/resolvers-types.js';

export const ConsentGrant: ConsentGrantResolvers = {
  async grantee(grant, _args, ctx) {
    const grantee = await ctx.grantees.load(grant.granteeId);
    return grantee ?? { id: grant.granteeId, name: grant.granteeId, kind: 'PARTNER' };
  },
  scope: (grant) => grant.scope,
  subgraphs: (grant) => scopeSubgraphs(grant.scope),
  summary: (grant, { language }) => (grant.onlyRecord ? recordScopeWords(grant.onlyRecord, grant.purpose, language ?? 'EN') : scopeWords(grant.scope, grant.purpose, language ?? 'EN')),
  history: (grant) => grant.history.map(({ at, action, status }) => ({ at, action, status })),
};
