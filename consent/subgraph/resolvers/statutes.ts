import type { QueryResolvers, StatuteResolvers } from '../__generated__/resolvers-types.js';

/** The statutes are public data: anyone may read what the law allows (ARCHITECTURE §3). */
export const statuteQueries: Pick<QueryResolvers, 'statutes'> = {
  statutes: (_parent, _args, ctx) => [...ctx.services.statutes.statutes],
};

export const Statute: StatuteResolvers = {
  description: (statute, { language }) => (language === 'ZH_HANS' ? statute.description.zh : statute.description.en),
};
