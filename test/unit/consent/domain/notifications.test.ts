import { describe, expect, it } from '@jest/globals';
import { afterAttempt, retryDelayMs } from '../../../../consent/domain/notifications.js';
import { labelled } from '../../../support/labelled.js';

const now = new Date('2026-11-30T08:00:00.000Z');

describe('notification retries', () => {
  it('backs off exponentially from one second, with full jitter, up to ten minutes', () => {
    for (const [attempt, ceiling] of [[1, 1000], [2, 2000], [3, 4000], [10, 512_000], [11, 600_000], [40, 600_000]] as const) {
      labelled(`attempt ${attempt}`, () => expect(retryDelayMs(attempt, 0.999_999)).toBe(ceiling - 1));
      labelled(`attempt ${attempt}, no jitter left`, () => expect(retryDelayMs(attempt, 0)).toBe(250));
    }
  });

  it('delivers, retries a failure later, and gives up after the last attempt or on a permanent refusal', () => {
    expect(afterAttempt(1, 3, { delivered: true }, now, 0.5)).toEqual({ status: 'DELIVERED', deliveredAt: now.toISOString(), lastError: null });
    expect(afterAttempt(2, 3, { delivered: false, error: 'HTTP_503', permanent: false }, now, 0.5)).toEqual({ status: 'RETRYING', lastError: 'HTTP_503', nextAttemptAt: new Date(now.getTime() + 1000).toISOString() });
    expect(afterAttempt(3, 3, { delivered: false, error: 'HTTP_503', permanent: false }, now, 0.5)).toEqual({ status: 'FAILED', lastError: 'HTTP_503' });
    expect(afterAttempt(1, 3, { delivered: false, error: 'SMTP_550', permanent: true }, now, 0.5)).toEqual({ status: 'FAILED', lastError: 'SMTP_550' });
  });
});
