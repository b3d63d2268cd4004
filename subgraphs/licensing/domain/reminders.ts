import type { RiskLevel } from './permits.js';

export type ReminderChannel = 'EMAIL' | 'SMS' | 'LETTER' | 'PHONE_CALL';

export interface ReminderStep {
  daysBeforeExpiry: number;
  channel: ReminderChannel;
}

export interface Reminder {
  dueAt: string;
  channel: ReminderChannel;
  sentAt: string | null;
}

/**
 * The renewal reminder plan per risk level, earliest first. Higher risk starts earlier, reminds more often and
 * escalates from e-mail to a phone call; a low-risk licence gets two e-mails.
 */
export const REMINDER_PLAN: Readonly<Record<RiskLevel, readonly ReminderStep[]>> = {
  HIGH: [
    { daysBeforeExpiry: 120, channel: 'EMAIL' },
    { daysBeforeExpiry: 90, channel: 'EMAIL' },
    { daysBeforeExpiry: 60, channel: 'LETTER' },
    { daysBeforeExpiry: 30, channel: 'SMS' },
    { daysBeforeExpiry: 14, channel: 'SMS' },
    { daysBeforeExpiry: 7, channel: 'PHONE_CALL' },
  ],
  MEDIUM: [
    { daysBeforeExpiry: 60, channel: 'EMAIL' },
    { daysBeforeExpiry: 30, channel: 'LETTER' },
    { daysBeforeExpiry: 7, channel: 'SMS' },
  ],
  LOW: [
    { daysBeforeExpiry: 30, channel: 'EMAIL' },
    { daysBeforeExpiry: 7, channel: 'EMAIL' },
  ],
};

const DAY_MS = 86_400_000;

export interface ReminderScheduleInput {
  riskLevel: RiskLevel;
  expiresAt: string;
  /** When a newer licence superseded this one; reminders falling due from then on are never sent. */
  renewedAt?: string | null;
  now: Date;
}

/**
 * The reminder schedule of one licence, earliest first. A reminder whose due time has passed counts as sent at
 * that time (sentAt = dueAt), unless the licence had been renewed by then: a renewed licence needs no reminder.
 */
export function reminderSchedule({ riskLevel, expiresAt, renewedAt, now }: ReminderScheduleInput): Reminder[] {
  const expiry = Date.parse(expiresAt);
  const renewal = renewedAt ? Date.parse(renewedAt) : Number.POSITIVE_INFINITY;
  const current = now.getTime();
  return REMINDER_PLAN[riskLevel].map(({ daysBeforeExpiry, channel }) => {
    const due = expiry - daysBeforeExpiry * DAY_MS;
    const dueAt = new Date(due).toISOString();
    const sent = due <= current && due < renewal;
    return { dueAt, channel, sentAt: sent ? dueAt : null };
  });
}
