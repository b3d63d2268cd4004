import { describe, expect, it } from '@jest/globals';
import { REMINDER_PLAN, reminderSchedule } from '../../../../../subgraphs/licensing/domain/reminders.js';
import { RISK_LEVELS } from '../../../../../subgraphs/licensing/domain/permits.js';

const DAY_MS = 86_400_000;
const now = new Date('2026-06-01T09:00:00.000Z');
const inDays = (days: number) => new Date(now.getTime() + days * DAY_MS).toISOString();

describe('reminder schedule', () => {
  it('reminds a HIGH-risk licence 120, 90, 60, 30, 14 and 7 days before expiry, escalating to a phone call', () => {
    const schedule = reminderSchedule({ riskLevel: 'HIGH', expiresAt: inDays(200), now });
    expect(schedule.map((r) => r.dueAt)).toEqual([80, 110, 140, 170, 186, 193].map(inDays));
    expect(schedule.map((r) => r.channel)).toEqual(['EMAIL', 'EMAIL', 'LETTER', 'SMS', 'SMS', 'PHONE_CALL']);
  });

  it('reminds a MEDIUM-risk licence 60, 30 and 7 days before expiry', () => {
    const schedule = reminderSchedule({ riskLevel: 'MEDIUM', expiresAt: inDays(200), now });
    expect(schedule.map((r) => r.dueAt)).toEqual([140, 170, 193].map(inDays));
    expect(schedule.map((r) => r.channel)).toEqual(['EMAIL', 'LETTER', 'SMS']);
  });

  it('reminds a LOW-risk licence by e-mail 30 and 7 days before expiry', () => {
    const schedule = reminderSchedule({ riskLevel: 'LOW', expiresAt: inDays(200), now });
    expect(schedule).toEqual([
      { dueAt: inDays(170), channel: 'EMAIL', sentAt: null },
      { dueAt: inDays(193), channel: 'EMAIL', sentAt: null },
    ]);
  });

  it('starts earlier and reminds more often the higher the risk', () => {
    const [low, medium, high] = RISK_LEVELS.map((riskLevel) => reminderSchedule({ riskLevel, expiresAt: inDays(300), now }));
    expect(high!.length).toBeGreaterThan(medium!.length);
    expect(medium!.length).toBeGreaterThan(low!.length);
    expect(high![0]!.dueAt < medium![0]!.dueAt).toBe(true);
    expect(medium![0]!.dueAt < low![0]!.dueAt).toBe(true);
  });

  it('ends every plan with a reminder a week before expiry, and lists reminders earliest first', () => {
    for (const level of RISK_LEVELS) {
      const days = REMINDER_PLAN[level].map((step) => step.daysBeforeExpiry);
      expect(days[days.length - 1]).toBe(7);
      expect([...days].sort((a, b) => b - a)).toEqual(days);
    }
  });

  it('counts a reminder whose time has passed as sent at its due time, and later ones as not sent yet', () => {
    const schedule = reminderSchedule({ riskLevel: 'HIGH', expiresAt: inDays(45), now });
    expect(schedule.map((r) => r.sentAt)).toEqual([inDays(-75), inDays(-45), inDays(-15), null, null, null]);
  });

  it('counts a reminder due exactly now as sent', () => {
    const [first] = reminderSchedule({ riskLevel: 'LOW', expiresAt: inDays(30), now });
    expect(first).toEqual({ dueAt: now.toISOString(), channel: 'EMAIL', sentAt: now.toISOString() });
  });

  it('never sends the reminders that fell due after the licence was renewed', () => {
    const schedule = reminderSchedule({ riskLevel: 'MEDIUM', expiresAt: inDays(-5), renewedAt: inDays(-20), now });
    expect(schedule.map((r) => r.sentAt)).toEqual([inDays(-65), inDays(-35), null]);
  });

  it('counts every past reminder of an expired licence that was not renewed as sent', () => {
    const schedule = reminderSchedule({ riskLevel: 'LOW', expiresAt: inDays(-30), renewedAt: null, now });
    expect(schedule.map((r) => r.sentAt)).toEqual([inDays(-60), inDays(-37)]);
  });
});
