import type { RiskLevel } from './permits.js';

/** LETTER stays in the SDL for old clients; no plan uses it, since nothing in the hub delivers post. */
export type ReminderChannel = 'EMAIL' | 'SMS' | 'LETTER' | 'PHONE_CALL';

/**
 * Where a reminder stands. SCHEDULED: still to come. DUE: its time has come and the worker takes it within a poll.
 * PENDING, SENDING, RETRYING, DELIVERED, FAILED, REFUSED: the outbox's status of the message (consent), or for a
 * phone call, the call task's (PENDING: to call; RETRYING: no answer yet; DELIVERED: reached; FAILED: not reachable).
 * MISSED: it fell due while no worker was watching (before reminders went online) or a later step went instead.
 * NOT_NEEDED: the licence was renewed or suspended before it fell due.
 */
export type ReminderStatus = 'SCHEDULED' | 'DUE' | 'PENDING' | 'SENDING' | 'RETRYING' | 'DELIVERED' | 'FAILED' | 'REFUSED' | 'MISSED' | 'NOT_NEEDED';

export interface ReminderStep {
  daysBeforeExpiry: number;
  channel: Exclude<ReminderChannel, 'LETTER'>;
}

/**
 * The renewal reminder plan per risk level, earliest first. Higher risk starts earlier, reminds more often and
 * escalates: e-mail, then SMS, then (HIGH only) a phone call by licensing staff a week before expiry.
 */
export const REMINDER_PLAN: Readonly<Record<RiskLevel, readonly ReminderStep[]>> = {
  HIGH: [
    { daysBeforeExpiry: 120, channel: 'EMAIL' },
    { daysBeforeExpiry: 90, channel: 'EMAIL' },
    { daysBeforeExpiry: 60, channel: 'SMS' },
    { daysBeforeExpiry: 30, channel: 'SMS' },
    { daysBeforeExpiry: 14, channel: 'SMS' },
    { daysBeforeExpiry: 7, channel: 'PHONE_CALL' },
  ],
  MEDIUM: [
    { daysBeforeExpiry: 60, channel: 'EMAIL' },
    { daysBeforeExpiry: 30, channel: 'EMAIL' },
    { daysBeforeExpiry: 7, channel: 'SMS' },
  ],
  LOW: [
    { daysBeforeExpiry: 30, channel: 'EMAIL' },
    { daysBeforeExpiry: 7, channel: 'EMAIL' },
  ],
};

/** Every lead time any plan uses, in days: the worker looks for licences expiring that far after each moment. */
export const REMINDER_LEAD_DAYS: readonly number[] = [...new Set(Object.values(REMINDER_PLAN).flatMap((plan) => plan.map((step) => step.daysBeforeExpiry)))].sort((a, b) => a - b);

const DAY_MS = 86_400_000;

/** The reminder's id, and the notification's idempotency key: one message per licence and due time, ever. */
export function reminderId(licenceId: string, dueAt: string): string {
  return `reminder:${licenceId}:${dueAt}`;
}

/** One planned step of one licence. */
export interface PlannedReminder {
  id: string;
  licenceId: string;
  dueAt: string;
  channel: ReminderStep['channel'];
}

/** The licence's planned reminders at its risk level, earliest first. */
export function plannedReminders(licence: { id: string; expiresAt: string }, riskLevel: RiskLevel): PlannedReminder[] {
  const expiry = Date.parse(licence.expiresAt);
  return REMINDER_PLAN[riskLevel].map(({ daysBeforeExpiry, channel }) => {
    const dueAt = new Date(expiry - daysBeforeExpiry * DAY_MS).toISOString();
    return { id: reminderId(licence.id, dueAt), licenceId: licence.id, dueAt, channel };
  });
}

/** What the worker has done with one reminder (licensing's store): its delivery as consent last reported it. */
export interface ReminderFacts {
  id: string;
  licenceId: string;
  dueAt: string;
  channel: ReminderChannel;
  status: Exclude<ReminderStatus, 'SCHEDULED' | 'DUE' | 'MISSED' | 'NOT_NEEDED'>;
  attempts: number;
  lastError: string | null;
  /** When it reached the citizen (the outbox's deliveredAt; for a call, when staff reached them); null until then. */
  sentAt: string | null;
}

/** How far the reminder worker got: online since `onlineSince`, and has taken every step due up to `checkedUntil`. */
export interface ReminderWatch {
  onlineSince: string;
  checkedUntil: string;
}

/** A reminder as the graph shows it. */
export interface Reminder {
  id: string;
  licenceId: string;
  dueAt: string;
  channel: ReminderChannel;
  status: ReminderStatus;
  attempts: number;
  lastError: string | null;
  sentAt: string | null;
}

export interface ReminderScheduleInput {
  licence: { id: string; expiresAt: string; renewedAt: string | null; status: 'ACTIVE' | 'SUSPENDED' };
  riskLevel: RiskLevel;
  /** What the worker recorded for this licence (any order). */
  facts: readonly ReminderFacts[];
  /** Null when no worker has run yet. */
  watch: ReminderWatch | null;
  now: Date;
}

/**
 * The reminders of one licence, earliest first: the current plan's steps, with what the worker recorded for each,
 * and any recorded reminder of an earlier plan (the grade changed since). `sentAt` is only ever a recorded delivery:
 * a reminder whose time has passed without one shows why (DUE, MISSED, NOT_NEEDED), never as sent.
 */
export function reminderSchedule({ licence, riskLevel, facts, watch, now }: ReminderScheduleInput): Reminder[] {
  const recorded = new Map(facts.map((fact) => [fact.id, fact]));
  const planned = plannedReminders(licence, riskLevel);
  const reminders: Reminder[] = planned.map((step) => {
    const fact = recorded.get(step.id);
    if (fact) return fromFacts(fact);
    return { ...step, status: unrecordedStatus(step.dueAt, licence, watch, now), attempts: 0, lastError: null, sentAt: null };
  });
  const plannedIds = new Set(planned.map((step) => step.id));
  for (const fact of facts) if (!plannedIds.has(fact.id)) reminders.push(fromFacts(fact));
  return reminders.sort((a, b) => a.dueAt.localeCompare(b.dueAt));
}

function fromFacts(fact: ReminderFacts): Reminder {
  const { id, licenceId, dueAt, channel, status, attempts, lastError, sentAt } = fact;
  return { id, licenceId, dueAt, channel, status, attempts, lastError, sentAt };
}

function unrecordedStatus(dueAt: string, licence: ReminderScheduleInput['licence'], watch: ReminderWatch | null, now: Date): ReminderStatus {
  const due = Date.parse(dueAt);
  if (due > now.getTime()) return 'SCHEDULED';
  if ((licence.renewedAt && Date.parse(licence.renewedAt) <= due) || licence.status === 'SUSPENDED') return 'NOT_NEEDED';
  if (!watch || due < Date.parse(watch.onlineSince) || due <= Date.parse(watch.checkedUntil)) return 'MISSED';
  return 'DUE';
}

/**
 * The step the worker takes for one licence in the window (from, until]: the latest planned step due in it, if the
 * licence still needs reminding (active, not renewed). Earlier steps in the same window are passed over (MISSED):
 * after a pause, the citizen gets the most insistent reminder due, not a pile of them.
 */
export function stepToTake(
  licence: ReminderScheduleInput['licence'],
  riskLevel: RiskLevel,
  from: Date,
  until: Date,
): PlannedReminder | undefined {
  if (licence.status !== 'ACTIVE' || licence.renewedAt) return undefined;
  const inWindow = plannedReminders(licence, riskLevel).filter((step) => Date.parse(step.dueAt) > from.getTime() && Date.parse(step.dueAt) <= until.getTime());
  return inWindow[inWindow.length - 1];
}

/** The licences to look at for steps due in (from, until]: those expiring in (from + lead, until + lead] for some lead. */
export function expiryRangesFor(from: Date, until: Date): Array<{ after: string; until: string }> {
  return REMINDER_LEAD_DAYS.map((days) => ({
    after: new Date(from.getTime() + days * DAY_MS).toISOString(),
    until: new Date(until.getTime() + days * DAY_MS).toISOString(),
  }));
}

export type CallOutcome = 'REACHED' | 'NO_ANSWER' | 'UNREACHABLE';

/** Whether a reminder is a phone call still to be made (open in `openReminderCalls`). */
export function isOpenCall(fact: Pick<ReminderFacts, 'channel' | 'status'>): boolean {
  return fact.channel === 'PHONE_CALL' && (fact.status === 'PENDING' || fact.status === 'RETRYING');
}

/**
 * What a call's outcome makes of the reminder: REACHED delivers it now (its `sentAt`), NO_ANSWER leaves it open for
 * another try, UNREACHABLE closes it as failed. Every call counts as an attempt.
 */
export function afterCall(fact: Pick<ReminderFacts, 'attempts'>, outcome: CallOutcome, now: Date): Pick<ReminderFacts, 'status' | 'attempts' | 'lastError' | 'sentAt'> {
  const attempts = fact.attempts + 1;
  if (outcome === 'REACHED') return { status: 'DELIVERED', attempts, lastError: null, sentAt: now.toISOString() };
  if (outcome === 'NO_ANSWER') return { status: 'RETRYING', attempts, lastError: 'NO_ANSWER', sentAt: null };
  return { status: 'FAILED', attempts, lastError: 'UNREACHABLE', sentAt: null };
}
