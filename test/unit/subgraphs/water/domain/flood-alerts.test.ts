import { describe, expect, it } from '@jest/globals';
import { floodAlertId, planFloodAlerts, type FloodAlertRecord } from '../../../../../subgraphs/water/domain/flood-alerts.js';
import type { FloodRisk } from '../../../../../subgraphs/water/domain/flood-risk.js';

const now = new Date('2026-11-28T08:42:10.000Z');
const high: FloodRisk = { level: 'HIGH', score: 0.8, reasons: ['The Aller at gauge G-02-1 is at 4.30 m, at or above its danger level of 4.00 m.'] };
const low: FloodRisk = { level: 'LOW', score: 0.1, reasons: ['Every reporting gauge is below its warning level.'] };
const active: FloodAlertRecord = { id: 'FA-D-02-2026112806', districtId: 'D-02', level: 'HIGH', raisedAt: '2026-11-28T06:10:00.000Z', clearedAt: null, reasons: [] };

describe('flood alerts', () => {
  it('derives one id per district and start of episode (to the millisecond), so two episodes within an hour are two alerts', () => {
    expect(floodAlertId('D-02', now)).toBe('FA-D-02-20261128084210000');
    expect(floodAlertId('D-02', new Date('2026-11-28T08:42:10.000Z'))).toBe(floodAlertId('D-02', now));
    expect(floodAlertId('D-02', new Date('2026-11-28T08:59:59.999Z'))).toBe('FA-D-02-20261128085959999');
    expect(floodAlertId('D-03', now)).toBe('FA-D-03-20261128084210000');
  });

  it('raises an alert when a district without an active one reaches HIGH or SEVERE', () => {
    const changes = planFloodAlerts(new Map([['D-02', high], ['D-03', { ...high, level: 'SEVERE' }], ['D-04', low]]), [], now);
    expect(changes.clear).toEqual([]);
    expect(changes.raise).toEqual([
      { id: 'FA-D-02-20261128084210000', districtId: 'D-02', level: 'HIGH', raisedAt: now.toISOString(), clearedAt: null, reasons: high.reasons },
      { id: 'FA-D-03-20261128084210000', districtId: 'D-03', level: 'SEVERE', raisedAt: now.toISOString(), clearedAt: null, reasons: high.reasons },
    ]);
  });

  it('raises nothing while the episode’s alert is still active', () => {
    expect(planFloodAlerts(new Map([['D-02', high]]), [active], now)).toEqual({ raise: [], clear: [] });
  });

  it('clears the active alert when the district falls below HIGH', () => {
    expect(planFloodAlerts(new Map([['D-02', { ...low, level: 'MODERATE' }]]), [active], now)).toEqual({ raise: [], clear: ['FA-D-02-2026112806'] });
  });

  it('leaves alerts of districts not assessed in this request alone', () => {
    expect(planFloodAlerts(new Map([['D-05', low]]), [active], now)).toEqual({ raise: [], clear: [] });
  });
});
