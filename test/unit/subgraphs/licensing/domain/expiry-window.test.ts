import { describe, expect, it } from '@jest/globals';
import { expiryWindow } from '../../../../../subgraphs/licensing/domain/expiry-window.js';
import { errorOf } from './error-of.js';

const now = new Date('2026-06-01T09:00:00.000Z');

describe('expiringLicences window', () => {
  it('runs from now to now plus the given number of days', () => {
    expect(expiryWindow(90, now)).toEqual({ from: '2026-06-01T09:00:00.000Z', until: '2026-08-30T09:00:00.000Z' });
  });

  it('accepts 1 and 366 days', () => {
    expect(expiryWindow(1, now).until).toBe('2026-06-02T09:00:00.000Z');
    expect(expiryWindow(366, now).until).toBe('2027-06-02T09:00:00.000Z');
  });

  it.each([0, -1, 367, 10_000])('refuses %s days with BAD_USER_INPUT naming the argument', (withinDays) => {
    expect(errorOf(() => expiryWindow(withinDays, now))).toEqual({
      code: 'BAD_USER_INPUT',
      extensions: { code: 'BAD_USER_INPUT', argument: 'withinDays' },
      message: 'withinDays must be a whole number from 1 to 366.',
    });
  });
});
