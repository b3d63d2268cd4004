import { describe, expect, it } from '@jest/globals';
import { parseIsoDateTime, parseIsoTime } from '../../../../../subgraphs/sensors/domain/iso-time.js';
import { labelled } from '../../../../support/labelled.js';

/** The general path, as validation used it before the fast path: parse, then normalise with toISOString. */
function reference(value: unknown): { ms: number; iso: string } | null {
  const ms = parseIsoDateTime(value);
  return ms === null ? null : { ms, iso: new Date(ms).toISOString() };
}

function sameAsReference(values: readonly unknown[]): void {
  for (const value of values) labelled(`value ${JSON.stringify(value)}`, () => expect(parseIsoTime(value)).toEqual(reference(value)));
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

describe('parsing and normalising ISO date-times', () => {
  it('keeps a time already in toISOString form as it is', () => {
    const value = '2026-11-28T08:00:00.123Z';
    expect(parseIsoTime(value)).toEqual({ ms: Date.parse(value), iso: value });
    expect(parseIsoTime('2026-11-28T08:00:00Z')).toEqual({ ms: Date.parse('2026-11-28T08:00:00Z'), iso: '2026-11-28T08:00:00.000Z' });
  });

  it('reads years 0000-0099 as those years, not as 1900-1999', () => {
    for (const value of ['0000-01-01T00:00:00.000Z', '0050-06-15T00:00:00.000Z', '0099-12-31T23:59:59.999Z', '0004-02-29T00:00:00Z']) {
      labelled(value, () => expect(parseIsoTime(value)).toEqual({ ms: Date.parse(value), iso: new Date(Date.parse(value)).toISOString() }));
    }
    expect(parseIsoDateTime('0050-06-15T00:00:00.000Z')).toBe(Date.parse('0050-06-15T00:00:00.000Z'));
    expect([parseIsoDateTime('0001-02-29T00:00:00Z'), parseIsoDateTime('0000-02-30T00:00:00Z')]).toEqual([null, null]);
  });

  it('agrees with the general path on leap days, month ends, 24:00, odd years, offsets and fractions', () => {
    sameAsReference([
      // leap days: every 4th year, not centuries, but every 400th
      '2024-02-29T00:00:00.000Z', '2023-02-29T00:00:00.000Z', '2000-02-29T12:00:00.000Z', '1900-02-29T12:00:00.000Z', '2100-02-29T00:00:00Z', '2400-02-29T00:00:00Z', '2024-02-30T00:00:00Z',
      // month ends and impossible months or days
      '2026-01-31T23:59:59.999Z', '2026-04-31T00:00:00.000Z', '2026-04-30T00:00:00.000Z', '2026-06-31T00:00:00Z', '2026-09-31T00:00:00Z', '2026-11-31T00:00:00Z', '2026-12-31T23:59:59.999Z', '2026-12-32T00:00:00Z',
      '2026-13-01T00:00:00.000Z', '2026-00-10T00:00:00.000Z', '2026-05-00T00:00:00.000Z',
      // hours, minutes and seconds at and past their ends
      '2026-11-28T24:00:00.000Z', '2026-11-28T24:00:00Z', '2026-11-28T23:60:00Z', '2026-11-28T23:59:60.000Z', '2026-11-28T00:00:00.000Z', '2026-11-28T99:99:99.999Z',
      // years: before 100 (Date.UTC reads 0-99 as 1900-1999), before 1000, the ends of four digits
      '0000-01-01T00:00:00.000Z', '0050-06-15T00:00:00.000Z', '0099-12-31T23:59:59.999Z', '0100-01-01T00:00:00.000Z', '0999-12-31T23:59:59.999Z', '1000-01-01T00:00:00.000Z', '1969-12-31T23:59:59.999Z', '1970-01-01T00:00:00.000Z', '9999-12-31T23:59:59.999Z',
      '+002026-11-28T08:00:00.000Z', '-000001-01-01T00:00:00.000Z',
      // offsets and fractions of other lengths
      '2026-11-28T08:59:00+01:00', '2026-11-28T08:00:00.000+00:00', '2026-11-28T08:00:00-05:30', '2026-11-28T08:00:00.5Z', '2026-11-28T08:00:00.12Z', '2026-11-28T08:00:00.1234Z', '2026-11-28T08:00:00.123456789Z', '2026-11-28T08:00:00.1234567890Z', '2026-11-28T08:00Z', '2026-11-28T08:00:00.Z',
      // near misses of the normalised form
      '2026-11-28T08:00:00.000z', '2026-11-28t08:00:00.000Z', '2026-11-28 08:00:00.000Z', '2026/11/28T08:00:00.000Z', '2026-11-28T08:00:00,000Z', '2026-11-28T08:00:00.000Z ', ' 2026-11-28T08:00:00Z', '2026-1a-28T08:00:00.000Z', '2026-11-28T08:00:0aZ', '2026-11-28T08:00:00.00aZ',
      '2026-11-28T08:00:00.+00Z', '2026-11-28T08:-1:00.000Z', '２０２６-11-28T08:00:00.000Z', '2026-11-28T08:00:00.000Zx', '2026-11-28T08:00:00',
      // not strings at all
      '', 'yesterday', 1_795_852_800_000, null, undefined, {}, ['2026-11-28T08:00:00.000Z'],
    ]);
  });

  it('agrees with the general path on many random times, in both short forms and mutated', () => {
    let seed = 20261128;
    const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    const int = (below: number) => Math.floor(random() * below);
    const values: string[] = [];
    for (let i = 0; i < 60_000; i += 1) {
      const year = random() < 0.7 ? 1900 + int(250) : int(10_000);
      const base = `${pad(year, 4)}-${pad(int(14), 2)}-${pad(int(33), 2)}T${pad(int(26), 2)}:${pad(int(62), 2)}:${pad(int(62), 2)}`;
      const form = int(6);
      let value = form < 3 ? `${base}.${pad(int(1000), 3)}Z` : form < 5 ? `${base}Z` : `${base}.${pad(int(10 ** 6), 1 + int(6))}${random() < 0.5 ? 'Z' : `${random() < 0.5 ? '+' : '-'}${pad(int(24), 2)}:${pad(int(60), 2)}`}`;
      if (random() < 0.1) {
        const at = int(value.length);
        value = value.slice(0, at) + '0123456789-:.TZ+x '[int(17)] + value.slice(at + 1);
      }
      values.push(value);
    }
    // Real calendar times too, written by toISOString, so that most values above are valid ones.
    for (let i = 0; i < 20_000; i += 1) {
      const iso = new Date(Date.UTC(1000, 0, 1) + random() * (Date.UTC(9999, 11, 31) - Date.UTC(1000, 0, 1))).toISOString();
      values.push(iso, iso.replace(/\.\d{3}Z$/, 'Z'));
    }
    let accepted = 0;
    for (const value of values) {
      const fast = parseIsoTime(value);
      const slow = reference(value);
      if (fast) accepted += 1;
      if (fast?.ms !== slow?.ms || fast?.iso !== slow?.iso) labelled(`value ${value}`, () => expect(fast).toEqual(slow));
    }
    expect(accepted).toBeGreaterThan(40_000);
  });
});
