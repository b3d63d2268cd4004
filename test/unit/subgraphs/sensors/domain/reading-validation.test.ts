import { describe, expect, it } from '@jest/globals';
import type { SensorKind } from '../../../../../contracts/city/layout.js';
import { REJECTION_REASONS, validateReadings, type IncomingReading } from '../../../../../subgraphs/sensors/domain/reading-validation.js';

const now = new Date('2026-11-28T08:00:00.000Z');
const known = new Map<string, SensorKind>([['S-000001', 'WATER_LEVEL'], ['S-000002', 'WATER_LEVEL'], ['S-000050', 'RAINFALL'], ['S-000162', 'PUMP_STATUS']]);
const isKnown = (id: string) => known.get(id);
const ok: IncomingReading = { sensorId: 'S-000001', at: '2026-11-28T07:59:00Z', value: 1.42 };

function rejectionOf(reading: IncomingReading): string | undefined {
  return validateReadings([reading], isKnown, now).rejected[0]?.reason;
}

describe('reading validation', () => {
  it('accepts a reading of a known sensor and normalises its time', () => {
    const result = validateReadings([{ ...ok, at: '2026-11-28T08:59:00+01:00' }], isKnown, now);
    expect(result.rejected).toEqual([]);
    expect(result.valid).toEqual([{ index: 0, sensorId: 'S-000001', at: '2026-11-28T07:59:00.000Z', value: 1.42 }]);
  });

  it('keeps a time already in toISOString form as sent and adds the milliseconds to a whole-seconds one', () => {
    const result = validateReadings([{ ...ok, at: '2026-11-28T07:59:00.250Z' }, { ...ok, at: '2026-11-28T07:59:00Z' }, { ...ok, at: '2026-11-28T07:59:00.25Z' }], isKnown, now);
    expect(result.valid.map((reading) => reading.at)).toEqual(['2026-11-28T07:59:00.250Z', '2026-11-28T07:59:00.000Z', '2026-11-28T07:59:00.250Z']);
  });

  it('rejects an unknown sensor, naming it', () => {
    expect(rejectionOf({ ...ok, sensorId: 'S-999999' })).toBe('Unknown sensor S-999999.');
  });

  it('rejects values that are not finite numbers: NaN, infinities, null, strings, missing', () => {
    for (const value of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, null, 'NaN', '1.5', undefined]) {
      expect(rejectionOf({ ...ok, value })).toBe(REJECTION_REASONS.notFinite);
    }
  });

  it('rejects malformed times: no time zone, impossible dates, not a string', () => {
    for (const at of ['2026-11-28T07:59:00', '2026-02-30T00:00:00Z', '2026-11-28T24:00:00Z', 'yesterday', '', 1_795_852_800_000, null]) {
      expect(rejectionOf({ ...ok, at })).toBe(REJECTION_REASONS.malformedTime);
    }
  });

  it('accepts a time up to 5 minutes ahead and rejects one further in the future', () => {
    expect(rejectionOf({ ...ok, at: '2026-11-28T08:05:00Z' })).toBeUndefined();
    expect(rejectionOf({ ...ok, at: '2026-11-28T08:05:00.001Z' })).toBe('The time is more than 5 minutes in the future.');
  });

  it('accepts a reading exactly 7 days old and rejects an older one', () => {
    expect(rejectionOf({ ...ok, at: '2026-11-21T08:00:00Z' })).toBeUndefined();
    expect(rejectionOf({ ...ok, at: '2026-11-21T07:59:59.999Z' })).toBe('The reading is more than 7 days old.');
  });

  it('reports each invalid reading with its index and keeps the valid ones', () => {
    const result = validateReadings(
      [ok, { ...ok, sensorId: 'S-404' }, { ...ok, sensorId: 'S-000002', value: Number.NaN }, { ...ok, sensorId: 'S-000002', at: '2026-12-01T00:00:00Z' }, { ...ok, value: 0 }],
      isKnown,
      now,
    );
    expect(result.valid.map((reading) => reading.index)).toEqual([0, 4]);
    expect(result.rejected).toEqual([
      { index: 1, reason: 'Unknown sensor S-404.' },
      { index: 2, reason: REJECTION_REASONS.notFinite },
      { index: 3, reason: REJECTION_REASONS.farFuture },
    ]);
  });

  it('accepts a reading sent twice in one batch both times', () => {
    const result = validateReadings([ok, ok], isKnown, now);
    expect(result.valid).toHaveLength(2);
    expect(result.rejected).toEqual([]);
  });

  it('refuses values a rain gauge or a pump cannot report: negative rain, a pump state that is no code', () => {
    const at = ok.at;
    expect(rejectionOf({ sensorId: 'S-000050', at, value: -0.1 })).toBe(REJECTION_REASONS.outOfRange);
    expect(rejectionOf({ sensorId: 'S-000050', at, value: 0 })).toBeUndefined();
    expect(rejectionOf({ sensorId: 'S-000050', at, value: 60 })).toBeUndefined();
    expect([0, 1, 2, 3].map((value) => rejectionOf({ sensorId: 'S-000162', at, value }))).toEqual([undefined, undefined, undefined, undefined]);
    expect([4, -1, 1.5].map((value) => rejectionOf({ sensorId: 'S-000162', at, value }))).toEqual([REJECTION_REASONS.outOfRange, REJECTION_REASONS.outOfRange, REJECTION_REASONS.outOfRange]);
    // A river gauge may read below zero (a level against a datum).
    expect(rejectionOf({ sensorId: 'S-000001', at, value: -0.2 })).toBeUndefined();
  });
});
