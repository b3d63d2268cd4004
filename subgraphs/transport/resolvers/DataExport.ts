import type { DataExportResolvers } from '../__generated__/resolvers-types.js';
import { buildTransportExport } from '../export.js';

/** `DataExport` is `@selfOnly`: only the citizen themself resolves it (consent/enforcement/self-only.ts). */
export const DataExport: DataExportResolvers = {
  __resolveReference: (reference) => ({ citizenId: reference.citizenId }),
  /**
   * Runs only after the consent transform allowed LOCATION for the citizen (erased citizens get DATA_ERASED before
   * this); the records are opened through the door for the citizen themself. One query per collection.
   */
  async transport(parent, _args, ctx) {
    const { citizenId } = parent;
    const [trips, [savedPlaces], taxiRides] = await Promise.all([
      ctx.store.tripsOf(citizenId),
      ctx.store.savedPlacesOf([citizenId]),
      ctx.store.taxiRidesOf(citizenId),
    ]);
    return buildTransportExport(await ctx.personal.open({ Trip: trips, SavedPlace: savedPlaces ?? [], TaxiRide: taxiRides }));
  },
};
