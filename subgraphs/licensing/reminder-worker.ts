import type { ServiceCapabilities } from '../../consent/enforcement/subgraph-kit.js';
import type { Logger } from '../../platform/logger.js';
import { expiryRangesFor, stepToTake } from './domain/reminders.js';
import { gradeRisk } from './domain/risk.js';
import type { LicensingStore, ReminderRecord } from './store.js';

/** What the worker needs of the department's own processing: the outbox and its messages' status. */
export type ReminderSender = Pick<ServiceCapabilities, 'notify' | 'notificationStatus'>;

/** How many messages' status one tick asks the consent service about at most (its internal API takes 5,000). */
const STATUS_BATCH = 1000;
const ENQUEUE_BATCH = 1000;

export interface TickReport {
  /** Reminders taken in this tick: messages enqueued and call tasks opened. */
  queued: number;
  calls: number;
  /** Recorded reminders whose delivery status changed. */
  updated: number;
}

/**
 * Licence renewal reminders, delivered (issue 13): each tick takes every planned step that fell due since the last
 * tick (one per licence: the latest), enqueues e-mail and SMS steps in the city's outbox under the key
 * `reminder:<licence>:<dueAt>` as licensing's own processing (LICENSING; the consent service opens the owner's
 * address under LICENCE_REMINDER_CONTACT and logs it), opens a call task for a PHONE_CALL step, and then copies the
 * outbox's status of every message still on its way (attempts, last error, delivery time) into the reminder.
 *
 * Progress is a watermark (`checkedUntil`) moved only after the tick's steps were enqueued and recorded: a tick that
 * fails (consent down) is done again by the next, and the keys make a repeat a no-op. Steps that fell due before the
 * first tick ever (`onlineSince`) are never sent: the register did not send them, and a flood of late reminders
 * would help no one.
 */
export class ReminderWorker {
  constructor(
    private readonly store: LicensingStore,
    /** A fresh service caller per tick (each its own request id in the access log). */
    private readonly sender: () => ReminderSender,
    private readonly logger: Logger,
  ) {}

  async tick(now: Date = new Date()): Promise<TickReport> {
    const sender = this.sender();
    const watch = (await this.store.watch()) ?? { onlineSince: now.toISOString(), checkedUntil: now.toISOString() };
    let queued = 0;
    let calls = 0;
    const from = new Date(watch.checkedUntil);
    if (now > from) {
      const taken = await this.dueReminders(from, now);
      const messages = taken.filter((row) => row.channel === 'EMAIL' || row.channel === 'SMS');
      for (let start = 0; start < messages.length; start += ENQUEUE_BATCH) {
        await sender.notify(
          messages.slice(start, start + ENQUEUE_BATCH).map((row) => ({
            key: row.id,
            citizenId: row.citizenId,
            channel: row.channel as 'EMAIL' | 'SMS',
            template: 'LICENCE_REMINDER' as const,
            params: { licenceId: row.licenceId, expiresAt: row.expiresAt },
          })),
        );
      }
      await this.store.recordReminders(taken.map(({ expiresAt: _expiresAt, ...row }) => row));
      queued = messages.length;
      calls = taken.length - messages.length;
    }
    await this.store.saveWatch({ onlineSince: watch.onlineSince, checkedUntil: (now > from ? now : from).toISOString() });
    const updated = await this.copyDeliveryStatus(sender);
    if (queued || calls || updated) this.logger.info({ queued, calls, updated }, 'licence reminders');
    return { queued, calls, updated };
  }

  /** The step each licence takes in (from, until], graded as the graph grades it, ready to record. */
  private async dueReminders(from: Date, until: Date): Promise<Array<ReminderRecord & { expiresAt: string }>> {
    const licences = await this.store.expiringInRanges(expiryRangesFor(from, until));
    if (licences.length === 0) return [];
    const businessIds = [...new Set(licences.map((licence) => licence.businessId))];
    const [businesses, histories, inspections] = await Promise.all([
      this.store.businesses.getMany(businessIds),
      this.store.licencesOfBusinesses(businessIds),
      this.store.inspectionsOfBusinesses(businessIds),
    ]);
    const index = new Map(businessIds.map((id, i) => [id, { business: businesses[i], licences: histories[i]!, inspections: inspections[i]! }]));
    const rows: Array<ReminderRecord & { expiresAt: string }> = [];
    for (const licence of licences) {
      const record = index.get(licence.businessId);
      if (!record?.business) continue;
      const grade = gradeRisk(licence.permits, { licences: record.licences, inspections: record.inspections }, until);
      const step = stepToTake(licence, grade.level, from, until);
      if (!step) continue;
      rows.push({
        ...step,
        expiresAt: licence.expiresAt,
        businessId: licence.businessId,
        citizenId: record.business.citizenId,
        status: 'PENDING',
        attempts: 0,
        lastError: null,
        sentAt: null,
        queuedAt: until.toISOString(),
        handledBy: null,
      });
    }
    return rows;
  }

  /** Copies the outbox's status of messages still on their way; `sentAt` is the outbox's delivery time, nothing else. */
  private async copyDeliveryStatus(sender: ReminderSender): Promise<number> {
    const outstanding = await this.store.outstandingMessages(STATUS_BATCH);
    if (outstanding.length === 0) return 0;
    const answers = new Map((await sender.notificationStatus(outstanding.map((row) => row.id))).map((answer) => [answer.key, answer]));
    const changed: ReminderRecord[] = [];
    for (const row of outstanding) {
      const answer = answers.get(row.id);
      if (!answer) continue;
      const next: ReminderRecord = { ...row, status: answer.status, attempts: answer.attempts, lastError: answer.lastError, sentAt: answer.status === 'DELIVERED' ? answer.deliveredAt : null };
      if (next.status !== row.status || next.attempts !== row.attempts || next.lastError !== row.lastError || next.sentAt !== row.sentAt) changed.push(next);
    }
    await this.store.saveReminders(changed);
    return changed.length;
  }

  /** Ticks every `pollMs` until `signal` aborts; a failed tick is logged and done again by the next. */
  async run(signal: AbortSignal, pollMs: number): Promise<void> {
    while (!signal.aborted) {
      try {
        await this.tick();
      } catch (error) {
        this.logger.warn({ err: error }, 'licence reminder tick failed; the next tick takes its steps again');
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, pollMs);
        function done() {
          clearTimeout(timer);
          signal.removeEventListener('abort', done);
          resolve();
        }
        signal.addEventListener('abort', done);
      });
    }
  }
}
