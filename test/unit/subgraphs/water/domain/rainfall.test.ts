import { describe, expect, it } from '@jest/globals';
import { hourlyRain, hourOf } from '../../../../../subgraphs/water/domain/rainfall.js';

const since = '2026-11-30T04:15:00.000Z';
const feed = [
  { districtId: 'D-02', at: '2026-11-30T04:00:00.000Z', millimetres: 9 },
  { districtId: 'D-02', at: '2026-11-30T08:00:00.000Z', millimetres: 8 },
  { districtId: 'D-02', at: '2026-11-30T09:00:00.000Z', millimetres: 7.5 },
];
const gauge = (sensorId: string, at: string, millimetres: number) => ({ districtId: 'D-02', sensorId, at, millimetres });

describe("a district's hourly rain", () => {
  it('keeps the feed for hours in which no rain gauge reported, and only hours that start after the window does', () => {
    expect(hourlyRain('D-02', feed, [], since)).toEqual([
      { districtId: 'D-02', at: '2026-11-30T08:00:00.000Z', millimetres: 8 },
      { districtId: 'D-02', at: '2026-11-30T09:00:00.000Z', millimetres: 7.5 },
    ]);
  });

  it('lets live readings win: an hour a gauge reported is what the gauges measured, not the feed', () => {
    expect(hourlyRain('D-02', feed, [gauge('S-000050', '2026-11-30T09:40:00.000Z', 60)], since).at(-1)).toEqual({ districtId: 'D-02', at: '2026-11-30T09:00:00.000Z', millimetres: 60 });
  });

  it("sums each gauge's readings within the hour and takes the mean over the gauges that reported", () => {
    const readings = [
      gauge('S-000050', '2026-11-30T10:05:00.000Z', 10),
      gauge('S-000050', '2026-11-30T10:15:00.000Z', 20),
      gauge('S-000066', '2026-11-30T10:10:00.000Z', 10),
      gauge('S-000066', '2026-11-30T11:00:00.000Z', 4),
    ];
    expect(hourlyRain('D-02', [], readings, since)).toEqual([
      { districtId: 'D-02', at: '2026-11-30T10:00:00.000Z', millimetres: 20 },
      { districtId: 'D-02', at: '2026-11-30T11:00:00.000Z', millimetres: 4 },
    ]);
  });

  it('counts a negative amount as no rain, and leaves out readings of an hour that started before the window', () => {
    expect(hourlyRain('D-02', [], [gauge('S-000050', '2026-11-30T09:10:00.000Z', -3), gauge('S-000050', '2026-11-30T04:30:00.000Z', 50)], since)).toEqual([
      { districtId: 'D-02', at: '2026-11-30T09:00:00.000Z', millimetres: 0 },
    ]);
    expect(hourOf('2026-11-30T04:59:59.999Z')).toBe('2026-11-30T04:00:00.000Z');
  });
});
