import { requireSelf } from '../../../consent/enforcement/self-only.js';
import type { DataExportResolvers } from '../__generated__/resolvers-types.js';
import { buildHealthExport } from '../export.js';

export const DataExport: DataExportResolvers = {
  __resolveReference(reference, ctx) {
    requireSelf(ctx.consent, reference.citizenId);
    return { citizenId: reference.citizenId };
  },
  /**
   * Runs only after the consent transform allowed HEALTH for the citizen (erased citizens get DATA_ERASED before
   * this); opens the records with the key released for that decision. One query per collection.
   */
  async health(parent, _args, ctx) {
    const { citizenId } = parent;
    requireSelf(ctx.consent, citizenId);
    const { key } = await ctx.consent.decision(citizenId);
    if (!key) return null;
    const [[healthCode], declarations, checkIns] = await Promise.all([
      ctx.store.healthCodesOf([citizenId]),
      ctx.store.declarationsOf(citizenId),
      ctx.store.checkInsOf(citizenId),
    ]);
    return buildHealthExport(key, { citizenId, healthCode: healthCode ?? null, declarations, checkIns });
  },
};
