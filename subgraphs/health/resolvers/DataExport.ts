import type { DataExportResolvers } from '../__generated__/resolvers-types.js';
import { buildHealthExport } from '../export.js';

/** `DataExport` is `@selfOnly`: only the citizen themself resolves it (consent/enforcement/self-only.ts). */
export const DataExport: DataExportResolvers = {
  __resolveReference: (reference) => ({ citizenId: reference.citizenId }),
  /**
   * Runs only after the consent transform allowed HEALTH for the citizen (erased citizens get DATA_ERASED before
   * this); the records are opened through the door for the citizen themself. One query per collection.
   */
  async health(parent, _args, ctx) {
    const { citizenId } = parent;
    const [healthCodes, declarations, checkIns] = await Promise.all([
      ctx.store.healthCodesOf([citizenId]),
      ctx.store.declarationsOf(citizenId),
      ctx.store.checkInsOf(citizenId),
    ]);
    const opened = await ctx.personal.open({ HealthCode: healthCodes.filter((c) => c !== null), HealthDeclaration: declarations, CheckIn: checkIns });
    return buildHealthExport(citizenId, opened);
  },
};
