import { requireSelf } from '../../../consent/enforcement/self-only.js';
import type { DataExportResolvers } from '../__generated__/resolvers-types.js';
import { buildLicensingExport } from '../export.js';

export const DataExport: DataExportResolvers = {
  __resolveReference(reference, ctx) {
    requireSelf(ctx.consent, reference.citizenId);
    return { citizenId: reference.citizenId };
  },
  /**
   * Runs only after the consent transform allowed FINANCIAL for the citizen (erased citizens get DATA_ERASED before
   * this). Nothing here is sealed, so no key is needed. One query per collection.
   */
  async licensing(parent, _args, ctx) {
    const { citizenId } = parent;
    requireSelf(ctx.consent, citizenId);
    const [owned, applied] = await Promise.all([ctx.store.businessesOfOwners([citizenId]), ctx.store.applicationsOfCitizens([citizenId])]);
    const businesses = owned[0] ?? [];
    const licences = businesses.length ? (await ctx.store.licencesOfBusinesses(businesses.map((b) => b.id))).flat() : [];
    return buildLicensingExport({ businesses, licences, applications: applied[0] ?? [] }, ctx.now);
  },
};
