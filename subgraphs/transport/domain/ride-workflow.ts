import { BadUserInputError } from '../../../platform/errors.js';
import type { TaxiRideStatus } from './taxi.js';

/**
 * A taxi ride's life (docs/taxi-partners.md): REQUESTED -> OFFERED (the dispatcher, to partners holding the citizen's
 * TAXI_ASSIST grant) -> ACCEPTED (a partner, with its ETA) -> ARRIVED -> COMPLETED, or CANCELLED by the citizen or the
 * accepting partner while the ride is live. Pure: who may make which move; the store makes each move once.
 */
export type RideActor = 'dispatcher' | 'partner' | 'citizen';

/** Rides a partner is still serving: it sees the pickup place only while a ride is one of these. */
export const LIVE_STATUSES: ReadonlySet<TaxiRideStatus> = new Set(['REQUESTED', 'OFFERED', 'ACCEPTED', 'DISPATCHED', 'ARRIVED']);

const MOVES: Record<RideActor, ReadonlyArray<[TaxiRideStatus, TaxiRideStatus]>> = {
  dispatcher: [['REQUESTED', 'OFFERED']],
  partner: [
    ['OFFERED', 'ACCEPTED'],
    ['ACCEPTED', 'ARRIVED'],
    ['ARRIVED', 'COMPLETED'],
    ['ACCEPTED', 'CANCELLED'],
    ['ARRIVED', 'CANCELLED'],
  ],
  citizen: [
    ['REQUESTED', 'CANCELLED'],
    ['OFFERED', 'CANCELLED'],
    ['ACCEPTED', 'CANCELLED'],
    ['ARRIVED', 'CANCELLED'],
  ],
};

/** Refuses a move this actor may not make from this status, in words that name both statuses. */
export function checkRideMove(actor: RideActor, from: TaxiRideStatus, to: TaxiRideStatus): void {
  if (MOVES[actor].some(([a, b]) => a === from && b === to)) return;
  throw new BadUserInputError(`A ride that is ${from} cannot become ${to}${actor === 'citizen' ? ' by you' : ''}.`, { from, to });
}

/** A partner's ETA: whole minutes, 1 to 120. */
export function checkEtaMinutes(etaMinutes: number): number {
  if (!Number.isInteger(etaMinutes) || etaMinutes < 1 || etaMinutes > 120) {
    throw new BadUserInputError('etaMinutes must be a whole number of minutes between 1 and 120.', { argument: 'etaMinutes' });
  }
  return etaMinutes;
}
