import type { DataExportResolvers } from '../__generated__/resolvers-types.js';
import { buildLicensingExport } from '../export.js';

/** `DataExport` is `@selfOnly`: only the citizen themself resolves it (consent/enforcement/self-only.ts). */
export const DataExport: DataExportResolvers = {
  __resolveReference: (reference) => ({ citizenId: reference.citizenId }),
  /**
   * Runs only after the consent transform allowed FINANCIAL for the citizen (erased citizens get DATA_ERASED before
   * this). Nothing here is sealed, so no key is needed. One query per collection.
   */
  async licensing(parent, _args, ctx) {
    const { citizenId } = parent;
    const [owned, applied] = await Promise.all([ctx.store.businessesOfOwners([citizenId]), ctx.store.applicationsOfCitizens([citizenId])]);
    const businesses = owned[0] ?? [];
    const licences = businesses.length ? (await ctx.store.licencesOfBusinesses(businesses.map((b) => b.id))).flat() : [];
    return buildLicensingExport({ businesses, licences, applications: applied[0] ?? [] }, ctx.now);
  },
};
