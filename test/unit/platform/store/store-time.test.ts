import { describe, expect, it } from '@jest/globals';
import { isCanonicalIsoTime, assertTimeValue, StoreError } from '../../../../platform/store/types.js';
import { labelled } from '../../../support/labelled.js';

/** What the fast check must agree with: the Date round trip it replaces. */
const roundTrips = (value: string) => {
  const time = new Date(value);
  return !Number.isNaN(time.getTime()) && time.toISOString() === value;
};

describe('store time values', () => {
  it('decides 24-character times exactly as the Date round trip does', () => {
    const edges = [
      '2024-02-29T00:00:00.000Z', '2026-02-29T00:00:00.000Z', '2000-02-29T12:00:00.000Z', '1900-02-29T12:00:00.000Z',
      '2026-02-30T00:00:00.000Z', '2026-04-31T00:00:00.000Z', '2026-12-31T23:59:59.999Z', '2026-01-01T24:00:00.000Z',
      '2026-01-01T23:60:00.000Z', '2026-01-01T23:59:60.000Z', '0000-01-01T00:00:00.000Z', '9999-12-31T23:59:59.999Z',
      '2026-13-01T00:00:00.000Z', '2026-00-01T00:00:00.000Z', '2026-01-00T00:00:00.000Z', '2026-01-01T00:00:00.000+',
      '2026-01-01 00:00:00.000Z', '2026-01-01T00:00:00,000Z', '2026-01-01T00:00:0a.000Z', '202a-01-01T00:00:00.000Z',
      '2029-01-01T00:00:00.00/Z', '2026-01-01T00:00:00.000z', '-026-01-01T00:00:00.000Z', '2026-1-01T00:00:00.0000Z',
    ];
    const random: string[] = [];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let i = 0; i < 20_000; i++) {
      const ms = Math.floor((next() * 2 - 0.5) * 253402300799999);
      const iso = new Date(ms).toISOString();
      random.push(iso);
      // One character changed to a digit or a separator: mostly not canonical, sometimes another valid time.
      const at = Math.floor(next() * iso.length);
      random.push(iso.slice(0, at) + '0123456789-:TZ.'[Math.floor(next() * 15)] + iso.slice(at + 1));
    }
    for (const value of [...edges, ...random]) {
      if (value.length !== 24) continue;
      labelled(value, () => expect(isCanonicalIsoTime(value)).toBe(roundTrips(value)));
    }
  });

  it('accepts extended years by the round trip and refuses everything else', () => {
    expect(assertTimeValue('c', 'at', '+010000-01-01T00:00:00.000Z')).toBe('+010000-01-01T00:00:00.000Z');
    for (const value of ['2026-03-01T10:00:00Z', '2026-03-01T10:00:00.000+00:00', '', 1_700_000_000_000, null]) {
      expect(() => assertTimeValue('c', 'at', value)).toThrow(StoreError);
    }
  });
});
