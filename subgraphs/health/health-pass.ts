import { randomUUID } from 'node:crypto';
import { ConsentDeniedError, ForbiddenError, NotFoundError } from '../../platform/errors.js';
import type { HealthContext } from './context.js';
import { requireCitizen, requireHealthStaff } from './domain/access.js';
import { PassError, verifyPass } from '../../contracts/health-pass/pass.js';
import { issuePass } from './domain/health-pass.js';
import type { HealthPassMapper, ScanHealthPassPayloadMapper } from './mappers.js';
import { recomputeHealthCodes } from './recompute.js';
import { openHealthCodeStatus, sealCheckIn } from './records.js';

/**
 * Issuing and scanning health passes (docs/health-pass.md). Scanning checks everything that can refuse the scan
 * (signature, expiry, facility, the citizen's key) before it writes, and the nonce insert is the first write: a
 * refused scan stores nothing.
 */

/** A fresh pass for the signed-in citizen, showing their health code as recomputed now. */
export async function issueHealthPass(ctx: HealthContext): Promise<HealthPassMapper> {
  const citizenId = requireCitizen(ctx.principal);
  const key = (await ctx.consent.writeKeys([citizenId])).get(citizenId);
  if (!key) throw new ConsentDeniedError('DATA_ERASED');
  const now = ctx.now();
  // Recomputed rather than read: a code goes back to GREEN when its events leave the 14-day window.
  const [code] = await recomputeHealthCodes(ctx.store, new Map([[citizenId, key]]), now);
  const status = openHealthCodeStatus(key, code!);
  const { token, expiresAt } = issuePass(ctx.healthPass.signing, ctx.healthPass.identityKey, { citizenId, status, now });
  return { citizenId, token, expiresAt: expiresAt.toISOString(), status };
}

export async function scanHealthPass(ctx: HealthContext, token: string, facilityId: string): Promise<ScanHealthPassPayloadMapper> {
  requireHealthStaff(ctx.principal);
  if (ctx.principal.purpose !== 'PUBLIC_HEALTH') throw new ForbiddenError('Scanning health passes at facilities is for the purpose PUBLIC_HEALTH.');
  const now = ctx.now();
  const pass = verifyPass(ctx.healthPass.verifying, ctx.healthPass.identityKey, token, now);
  const facility = await ctx.facilities.load(facilityId);
  if (!facility) throw new NotFoundError(`Facility ${facilityId}`);
  const { citizenId } = pass;
  const key = (await ctx.consent.writeKeys([citizenId])).get(citizenId);
  if (!key) throw new ConsentDeniedError('DATA_ERASED');
  const at = now.toISOString();
  if (!(await ctx.store.claimPassNonce({ id: pass.nonce, usedAt: at, expiresAt: pass.expiresAt.toISOString() }))) throw new PassError('PASS_ALREADY_USED');
  const checkIn = await ctx.store.recordCheckIn(sealCheckIn(key, { id: `CI-${randomUUID()}`, citizenId, at, facilityId }));
  // A check-in at a facility flagged for exposure turns the code AMBER from now on.
  await recomputeHealthCodes(ctx.store, new Map([[citizenId, key]]), now);
  await ctx.store.forgetPassNonces(new Date(now.getTime() - 60_000).toISOString());
  ctx.consent.prime([citizenId]);
  return { citizenId, status: pass.status, checkIn };
}
