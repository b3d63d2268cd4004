const DAY_MS = 86_400_000;

/** How long an integrated licence issued on approval is valid. */
export const LICENCE_VALIDITY_DAYS = 365;

export type StoredLicenceStatus = 'ACTIVE' | 'SUSPENDED';
export type LicenceStatus = StoredLicenceStatus | 'EXPIRED';

/** Expiry is a matter of time, not of a stored flag: a licence is EXPIRED from its expiry on, unless suspended. */
export function effectiveStatus(stored: StoredLicenceStatus, expiresAt: string, now: Date): LicenceStatus {
  if (stored === 'SUSPENDED') return 'SUSPENDED';
  return Date.parse(expiresAt) <= now.getTime() ? 'EXPIRED' : 'ACTIVE';
}

export function licenceExpiry(issuedAt: Date): Date {
  return new Date(issuedAt.getTime() + LICENCE_VALIDITY_DAYS * DAY_MS);
}

/**
 * A new licence renews an older one of the same business when it covers every permit the older one covered and
 * the older one has not expired yet.
 */
export function renews(newPermits: readonly string[], old: { permits: readonly string[]; expiresAt: string }, now: Date): boolean {
  if (Date.parse(old.expiresAt) <= now.getTime()) return false;
  const covered = new Set(newPermits);
  return old.permits.every((permit) => covered.has(permit));
}
