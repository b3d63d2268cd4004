import { requireSelf } from '../../../consent/enforcement/self-only.js';
import type { DataExportResolvers } from '../__generated__/resolvers-types.js';
import { buildTransportExport } from '../export.js';

export const DataExport: DataExportResolvers = {
  __resolveReference(reference, ctx) {
    requireSelf(ctx.consent, reference.citizenId);
    return { citizenId: reference.citizenId };
  },
  /**
   * Runs only after the consent transform allowed LOCATION for the citizen (erased citizens get DATA_ERASED before
   * this); opens the records with the key released for that decision. One query per collection.
   */
  async transport(parent, _args, ctx) {
    const { citizenId } = parent;
    requireSelf(ctx.consent, citizenId);
    const { key } = await ctx.consent.decision(citizenId);
    if (!key) return null;
    const [trips, [savedPlaces], taxiRides] = await Promise.all([
      ctx.store.tripsOf(citizenId),
      ctx.store.savedPlacesOf([citizenId]),
      ctx.store.taxiRidesOf(citizenId),
    ]);
    return buildTransportExport(key, { trips, savedPlaces: savedPlaces ?? [], taxiRides });
  },
};
