import { ForbiddenError } from '../../../platform/errors.js';
import type { CitizenResolvers, DataExportResolvers } from '../__generated__/resolvers-types.js';
import { buildIdentityExport } from '../export.js';
import { jwkOf } from '../../../contracts/transparency-log/transparency-log.js';
import type { GranteeRecord } from '../store.js';

/**
 * `Citizen.export`: refused before any department is asked, so a refused export costs no decision and leaves no
 * ALLOWED entry in the access log for data that was never released, but the refusal itself is an entry (the consent
 * subgraph, being the authority, checks it here rather than by `@selfOnly`, which cannot log). `DataExport` is
 * `@selfOnly` in every subgraph, so each section is refused again where it is built.
 */
export const citizenExport: NonNullable<CitizenResolvers['export']> = async (parent, _args, ctx) => {
  if (!ctx.consent.isSelf(parent.id)) {
    // A refused export is still a refusal to release the citizen's data: an entry in their log (ARCHITECTURE §4).
    await ctx.services.accessLog.append(ctx.principal, 'consent', [{ citizenId: parent.id, coordinate: 'Citizen.export', category: 'IDENTITY', allow: false, code: 'FORBIDDEN' }]);
    throw new ForbiddenError('Only the citizen themself can read this.');
  }
  return { citizenId: parent.id };
};

export const DataExport: DataExportResolvers = {
  __resolveReference: (reference) => ({ citizenId: reference.citizenId }),
  generatedAt: () => new Date().toISOString(),
  /**
   * Runs only after the consent transform allowed IDENTITY (erased citizens get DATA_ERASED before this); the
   * register's fields are opened through the door like any department's records.
   */
  async identity(parent, _args, ctx) {
    const { citizenId } = parent;
    // The head first, so that every entry listed after it is covered by it (or by the head signed for it).
    const head = await ctx.services.accessLog.currentHead();
    const [citizen, grants, log, verification, breakGlassUses] = await Promise.all([
      ctx.citizens.load(citizenId),
      ctx.services.grants.listFor(ctx.principal, citizenId),
      ctx.services.accessLog.all(citizenId),
      ctx.services.accessLog.verify(citizenId),
      ctx.services.breakGlass.list({ citizenId }, 1000),
    ]);
    const proofs = await ctx.services.accessLog.inclusionProofs(
      log.map((e) => e.leafIndex),
      head.treeSize,
    );
    const accessLogEntries = log.length;
    if (!citizen) return null;
    const { Citizen: [register] } = await ctx.personal.open({ Citizen: [citizen] });
    if (!register || register.refused) return null;
    const grantees = await ctx.grantees.loadMany([...new Set(grants.map((g) => g.granteeId))]);
    const known = new Map(grantees.filter((g): g is GranteeRecord => Boolean(g) && !(g instanceof Error)).map((g) => [g.id, g]));
    const authority = ctx.services.accessLog.tree;
    const transparency = { head, keys: [jwkOf(authority.publicKey, authority.keyId, 'sth')] };
    return buildIdentityExport({ register, citizen, grants, grantees: known, accessLogEntries, verification, log, proofs, transparency, breakGlassUses });
  },
};
