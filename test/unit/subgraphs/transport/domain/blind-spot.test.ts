import { describe, expect, it } from '@jest/globals';
import { classifyGrip, deriveBlindSpotAlerts, type RoadConditionReading } from '../../../../../subgraphs/transport/domain/blind-spot.js';

const now = new Date('2026-11-28T08:00:00.000Z');
const minutesAgo = (minutes: number) => new Date(now.getTime() - minutes * 60_000).toISOString();
const reading = (sensorId: string, value: number, minutes: number): RoadConditionReading => ({ sensorId, value, at: minutesAgo(minutes) });

describe('classifying one grip reading', () => {
  it('calls exactly 0 an obstruction of high severity', () => {
    expect(classifyGrip(0)).toEqual({ kind: 'OBSTRUCTION', severity: 'HIGH' });
  });

  it('calls grip below 0.3 ice: high below 0.15, medium from 0.15', () => {
    expect(classifyGrip(0.001)).toEqual({ kind: 'ICE', severity: 'HIGH' });
    expect(classifyGrip(0.149)).toEqual({ kind: 'ICE', severity: 'HIGH' });
    expect(classifyGrip(0.15)).toEqual({ kind: 'ICE', severity: 'MEDIUM' });
    expect(classifyGrip(0.299)).toEqual({ kind: 'ICE', severity: 'MEDIUM' });
  });

  it('calls grip from 0.3 to below 0.5 a wet surface: medium below 0.4, low from 0.4', () => {
    expect(classifyGrip(0.3)).toEqual({ kind: 'WET_SURFACE', severity: 'MEDIUM' });
    expect(classifyGrip(0.4)).toEqual({ kind: 'WET_SURFACE', severity: 'LOW' });
    expect(classifyGrip(0.499)).toEqual({ kind: 'WET_SURFACE', severity: 'LOW' });
  });

  it('raises nothing for grip of 0.5 and above', () => {
    expect(classifyGrip(0.5)).toBeNull();
    expect(classifyGrip(1)).toBeNull();
  });

  it('calls a reading outside 0..1 poor visibility, since the sensor cannot see the surface', () => {
    expect(classifyGrip(-0.2)).toEqual({ kind: 'POOR_VISIBILITY', severity: 'MEDIUM' });
    expect(classifyGrip(1.7)).toEqual({ kind: 'POOR_VISIBILITY', severity: 'MEDIUM' });
    expect(classifyGrip(Number.NaN)).toEqual({ kind: 'POOR_VISIBILITY', severity: 'MEDIUM' });
  });
});

describe('deriving an intersection’s blind-spot alerts', () => {
  it('answers one alert per hazardous sensor, most severe first, with the reading’s time and sensor', () => {
    const alerts = deriveBlindSpotAlerts([reading('S-000081', 0.45, 2), reading('S-000082', 0, 5), reading('S-000083', 0.9, 1)], now);
    expect(alerts).toEqual([
      { at: minutesAgo(5), kind: 'OBSTRUCTION', severity: 'HIGH', sensorId: 'S-000082' },
      { at: minutesAgo(2), kind: 'WET_SURFACE', severity: 'LOW', sensorId: 'S-000081' },
    ]);
  });

  it('uses each sensor’s latest reading, so a road that cleared no longer alerts', () => {
    expect(deriveBlindSpotAlerts([reading('S-000081', 0.1, 20), reading('S-000081', 0.95, 3)], now)).toEqual([]);
    expect(deriveBlindSpotAlerts([reading('S-000081', 0.95, 20), reading('S-000081', 0.2, 3)], now)).toEqual([
      { at: minutesAgo(3), kind: 'ICE', severity: 'MEDIUM', sensorId: 'S-000081' },
    ]);
  });

  it('ignores readings older than 30 minutes and readings more than a minute in the future', () => {
    expect(deriveBlindSpotAlerts([reading('S-000081', 0, 31), reading('S-000082', 0, -2)], now)).toEqual([]);
    expect(deriveBlindSpotAlerts([reading('S-000081', 0, 30)], now)).toHaveLength(1);
  });

  it('ignores a reading whose time cannot be read', () => {
    expect(deriveBlindSpotAlerts([{ sensorId: 'S-000081', value: 0, at: 'yesterday' }], now)).toEqual([]);
  });

  it('orders alerts of equal severity newest first', () => {
    const alerts = deriveBlindSpotAlerts([reading('S-000081', 0.05, 10), reading('S-000082', 0.1, 1)], now);
    expect(alerts.map((a) => a.sensorId)).toEqual(['S-000082', 'S-000081']);
  });

  it('answers no alerts when there are no readings', () => {
    expect(deriveBlindSpotAlerts([], now)).toEqual([]);
  });
});
