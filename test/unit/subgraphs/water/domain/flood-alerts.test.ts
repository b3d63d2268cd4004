import { describe, expect, it } from '@jest/globals';
import { floodAlertId, planFloodAlerts, planResidentWarnings, type FloodAlertChanges, type FloodAlertRecord } from '../../../../../subgraphs/water/domain/flood-alerts.js';
import type { FloodRisk } from '../../../../../subgraphs/water/domain/flood-risk.js';

const now = new Date('2026-11-28T08:42:10.000Z');
const QUIET = { quietMs: 30 * 60_000 };
const minutesBefore = (minutes: number) => new Date(now.getTime() - minutes * 60_000).toISOString();
const high: FloodRisk = { level: 'HIGH', score: 0.8, reasons: ['The Aller at gauge G-02-1 is at 4.30 m, at or above its danger level of 4.00 m.'] };
const severe: FloodRisk = { level: 'SEVERE', score: 0.95, reasons: ['The Aller at gauge G-02-1 is at 5.10 m, at or above its danger level of 4.00 m.'] };
const low: FloodRisk = { level: 'LOW', score: 0.1, reasons: ['Every reporting gauge is below its warning level.'] };
const moderate: FloodRisk = { ...low, level: 'MODERATE', score: 0.5 };
const active: FloodAlertRecord = { id: 'FA-D-02-2026112806', districtId: 'D-02', level: 'HIGH', raisedAt: '2026-11-28T06:10:00.000Z', clearedAt: null, reasons: [], calmSince: null, residentsWarned: 'HIGH' };
const none: FloodAlertChanges = { raise: [], update: [], clear: [] };

describe('flood alerts', () => {
  it('derives one id per district and start of episode (to the millisecond), so two episodes within an hour are two alerts', () => {
    expect(floodAlertId('D-02', now)).toBe('FA-D-02-20261128084210000');
    expect(floodAlertId('D-02', new Date('2026-11-28T08:42:10.000Z'))).toBe(floodAlertId('D-02', now));
    expect(floodAlertId('D-02', new Date('2026-11-28T08:59:59.999Z'))).toBe('FA-D-02-20261128085959999');
    expect(floodAlertId('D-03', now)).toBe('FA-D-03-20261128084210000');
  });

  it('raises an alert, residents not yet warned, when a district without an active one reaches HIGH or SEVERE', () => {
    const changes = planFloodAlerts(new Map([['D-02', high], ['D-03', severe], ['D-04', low]]), [], now, QUIET);
    expect(changes).toEqual({
      raise: [
        { id: 'FA-D-02-20261128084210000', districtId: 'D-02', level: 'HIGH', raisedAt: now.toISOString(), clearedAt: null, reasons: high.reasons, calmSince: null, residentsWarned: null },
        { id: 'FA-D-03-20261128084210000', districtId: 'D-03', level: 'SEVERE', raisedAt: now.toISOString(), clearedAt: null, reasons: severe.reasons, calmSince: null, residentsWarned: null },
      ],
      update: [],
      clear: [],
    });
  });

  it('changes nothing while the district stays at the level of its active alert, or falls back from SEVERE to HIGH', () => {
    expect(planFloodAlerts(new Map([['D-02', high]]), [active], now, QUIET)).toEqual(none);
    expect(planFloodAlerts(new Map([['D-02', high]]), [{ ...active, level: 'SEVERE' }], now, QUIET)).toEqual(none);
  });

  it('escalates an active HIGH alert to SEVERE, with the reasons of the new level', () => {
    expect(planFloodAlerts(new Map([['D-02', severe]]), [active], now, QUIET)).toEqual({ ...none, update: [{ ...active, level: 'SEVERE', reasons: severe.reasons }] });
  });

  it('starts the quiet period when the district falls below HIGH, and ends nothing yet', () => {
    expect(planFloodAlerts(new Map([['D-02', moderate]]), [active], now, QUIET)).toEqual({ ...none, update: [{ ...active, calmSince: now.toISOString() }] });
    const calm = { ...active, calmSince: minutesBefore(29) };
    expect(planFloodAlerts(new Map([['D-02', low]]), [calm], now, QUIET)).toEqual(none);
  });

  it('ends the episode once the quiet period is over, at the moment it was over', () => {
    const calm = { ...active, calmSince: minutesBefore(45) };
    expect(planFloodAlerts(new Map([['D-02', low]]), [calm], now, QUIET)).toEqual({ ...none, clear: [{ ...calm, clearedAt: minutesBefore(15) }] });
    const exactly = { ...active, calmSince: minutesBefore(30) };
    expect(planFloodAlerts(new Map([['D-02', low]]), [exactly], now, QUIET).clear.map((a) => a.clearedAt)).toEqual([now.toISOString()]);
  });

  it('keeps the episode (no new alert) when the district rises to HIGH within the quiet period, and stops its clock', () => {
    const calm = { ...active, calmSince: minutesBefore(10) };
    expect(planFloodAlerts(new Map([['D-02', high]]), [calm], now, QUIET)).toEqual({ ...none, update: [{ ...calm, calmSince: null }] });
  });

  it('leaves alerts of districts not assessed alone', () => {
    expect(planFloodAlerts(new Map([['D-05', low]]), [{ ...active, calmSince: minutesBefore(90) }], now, QUIET)).toEqual(none);
  });
});

describe("residents' warnings", () => {
  const cap = { residentWarningsPerHour: 2 };
  const raised = planFloodAlerts(new Map([['D-02', high]]), [], now, QUIET);

  it('warns the residents of a new episode while the district is under the hourly cap, and records it on the alert', () => {
    const plan = planResidentWarnings(raised, [], new Map([['D-02', 1]]), cap);
    expect(plan.warned.map((a) => [a.id, a.residentsWarned])).toEqual([['FA-D-02-20261128084210000', 'HIGH']]);
    expect(plan.changes.raise.map((a) => a.residentsWarned)).toEqual(['HIGH']);
    expect(plan.heldBack).toEqual([]);
  });

  it('holds the warning back at the cap, counting it once: a later assessment that still owes it does not count it again', () => {
    const plan = planResidentWarnings(raised, [], new Map([['D-02', 2]]), cap);
    expect([plan.warned, plan.heldBack.map((a) => a.id)]).toEqual([[], ['FA-D-02-20261128084210000']]);
    expect(plan.changes.raise.map((a) => a.residentsWarned)).toEqual([null]);
    const owed = plan.changes.raise[0]!;
    expect(planResidentWarnings(none, [owed], new Map([['D-02', 2]]), cap)).toEqual({ changes: none, warned: [], heldBack: [] });
  });

  it('sends a held-back warning once the hour allows, as an update of the alert', () => {
    const owed = { ...active, residentsWarned: null };
    const plan = planResidentWarnings(none, [owed], new Map([['D-02', 1]]), cap);
    expect(plan.changes).toEqual({ ...none, update: [{ ...owed, residentsWarned: 'HIGH' }] });
  });

  it('warns of an escalation the residents were not warned of, and of nothing for an alert they were warned of', () => {
    const escalation = planFloodAlerts(new Map([['D-02', severe]]), [active], now, QUIET);
    expect(planResidentWarnings(escalation, [active], new Map(), cap).changes.update.map((a) => [a.level, a.residentsWarned])).toEqual([['SEVERE', 'SEVERE']]);
    expect(planResidentWarnings(none, [active], new Map(), cap)).toEqual({ changes: none, warned: [], heldBack: [] });
  });

  it('owes nothing to an episode that ends', () => {
    const calm = { ...active, residentsWarned: null, calmSince: minutesBefore(31) };
    const ending = planFloodAlerts(new Map([['D-02', low]]), [calm], now, QUIET);
    expect(planResidentWarnings(ending, [calm], new Map(), cap).warned).toEqual([]);
  });
});
