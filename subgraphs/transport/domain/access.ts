import { ForbiddenError, UnauthenticatedError } from '../../../platform/errors.js';
import type { Principal, Purpose } from '../../../platform/principal.js';

/** Gates and kiosks act as transport department staff, each for exactly one purpose. */
export function requireTransportStaff(principal: Principal, purpose: Purpose): void {
  if (principal.kind === 'anonymous') throw new UnauthenticatedError('Sign in as transport department staff to do this.');
  if (principal.kind !== 'staff' || principal.department !== 'transport') throw new ForbiddenError('Only staff of the transport department may do this.');
  if (principal.purpose !== purpose) throw new ForbiddenError(`This is done for the purpose ${purpose} only.`);
}
