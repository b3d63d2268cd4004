import { BadUserInputError } from '../../../platform/errors.js';

export const MIN_WITHIN_DAYS = 1;
export const MAX_WITHIN_DAYS = 366;
const DAY_MS = 86_400_000;

/** The window `expiringLicences(withinDays)` looks at: from now to now + withinDays, both ends included. */
export function expiryWindow(withinDays: number, now: Date): { from: string; until: string } {
  if (!Number.isInteger(withinDays) || withinDays < MIN_WITHIN_DAYS || withinDays > MAX_WITHIN_DAYS) {
    throw new BadUserInputError(`withinDays must be a whole number from ${MIN_WITHIN_DAYS} to ${MAX_WITHIN_DAYS}.`, { argument: 'withinDays' });
  }
  return { from: now.toISOString(), until: new Date(now.getTime() + withinDays * DAY_MS).toISOString() };
}
