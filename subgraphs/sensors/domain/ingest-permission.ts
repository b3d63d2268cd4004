import type { Principal } from '../../../platform/principal.js';

export const INGEST_SCOPE = 'sensors:write';

/** Who may send readings: the sensors department's staff, a partner holding `sensors:write`, or an admin. */
export function mayIngestReadings(principal: Pick<Principal, 'kind' | 'department' | 'scopes'>): boolean {
  switch (principal.kind) {
    case 'staff':
      return principal.department === 'sensors';
    case 'partner':
      return principal.scopes.includes(INGEST_SCOPE);
    case 'admin':
      return true;
    default:
      return false;
  }
}
