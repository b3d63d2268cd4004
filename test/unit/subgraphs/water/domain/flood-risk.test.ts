import { describe, expect, it } from '@jest/globals';
import { assessFloodRisk, gaugeScore, levelOf, type FloodRiskInput, type PumpingCapacity } from '../../../../../subgraphs/water/domain/flood-risk.js';

const now = new Date('2026-11-28T12:00:00.000Z');
const recently = '2026-11-28T11:55:00.000Z';
const gauge = { gaugeId: 'G-01-1', sensorId: 'S-000001', riverName: 'Aller', warningLevel: 3, dangerLevel: 4 };
const stations: PumpingCapacity[] = [
  { id: 'P-01-1', capacityCubicMetresPerHour: 2_000, status: 'RUNNING' },
  { id: 'P-01-2', capacityCubicMetresPerHour: 2_000, status: 'STANDBY' },
];

function input(level: number | null, overrides: Partial<FloodRiskInput> = {}): FloodRiskInput {
  return {
    gauges: [gauge],
    levels: level === null ? [] : [{ sensorId: 'S-000001', value: level, at: recently }],
    rainfallLast6HoursMm: 0,
    pumpingStations: stations,
    now,
    ...overrides,
  };
}

describe('flood risk levels', () => {
  it('is LOW with every gauge under its warning level and little rain', () => {
    const risk = assessFloodRisk(input(1.5, { rainfallLast6HoursMm: 2 }));
    expect(risk.level).toBe('LOW');
    expect(risk.score).toBeCloseTo(0.2 + 0.1 * (2 / 30), 3);
    expect(risk.reasons).toEqual(['Every reporting gauge is below its warning level.']);
  });

  it('is MODERATE exactly at the warning level and LOW just under it', () => {
    expect(assessFloodRisk(input(3)).level).toBe('MODERATE');
    expect(assessFloodRisk(input(3)).score).toBe(0.4);
    expect(assessFloodRisk(input(2.99)).level).toBe('LOW');
  });

  it('is HIGH exactly at the danger level and MODERATE just under it', () => {
    expect(assessFloodRisk(input(4)).level).toBe('HIGH');
    expect(assessFloodRisk(input(4)).score).toBe(0.7);
    expect(assessFloodRisk(input(3.99)).level).toBe('MODERATE');
  });

  it('is SEVERE a full warning-to-danger span above the danger level', () => {
    const risk = assessFloodRisk(input(5));
    expect(risk.level).toBe('SEVERE');
    expect(risk.score).toBe(0.9);
  });

  it('lets heavy rain and lost pumping push a danger-level district to SEVERE, capping the score at 1', () => {
    const broken: PumpingCapacity[] = stations.map((station) => ({ ...station, status: 'FAULT' }));
    const risk = assessFloodRisk(input(4.9, { rainfallLast6HoursMm: 60, pumpingStations: broken }));
    expect(risk.level).toBe('SEVERE');
    expect(risk.score).toBe(1);
  });

  it('takes the worst gauge of the district', () => {
    const second = { ...gauge, gaugeId: 'G-01-2', sensorId: 'S-000017', riverName: 'Wende' };
    const risk = assessFloodRisk({
      ...input(null),
      gauges: [gauge, second],
      levels: [
        { sensorId: 'S-000001', value: 1, at: recently },
        { sensorId: 'S-000017', value: 4.2, at: recently },
      ],
    });
    expect(risk.level).toBe('HIGH');
    expect(risk.reasons[0]).toBe('The Wende at gauge G-01-2 is at 4.20 m, at or above its danger level of 4.00 m.');
  });

  it('maps scores to levels at the floors 0.4, 0.7 and 0.9', () => {
    expect([0, 0.399, 0.4, 0.699, 0.7, 0.899, 0.9, 1].map(levelOf)).toEqual(['LOW', 'LOW', 'MODERATE', 'MODERATE', 'HIGH', 'HIGH', 'SEVERE', 'SEVERE']);
  });

  it('scores a gauge linearly within each band', () => {
    expect(gaugeScore(1.5, 3, 4)).toBeCloseTo(0.2);
    expect(gaugeScore(3.5, 3, 4)).toBeCloseTo(0.55);
    expect(gaugeScore(4.5, 3, 4)).toBeCloseTo(0.8);
    expect(gaugeScore(-1, 3, 4)).toBe(0);
  });
});

describe('flood risk reasons', () => {
  it('names the river, gauge, level and threshold of a gauge over its warning level', () => {
    expect(assessFloodRisk(input(3.35)).reasons).toEqual(['The Aller at gauge G-01-1 is at 3.35 m, at or above its warning level of 3.00 m.']);
  });

  it('reports heavy rain from 30 mm in 6 hours and steady rain from 10 mm', () => {
    expect(assessFloodRisk(input(1, { rainfallLast6HoursMm: 30 })).reasons).toContain('Heavy rain: 30.0 mm in the last 6 hours.');
    expect(assessFloodRisk(input(1, { rainfallLast6HoursMm: 12.5 })).reasons).toContain('Steady rain: 12.5 mm in the last 6 hours.');
    expect(assessFloodRisk(input(1, { rainfallLast6HoursMm: 9.9 })).reasons.some((reason) => reason.includes('rain'))).toBe(false);
  });

  it('reports the share of pumping capacity still available and which stations are out', () => {
    const reduced: PumpingCapacity[] = [stations[0]!, { ...stations[1]!, capacityCubicMetresPerHour: 1_000, status: 'MAINTENANCE' }];
    const risk = assessFloodRisk(input(1.5, { pumpingStations: reduced }));
    expect(risk.reasons).toContain('Pumping capacity is down to 67% (P-01-2 is in MAINTENANCE).');
    expect(risk.score).toBeCloseTo(0.2 + 0.1 / 3, 3);
  });

  it('counts a district without pumping capacity as fully exposed', () => {
    const risk = assessFloodRisk(input(1.5, { pumpingStations: [] }));
    expect(risk.reasons).toContain('The district has no pumping capacity.');
    expect(risk.score).toBeCloseTo(0.3, 3);
  });

  it('says so when a gauge has sent no level, and scores it as nothing known', () => {
    const risk = assessFloodRisk(input(null));
    expect(risk).toEqual({ level: 'LOW', score: 0, reasons: ['Gauge G-01-1 on the Aller has sent no level.'] });
  });

  it('still uses a stale level but says how old it is', () => {
    const risk = assessFloodRisk({ ...input(null), levels: [{ sensorId: 'S-000001', value: 4.1, at: '2026-11-28T02:00:00.000Z' }] });
    expect(risk.level).toBe('HIGH');
    expect(risk.reasons).toContain('Gauge G-01-1 last reported 10 hours ago.');
  });

  it('ignores levels of sensors that are not the district’s gauges', () => {
    const risk = assessFloodRisk({ ...input(1), levels: [{ sensorId: 'S-000001', value: 1, at: recently }, { sensorId: 'S-009999', value: 9, at: recently }] });
    expect(risk.level).toBe('LOW');
  });
});
