import { ForbiddenError, UnauthenticatedError } from '../../../platform/errors.js';
import type { Principal } from '../../../platform/principal.js';

/** Answers the signed-in citizen's id: anyone else may not act for a citizen here. */
export function requireCitizen(principal: Principal): string {
  if (principal.kind === 'anonymous') throw new UnauthenticatedError('Sign in as a citizen to do this.');
  if (principal.kind !== 'citizen') throw new ForbiddenError('Only the citizen themself may do this.');
  return principal.id;
}

/** Only staff of the health department may flag exposures. */
export function requireHealthStaff(principal: Principal): void {
  if (principal.kind === 'anonymous') throw new UnauthenticatedError('Sign in as health department staff to do this.');
  if (principal.kind !== 'staff' || principal.department !== 'health') {
    throw new ForbiddenError('Only staff of the health department may do this.');
  }
}

/**
 * A city kiosk: transport department staff (ARCHITECTURE §3: kiosks act as transport staff, the official being
 * the kiosk) showing a citizen their health pass for the transit gates, so for TRANSIT_ACCESS only.
 */
export function requireKioskForPass(principal: Principal): void {
  if (principal.kind === 'anonymous') throw new UnauthenticatedError('Sign in as a city kiosk (transport department staff) to do this.');
  if (principal.kind !== 'staff' || principal.department !== 'transport') throw new ForbiddenError('Only city kiosks (transport department staff) may do this.');
  if (principal.purpose !== 'TRANSIT_ACCESS') throw new ForbiddenError('A kiosk shows a health pass for the purpose TRANSIT_ACCESS only.');
}
