import { ForbiddenError } from '../../platform/errors.js';
import type { ConsentGuard } from './consent-guard.js';

/**
 * Fields that are the citizen's own right rather than data a department may be lent (the data export): nobody but
 * the citizen may read them, whatever a statute or a grant allows. The consent transform still decides first, so
 * an erased citizen's sections answer DATA_ERASED; this check then refuses everyone who is not that citizen.
 */
export function requireSelf(consent: ConsentGuard, citizenId: string, message = 'Only the citizen can export their own data.'): void {
  if (!consent.isSelf(citizenId)) throw new ForbiddenError(message);
}
