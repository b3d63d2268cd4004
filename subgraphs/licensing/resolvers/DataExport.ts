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
    const ids = businesses.map((b) => b.id);
    const [licences, inspections] = ids.length ? await Promise.all([ctx.store.licencesOfBusinesses(ids), ctx.store.inspectionsOfBusinesses(ids)]) : [[], []];
    return buildLicensingExport({ businesses, licences: licences.flat(), applications: applied[0] ?? [], inspections: inspections.flat() }, ctx.now);
  },
};
