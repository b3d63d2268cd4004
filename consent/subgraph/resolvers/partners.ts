import { BadUserInputError } from '../../../platform/errors.js';
import { parseDuration, requireAdmin } from '../../services/partner-service.js';
import type { ApiKeyResolvers, MutationResolvers, PartnerResolvers, QueryResolvers } from '../__generated__/resolvers-types.js';
import type { ApiKeyRecord } from '../store.js';

/** Administrators manage partners, keys and operations; every change lands in the admin audit trail. */
export const partnerQueries: QueryResolvers = {
  partners(_parent, _args, ctx) {
    requireAdmin(ctx.principal);
    return ctx.services.partners.partners();
  },
  apiKeys(_parent, { partnerId }, ctx) {
    requireAdmin(ctx.principal);
    return ctx.services.partners.listKeys(partnerId ?? undefined);
  },
  async adminAuditTrail(_parent, { first }, ctx) {
    requireAdmin(ctx.principal);
    const size = first ?? 50;
    if (!Number.isInteger(size) || size < 1 || size > 100) throw new BadUserInputError('first must be from 1 to 100.');
    return (await ctx.services.partners.auditTrail(size)).map((entry) => ({ ...entry, details: JSON.stringify(entry.details) }));
  },
};

export const partnerMutations: MutationResolvers = {
  registerPartner(_parent, { input }, ctx) {
    const limits = input.limits
      ? { requestsPerMinute: input.limits.requestsPerMinute ?? undefined, objectsPerMinute: input.limits.objectsPerMinute ?? undefined }
      : undefined;
    return ctx.services.partners.addPartner(requireAdmin(ctx.principal), { ...input, limits });
  },
  async issueApiKey(_parent, { input }, ctx) {
    const actor = requireAdmin(ctx.principal);
    const expiresInMs = parseDuration(input.expiresIn);
    if (expiresInMs === undefined) throw new BadUserInputError('expiresIn looks like 30d, 12h or 90m.', { field: 'expiresIn' });
    const issued = await ctx.services.partners.issueKey(actor, { partnerId: input.partnerId, scopes: input.scopes, expiresInMs });
    return { key: issued.key, apiKey: issued.record, replacedKeyValidUntil: null };
  },
  revokeApiKey(_parent, { keyId }, ctx) {
    return ctx.services.partners.revokeKey(requireAdmin(ctx.principal), keyId);
  },
  async rotateApiKey(_parent, { keyId }, ctx) {
    const rotated = await ctx.services.partners.rotateKey(requireAdmin(ctx.principal), keyId);
    return { key: rotated.key, apiKey: rotated.record, replacedKeyValidUntil: rotated.oldKeyValidUntil };
  },
  registerPartnerOperation(_parent, { input }, ctx) {
    return ctx.services.partners.registerOperation(requireAdmin(ctx.principal), input);
  },
};

export function keyStatus(key: ApiKeyRecord, now = Date.now()): 'ACTIVE' | 'EXPIRED' | 'REVOKED' | 'ROTATED' {
  if (key.revokedAt) return 'REVOKED';
  if (Date.parse(key.expiresAt) <= now) return 'EXPIRED';
  return key.rotatedTo ? 'ROTATED' : 'ACTIVE';
}

export const Partner: PartnerResolvers = {
  scopes: (partner) => partner.scopes ?? [],
};

export const ApiKey: ApiKeyResolvers = {
  status: (key) => keyStatus(key),
};
