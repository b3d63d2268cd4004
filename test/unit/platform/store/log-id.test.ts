import { describe, expect, it } from '@jest/globals';
import { logId, logSequence } from '../../../../platform/store/types.js';

/** An append log's id is its sequence zero-padded: logId builds it without padStart, logSequence reads it back. */
describe('append log ids', () => {
  const samples = [0, 1, 9, 10, 99, 12345, 999_999, 1_000_000, 123_456_789_012, 2 ** 40, Number.MAX_SAFE_INTEGER];

  it('is the zero-padded decimal, as padStart writes it, for every width', () => {
    for (const digits of [1, 6, 12, 16, 40]) for (const n of samples) expect([digits, n, logId(n, digits)]).toEqual([digits, n, String(n).padStart(digits, '0')]);
  });

  it('reads back the sequence of an id of the right width, and nothing else', () => {
    for (const n of samples.filter((s) => String(s).length <= 12)) expect(logSequence(logId(n, 12), 12)).toBe(n);
    expect([logSequence('12', 12), logSequence('00000000001x', 12), logSequence(' 00000000001', 12), logSequence(12, 12)]).toEqual([null, null, null, null]);
  });
});
