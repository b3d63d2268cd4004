import { randomUUID } from 'node:crypto';
import { ConsentDeniedError, ForbiddenError, NotFoundError } from '../../platform/errors.js';
import type { HealthContext } from './context.js';
import { requireCitizen, requireHealthStaff, requireKioskForPass } from './domain/access.js';
import { validateEmbedding } from '../../consent/biometrics/embedding.js';
import { PassError, verifyPass } from '../../contracts/health-pass/pass.js';
import { issuePass } from './domain/health-pass.js';
import type { HealthPassMapper, KioskHealthPassPayloadMapper, ScanHealthPassPayloadMapper } from './mappers.js';
import { recomputeHealthCodes } from './recompute.js';
import { NotWritableError, sealCheckIn } from './records.js';

/**
 * Issuing and scanning health passes (docs/health-pass.md). Scanning checks everything that can refuse the scan
 * (signature, expiry, facility, the citizen's key) before it writes, and the nonce insert is the first write: a
 * refused scan stores nothing.
 */

/** A fresh pass for the signed-in citizen, showing their health code as recomputed now. */
export async function issueHealthPass(ctx: HealthContext): Promise<HealthPassMapper> {
  const citizenId = requireCitizen(ctx.principal);
  const now = ctx.now();
  // Recomputed rather than read: a code goes back to GREEN when its events leave the 14-day window. The citizen
  // reads their own records through the door; an erased citizen gets nothing recomputed.
  const [recomputed] = await recomputeHealthCodes(ctx, ctx.store, [citizenId], now);
  if (!recomputed) throw new ConsentDeniedError('DATA_ERASED');
  const { status } = recomputed.code;
  const { token, expiresAt } = issuePass(ctx.healthPass.signing, ctx.healthPass.identityKey, { citizenId, status, now });
  return { citizenId, token, expiresAt: expiresAt.toISOString(), status };
}

/**
 * A pass shown at a kiosk for the citizen standing at it. The consent service decides BIOMETRIC for the kiosk (under
 * the citizen's kiosk health-pass consent, whose scope is the face template and the health code), logs the check
 * and compares; only on a match is the code recomputed (health's own processing under its statute, logged) and the
 * pass signed. Its `status` field reaches the kiosk through the door like any HEALTH field (decided and logged for
 * the kiosk). The embedding is passed on once and never kept.
 */
export async function issueHealthPassAtKiosk(ctx: HealthContext, citizenId: string, embedding: readonly number[]): Promise<KioskHealthPassPayloadMapper> {
  requireKioskForPass(ctx.principal);
  validateEmbedding(embedding).fill(0);
  const face = await ctx.verifyFace(citizenId, embedding);
  if (!face.allowed) throw new ConsentDeniedError(face.code);
  if (!face.matched) return { matched: false, pass: null };
  const now = ctx.now();
  const [recomputed] = await recomputeHealthCodes(ctx.asService('PUBLIC_HEALTH'), ctx.store, [citizenId], now);
  if (!recomputed) throw new ConsentDeniedError('DATA_ERASED');
  const { status } = recomputed.code;
  const { token, expiresAt } = issuePass(ctx.healthPass.signing, ctx.healthPass.identityKey, { citizenId, status, now });
  return { matched: true, pass: { citizenId, token, expiresAt: expiresAt.toISOString(), status } };
}

export async function scanHealthPass(ctx: HealthContext, token: string, facilityId: string): Promise<ScanHealthPassPayloadMapper> {
  requireHealthStaff(ctx.principal);
  if (ctx.principal.purpose !== 'PUBLIC_HEALTH') throw new ForbiddenError('Scanning health passes at facilities is for the purpose PUBLIC_HEALTH.');
  const now = ctx.now();
  const pass = verifyPass(ctx.healthPass.verifying, ctx.healthPass.identityKey, token, now);
  const facility = await ctx.facilities.load(facilityId);
  if (!facility) throw new NotFoundError(`Facility ${facilityId}`);
  const { citizenId } = pass;
  const at = now.toISOString();
  // Sealed before the first write (seal-only: the scanner's department cannot read it back); an erased citizen
  // cannot be written about, so the scan is refused and stores nothing.
  const sealed = await sealCheckIn(ctx.sealer, { id: `CI-${randomUUID()}`, citizenId, at, facilityId }).catch((error: unknown) => {
    throw error instanceof NotWritableError ? new ConsentDeniedError('DATA_ERASED') : error;
  });
  if (!(await ctx.store.claimPassNonce({ id: pass.nonce, usedAt: at, expiresAt: pass.expiresAt.toISOString() }))) throw new PassError('PASS_ALREADY_USED');
  const checkIn = await ctx.store.recordCheckIn(sealed);
  // A check-in at a facility flagged for exposure turns the code AMBER from now on: health's own processing under
  // the public-health statute, logged in the citizen's access log.
  await recomputeHealthCodes(ctx.asService('PUBLIC_HEALTH'), ctx.store, [citizenId], now);
  await ctx.store.forgetPassNonces(new Date(now.getTime() - 60_000).toISOString());
  return { citizenId, status: pass.status, checkIn };
}
