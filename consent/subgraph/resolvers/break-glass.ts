import { BadUserInputError, ForbiddenError } from '../../../platform/errors.js';
import { requireAdmin } from '../../services/partner-service.js';
import type { AccessLogEntryResolvers, CitizenResolvers, ConsentStatus, QueryResolvers } from '../__generated__/resolvers-types.js';

const MAX_PAGE = 100;

function pageSize(first: number | null | undefined): number {
  const size = first ?? 50;
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE) throw new BadUserInputError(`first must be from 1 to ${MAX_PAGE}.`, { argument: 'first' });
  return size;
}

/** Break-glass review: administrators list every release; a citizen sees the releases about them. */
export const breakGlassQueries: QueryResolvers = {
  breakGlassUses(_parent, { first, department, official, citizenId, since }, ctx) {
    requireAdmin(ctx.principal);
    if (since && Number.isNaN(Date.parse(since))) throw new BadUserInputError('since must be an ISO 8601 time.', { argument: 'since' });
    return ctx.services.breakGlass.list(
      {
        ...(department ? { department } : {}),
        ...(official ? { official } : {}),
        ...(citizenId ? { citizenId } : {}),
        ...(since ? { since: new Date(since).toISOString() } : {}),
      },
      pageSize(first),
    );
  },
};

export const citizenBreakGlassUses: NonNullable<CitizenResolvers['breakGlassUses']> = (parent, { first }, ctx) => {
  if (ctx.principal.kind !== 'citizen' || ctx.principal.id !== parent.id) throw new ForbiddenError('Only the citizen can see this.');
  return ctx.services.breakGlass.list({ citizenId: parent.id }, pageSize(first));
};

const CONSENT_STATUSES: ReadonlySet<string> = new Set(['ACTIVE', 'PAUSED', 'REVOKED', 'EXPIRED'] satisfies ConsentStatus[]);

export const AccessLogEntry: AccessLogEntryResolvers = {
  breakGlass: (entry) => entry.breakGlass === true,
  // A leaf is stored data: a grant entry whose status is not one the graph knows is not shown as a grant change.
  grant: ({ grant }) =>
    grant && CONSENT_STATUSES.has(grant.status)
      ? { grantId: grant.id, version: grant.version, action: grant.action, status: grant.status as ConsentStatus, receiptHash: grant.receiptHash }
      : null,
};
