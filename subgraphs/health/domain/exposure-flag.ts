import { BadUserInputError } from '../../../platform/errors.js';

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/** The start of an exposure period: an ISO 8601 date-time with a zone, not after `now`. */
export function exposureSince(since: string, now: Date): Date {
  const time = ISO_DATE_TIME.test(since) ? Date.parse(since) : Number.NaN;
  if (!Number.isFinite(time)) throw new BadUserInputError('since must be an ISO 8601 date-time with a time zone.', { argument: 'since' });
  if (time > now.getTime()) throw new BadUserInputError('since must not be in the future.', { argument: 'since' });
  return new Date(time);
}
