import { describe, expect, it } from '@jest/globals';
import { exposureSince } from '../../../../../subgraphs/health/domain/exposure-flag.js';

const now = new Date('2026-11-28T08:00:00.000Z');

function codeOf(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return (error as { extensions: Record<string, unknown> }).extensions.code;
  }
  throw new Error('expected a rejection');
}

describe('exposureSince', () => {
  it('accepts an ISO 8601 date-time in UTC or with an offset', () => {
    expect(exposureSince('2026-11-22T08:00:00Z', now).toISOString()).toBe('2026-11-22T08:00:00.000Z');
    expect(exposureSince('2026-11-22T10:00:00.000+02:00', now).toISOString()).toBe('2026-11-22T08:00:00.000Z');
  });

  it('accepts now itself', () => {
    expect(exposureSince(now.toISOString(), now).getTime()).toBe(now.getTime());
  });

  it('rejects a moment after now', () => {
    expect(codeOf(() => exposureSince('2026-11-28T08:00:00.001Z', now))).toBe('BAD_USER_INPUT');
  });

  it('rejects text that is not a date-time with a zone', () => {
    for (const since of ['yesterday', '2026-11-22', '2026-11-22T08:00:00', '2026-13-40T08:00:00Z', '']) {
      expect(codeOf(() => exposureSince(since, now))).toBe('BAD_USER_INPUT');
    }
  });
});
