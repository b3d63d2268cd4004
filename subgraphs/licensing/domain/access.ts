import { ForbiddenError, UnauthenticatedError } from '../../../platform/errors.js';
import type { Principal } from '../../../platform/principal.js';

/** The partner scope that opens the licensing register's non-personal data. */
export const READ_SCOPE = 'licensing:read';

/** Licensing staff run the register and decide applications; admins may do anything they do. */
export function isLicensingOfficer(principal: Principal): boolean {
  return principal.kind === 'admin' || (principal.kind === 'staff' && principal.department === 'licensing');
}

/** Who may read any business or licence: officers, and partners whose key carries the licensing scope. */
export function mayReadRegister(principal: Principal): boolean {
  return isLicensingOfficer(principal) || (principal.kind === 'partner' && principal.scopes.includes(READ_SCOPE));
}

/** A business, its licences and its applications are readable by the register's readers and by the owner. */
export function mayReadBusinessOf(principal: Principal, ownerId: string): boolean {
  return mayReadRegister(principal) || (principal.kind === 'citizen' && principal.id === ownerId);
}

export function assertLicensingOfficer(principal: Principal): void {
  if (principal.kind === 'anonymous') throw new UnauthenticatedError();
  if (!isLicensingOfficer(principal)) throw new ForbiddenError('Only staff of the licensing department may do this.');
}

/** Applying is something a citizen does for themself; answers their id. */
export function assertCitizen(principal: Principal): string {
  if (principal.kind === 'anonymous') throw new UnauthenticatedError();
  if (principal.kind !== 'citizen') throw new ForbiddenError('Only a signed-in citizen may apply for a licence.');
  return principal.id;
}

/**
 * The gate in front of the register's entry points: readers of the register pass, and so do citizens (who then
 * see only their own records); anyone else is refused.
 */
export function assertMayLookUp(principal: Principal): void {
  if (principal.kind === 'anonymous') throw new UnauthenticatedError();
  if (!mayReadRegister(principal) && principal.kind !== 'citizen') {
    throw new ForbiddenError('The licensing register is open to the licensing department, its partners and the owners.');
  }
}
