import { describe, expect, it } from '@jest/globals';
import { afterCall, expiryRangesFor, REMINDER_LEAD_DAYS, REMINDER_PLAN, reminderSchedule, stepToTake, type ReminderFacts } from '../../../../../subgraphs/licensing/domain/reminders.js';
import { RISK_LEVELS } from '../../../../../subgraphs/licensing/domain/permits.js';

const DAY_MS = 86_400_000;
const now = new Date('2026-06-01T09:00:00.000Z');
const inDays = (days: number) => new Date(now.getTime() + days * DAY_MS).toISOString();
const licence = (expiresInDays: number, extra: Partial<{ renewedAt: string | null; status: 'ACTIVE' | 'SUSPENDED' }> = {}) => ({ id: 'L-00001', expiresAt: inDays(expiresInDays), renewedAt: null, status: 'ACTIVE' as const, ...extra });
const watching = { onlineSince: inDays(-400), checkedUntil: now.toISOString() };

describe('reminder plan', () => {
  it('reminds a HIGH-risk licence 120, 90, 60, 30, 14 and 7 days before expiry, escalating from e-mail to SMS to a phone call', () => {
    const schedule = reminderSchedule({ licence: licence(200), riskLevel: 'HIGH', facts: [], watch: watching, now });
    expect(schedule.map((r) => r.dueAt)).toEqual([80, 110, 140, 170, 186, 193].map(inDays));
    expect(schedule.map((r) => r.channel)).toEqual(['EMAIL', 'EMAIL', 'SMS', 'SMS', 'SMS', 'PHONE_CALL']);
  });

  it('reminds a MEDIUM-risk licence by e-mail 60 and 30 days before expiry and by SMS a week before', () => {
    const schedule = reminderSchedule({ licence: licence(200), riskLevel: 'MEDIUM', facts: [], watch: watching, now });
    expect(schedule.map((r) => r.dueAt)).toEqual([140, 170, 193].map(inDays));
    expect(schedule.map((r) => r.channel)).toEqual(['EMAIL', 'EMAIL', 'SMS']);
  });

  it('reminds a LOW-risk licence by e-mail 30 and 7 days before expiry, each SCHEDULED and not sent', () => {
    const schedule = reminderSchedule({ licence: licence(200), riskLevel: 'LOW', facts: [], watch: watching, now });
    expect(schedule).toEqual([
      { id: `reminder:L-00001:${inDays(170)}`, licenceId: 'L-00001', dueAt: inDays(170), channel: 'EMAIL', status: 'SCHEDULED', attempts: 0, lastError: null, sentAt: null },
      { id: `reminder:L-00001:${inDays(193)}`, licenceId: 'L-00001', dueAt: inDays(193), channel: 'EMAIL', status: 'SCHEDULED', attempts: 0, lastError: null, sentAt: null },
    ]);
  });

  it('starts earlier and reminds more often the higher the risk, and only HIGH gets a phone call', () => {
    const [low, medium, high] = RISK_LEVELS.map((riskLevel) => reminderSchedule({ licence: licence(300), riskLevel, facts: [], watch: watching, now }));
    expect(high!.length).toBeGreaterThan(medium!.length);
    expect(medium!.length).toBeGreaterThan(low!.length);
    expect(high![0]!.dueAt < medium![0]!.dueAt).toBe(true);
    expect(medium![0]!.dueAt < low![0]!.dueAt).toBe(true);
    expect([low, medium, high].map((s) => s!.some((r) => r.channel === 'PHONE_CALL'))).toEqual([false, false, true]);
  });

  it('ends every plan with a reminder a week before expiry, lists reminders earliest first, and sends no letters', () => {
    for (const level of RISK_LEVELS) {
      const days = REMINDER_PLAN[level].map((step) => step.daysBeforeExpiry);
      expect(days[days.length - 1]).toBe(7);
      expect([...days].sort((a, b) => b - a)).toEqual(days);
      expect(REMINDER_PLAN[level].some((step) => (step.channel as string) === 'LETTER')).toBe(false);
    }
    expect(REMINDER_LEAD_DAYS).toEqual([7, 14, 30, 60, 90, 120]);
  });
});

describe('reminder status: sentAt is a recorded delivery and nothing else', () => {
  it('never counts a reminder whose time has passed as sent without a recorded delivery (the old sentAt = dueAt)', () => {
    const schedule = reminderSchedule({ licence: licence(45), riskLevel: 'HIGH', facts: [], watch: { onlineSince: inDays(-30), checkedUntil: now.toISOString() }, now });
    expect(schedule.map((r) => r.sentAt)).toEqual([null, null, null, null, null, null]);
    // 120 and 90 days before: before reminders went online; 60 days before: passed over; the rest still to come.
    expect(schedule.map((r) => r.status)).toEqual(['MISSED', 'MISSED', 'MISSED', 'SCHEDULED', 'SCHEDULED', 'SCHEDULED']);
  });

  it('shows a step due since the worker last looked as DUE, and one due exactly now too', () => {
    const [first] = reminderSchedule({ licence: licence(30), riskLevel: 'LOW', facts: [], watch: { onlineSince: inDays(-1), checkedUntil: inDays(-0.001) }, now });
    expect(first).toMatchObject({ dueAt: now.toISOString(), status: 'DUE', sentAt: null });
  });

  it('shows MISSED for everything past when no worker ever ran', () => {
    const schedule = reminderSchedule({ licence: licence(20), riskLevel: 'LOW', facts: [], watch: null, now });
    expect(schedule.map((r) => r.status)).toEqual(['MISSED', 'SCHEDULED']);
  });

  it('takes status, attempts, last error and sentAt from what the worker recorded', () => {
    const dueAt = inDays(-10);
    const facts: ReminderFacts[] = [{ id: `reminder:L-00001:${dueAt}`, licenceId: 'L-00001', dueAt, channel: 'EMAIL', status: 'DELIVERED', attempts: 3, lastError: null, sentAt: inDays(-9.99) }];
    const [first] = reminderSchedule({ licence: licence(20), riskLevel: 'LOW', facts, watch: watching, now });
    expect(first).toMatchObject({ status: 'DELIVERED', attempts: 3, sentAt: inDays(-9.99) });
  });

  it('keeps a reminder taken under an earlier grade when the plan has changed since', () => {
    const dueAt = inDays(-50);
    const facts: ReminderFacts[] = [{ id: `reminder:L-00001:${dueAt}`, licenceId: 'L-00001', dueAt, channel: 'SMS', status: 'RETRYING', attempts: 2, lastError: 'HTTP_500', sentAt: null }];
    const schedule = reminderSchedule({ licence: licence(10), riskLevel: 'LOW', facts, watch: watching, now });
    expect(schedule.map((r) => [r.dueAt, r.status])).toEqual([[dueAt, 'RETRYING'], [inDays(-20), 'MISSED'], [inDays(3), 'SCHEDULED']]);
  });

  it('shows reminders that fell due after a renewal, or on a suspended licence, as NOT_NEEDED', () => {
    expect(reminderSchedule({ licence: licence(-5, { renewedAt: inDays(-20) }), riskLevel: 'MEDIUM', facts: [], watch: watching, now }).map((r) => r.status)).toEqual(['MISSED', 'MISSED', 'NOT_NEEDED']);
    expect(reminderSchedule({ licence: licence(10, { status: 'SUSPENDED' }), riskLevel: 'LOW', facts: [], watch: watching, now }).map((r) => r.status)).toEqual(['NOT_NEEDED', 'SCHEDULED']);
  });
});

describe('what the worker takes', () => {
  it('takes the latest step due in the window, one per licence: the most insistent, not a pile', () => {
    const step = stepToTake(licence(25), 'HIGH', new Date(Date.parse(inDays(-40))), now);
    expect(step).toMatchObject({ dueAt: inDays(-5), channel: 'SMS', id: `reminder:L-00001:${inDays(-5)}` });
  });

  it('takes nothing outside the window, and nothing for a renewed or suspended licence', () => {
    expect(stepToTake(licence(25), 'HIGH', new Date(Date.parse(inDays(-4))), now)).toBeUndefined();
    expect(stepToTake(licence(29.5, { renewedAt: inDays(-1) }), 'LOW', new Date(Date.parse(inDays(-1))), now)).toBeUndefined();
    expect(stepToTake(licence(29.5, { status: 'SUSPENDED' }), 'LOW', new Date(Date.parse(inDays(-1))), now)).toBeUndefined();
    expect(stepToTake(licence(29.5), 'LOW', new Date(Date.parse(inDays(-1))), now)).toMatchObject({ dueAt: inDays(-0.5) });
  });

  it('looks at licences expiring one lead time after the window, for every lead time', () => {
    const ranges = expiryRangesFor(new Date(inDays(-1)), now);
    expect(ranges).toEqual(REMINDER_LEAD_DAYS.map((d) => ({ after: inDays(d - 1), until: inDays(d) })));
  });
});

describe('a phone-call reminder', () => {
  it('is delivered when the owner is reached, stays open on no answer, and fails when unreachable; every call counts', () => {
    expect(afterCall({ attempts: 0 }, 'REACHED', now)).toEqual({ status: 'DELIVERED', attempts: 1, lastError: null, sentAt: now.toISOString() });
    expect(afterCall({ attempts: 1 }, 'NO_ANSWER', now)).toEqual({ status: 'RETRYING', attempts: 2, lastError: 'NO_ANSWER', sentAt: null });
    expect(afterCall({ attempts: 2 }, 'UNREACHABLE', now)).toEqual({ status: 'FAILED', attempts: 3, lastError: 'UNREACHABLE', sentAt: null });
  });
});
