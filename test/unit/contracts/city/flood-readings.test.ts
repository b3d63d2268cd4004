import { describe, expect, it } from '@jest/globals';
import { isFloodReading, parseFloodReadings } from '../../../../contracts/city/flood-readings.js';
import { pumpStateOf } from '../../../../contracts/city/layout.js';

const event = {
  id: 'e-1',
  at: '2026-11-30T09:00:00.000Z',
  readings: [{ sensorId: 'S-000002', kind: 'WATER_LEVEL', districtId: 'D-02', riverGauge: true, at: '2026-11-30T08:59:00.000Z', value: 4.3 }],
  gaugeLevels: { 'D-02': [{ sensorId: 'S-000002', value: 4.3, at: '2026-11-30T08:59:00.000Z' }] },
};

describe('the flood-readings event (sensors to water)', () => {
  it('reads a well-formed event and refuses anything else that arrives on the topic', () => {
    expect(parseFloodReadings(event)).toEqual(event);
    expect(parseFloodReadings({ ...event, readings: [{ ...event.readings[0], value: 'high' }] })).toBeUndefined();
    expect(parseFloodReadings({ ...event, readings: [{ ...event.readings[0], kind: 'TEMPERATURE' }] })).toBeUndefined();
    expect(parseFloodReadings('{}')).toBeUndefined();
  });

  it('carries river gauges, rain gauges and pump telemetry, and nothing else', () => {
    expect(isFloodReading({ kind: 'WATER_LEVEL', riverGauge: true })).toBe(true);
    expect(isFloodReading({ kind: 'WATER_LEVEL', riverGauge: false })).toBe(false);
    expect(isFloodReading({ kind: 'RAINFALL', riverGauge: false })).toBe(true);
    expect(isFloodReading({ kind: 'PUMP_STATUS', riverGauge: false })).toBe(true);
    expect(isFloodReading({ kind: 'NOISE', riverGauge: false })).toBe(false);
  });

  it('reads a pump state code, and nothing that is not one', () => {
    expect([0, 1, 2, 3].map(pumpStateOf)).toEqual(['RUNNING', 'STANDBY', 'FAULT', 'MAINTENANCE']);
    expect([4, -1, 1.5, Number.NaN].map(pumpStateOf)).toEqual([undefined, undefined, undefined, undefined]);
  });
});
