import type { CitizenResolvers, DataExportResolvers } from '../__generated__/resolvers-types.js';
import { buildIdentityExport } from '../export.js';
import type { GranteeRecord } from '../store.js';

/**
 * `Citizen.export` (`@selfOnly`): refused before any department is asked, so a refused export costs no decision and
 * leaves no ALLOWED entry in the access log for data that was never released. `DataExport` is `@selfOnly` in every
 * subgraph, so each section is refused again where it is built.
 */
export const citizenExport: NonNullable<CitizenResolvers['export']> = (parent) => ({ citizenId: parent.id });

export const DataExport: DataExportResolvers = {
  __resolveReference: (reference) => ({ citizenId: reference.citizenId }),
  generatedAt: () => new Date().toISOString(),
  /**
   * Runs only after the consent transform allowed IDENTITY (erased citizens get DATA_ERASED before this); the
   * register's fields are opened through the door like any department's records.
   */
  async identity(parent, _args, ctx) {
    const { citizenId } = parent;
    const [citizen, grants, log, verification, breakGlassUses] = await Promise.all([
      ctx.citizens.load(citizenId),
      ctx.services.grants.listFor(ctx.principal, citizenId),
      ctx.services.store.accessLog.find({ citizenId }, { sort: [['seq', 1]] }),
      ctx.services.accessLog.verify(citizenId),
      ctx.services.breakGlass.list({ citizenId }, 1000),
    ]);
    const accessLogEntries = log.length;
    if (!citizen) return null;
    const { Citizen: [register] } = await ctx.personal.open({ Citizen: [citizen] });
    if (!register || register.refused) return null;
    const grantees = await ctx.grantees.loadMany([...new Set(grants.map((g) => g.granteeId))]);
    const known = new Map(grantees.filter((g): g is GranteeRecord => Boolean(g) && !(g instanceof Error)).map((g) => [g.id, g]));
    return buildIdentityExport({ register, citizen, grants, grantees: known, accessLogEntries, verification, log, breakGlassUses });
  },
};
