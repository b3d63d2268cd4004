import { randomUUID } from 'node:crypto';
import { ConsentDeniedError, NotFoundError } from '../../platform/errors.js';
import { PassError, PassRefusedError, verifyPass } from '../../contracts/health-pass/pass.js';
import type { TransportContext } from './context.js';
import { requireTransportStaff } from './domain/access.js';
import { sealRecord } from '../../consent/enforcement/department-capabilities.js';
import { transitRefusal } from './domain/gate-policy.js';
import type { TapTransitPayloadMapper } from './mappers.js';

/**
 * A transit gate taps a health pass (docs/health-pass.md): verified offline with the health department's public
 * key, the gate's policy applied to the status it shows, its nonce used up in transport's own record, the trip
 * sealed for the pass's citizen. Everything that can refuse the tap is checked before the nonce insert, the first
 * write: a refused tap stores nothing. A policy refusal is an answer, not a failed request: `trip` is null with
 * PASS_REFUSED at its path, so a gate's screen reads the reason where it reads the trip.
 */
export async function tapTransit(ctx: TransportContext, token: string, stationId: string): Promise<TapTransitPayloadMapper> {
  requireTransportStaff(ctx.principal, 'TRANSIT_ACCESS');
  const now = ctx.now();
  const pass = verifyPass(ctx.healthPass.verifying, ctx.healthPass.identityKey, token, now);
  const station = await ctx.stations.load(stationId);
  if (!station) throw new NotFoundError(`Station ${stationId}`);
  const refusal = transitRefusal(pass.status);
  if (refusal) return { refusal: new PassRefusedError(pass.status, refusal) };
  const { citizenId } = pass;
  const at = now.toISOString();
  const id = `TP-${randomUUID()}`;
  // Sealed by the consent service before the first write (transport cannot read it back); an erased citizen cannot
  // be written about, so the tap is refused and stores nothing.
  const sealed = await sealRecord(ctx.sealer, { citizenId, type: 'Trip', recordId: id }, { at, stationId: station.id });
  if (!sealed) throw new ConsentDeniedError('DATA_ERASED');
  if (!(await ctx.store.claimPassNonce({ id: pass.nonce, usedAt: at, expiresAt: pass.expiresAt.toISOString() }))) throw new PassError('PASS_ALREADY_USED');
  await ctx.store.recordTrip({ id, citizenId, at: sealed.at, stationId: sealed.stationId });
  await ctx.store.forgetPassNonces(new Date(now.getTime() - 60_000).toISOString());
  return { trip: { at, stationId: station.id } };
}
