import { randomUUID } from 'node:crypto';
import { BadUserInputError, ForbiddenError } from '../../platform/errors.js';
import type { Logger } from '../../platform/logger.js';
import { metricsFor } from '../../platform/metrics.js';
import type { Purpose } from '../../platform/principal.js';
import type { Department } from '../../platform/services.js';
import {
  afterAttempt,
  CONTACT_FIELD,
  HOME_DISTRICT_FIELD,
  isCitizenChannel,
  PARTNER_TOPICS,
  PARTNER_WEBHOOK,
  type DeliveryChannel,
  type NotificationAudience,
  type NotificationChannel,
  type PartnerTopic,
} from '../domain/notifications.js';
import { createCapabilities, serviceCaller } from '../enforcement/department-capabilities.js';
import { personalFieldsOf } from '../enforcement/subgraph-kit.js';
import type { ConsentAuthority } from '../enforcement/types.js';
import type { Channel } from '../notify/channels.js';
import { checkParams, render, titleOf, type TemplateId } from '../notify/templates.js';
import type { StatutePolicy } from '../policy/statutes.js';
import type { CitizenNotificationRecord, ConsentStore, NotificationBroadcastRecord, NotificationRecord } from '../subgraph/store.js';

/**
 * What a department asks to have sent: its own idempotency key, whom (a citizen, or an audience the consent service
 * resolves), on which channel, which template.
 */
export type NotificationRequest =
  | { key: string; citizenId: string; channel: NotificationChannel; template: TemplateId; params: unknown }
  | { key: string; audience: NotificationAudience; channel?: NotificationChannel; template: TemplateId; params: unknown };

/** Citizens whose home district one decision batch opens (a page of the citizen register). */
const RESIDENT_PAGE = 2_000;

/** What a department learns about one of its own messages (`statusOf`). */
export interface NotificationStatusAnswer {
  key: string;
  status: NotificationRecord['status'];
  attempts: number;
  lastError: string | null;
  deliveredAt: string | null;
}

const OUTCOMES = metricsFor('consent').counter('citygraph_notification_attempts_total', 'Notification delivery attempts, by channel and outcome.', ['channel', 'outcome']);

/** How many messages one worker sends at once (SMTP pool connections and webhook requests in flight). */
const CONCURRENCY = 64;

/**
 * The city's one notification mechanism (ARCHITECTURE §4, one door): departments enqueue into an outbox in the
 * consent store; workers claim due messages under a lease, open each citizen's contact field as the requesting
 * department's service under the statute that names it (a decision and an access-log entry per delivery), and send.
 * Delivery is at least once: a worker that dies after sending and before recording leaves its claim to expire and
 * the message to be sent again with the same id, which receivers use to drop the repeat.
 */
export class NotificationService {
  /** Wakes a waiting worker when something is enqueued (set while it waits). */
  private wake: (() => void) | undefined;

  constructor(
    private readonly store: ConsentStore,
    private readonly authority: ConsentAuthority,
    private readonly statutes: StatutePolicy,
    private readonly channels: Partial<Record<DeliveryChannel, Channel>>,
    private readonly limits: { maxAttempts: number; leaseMs: number },
    private readonly logger: Logger,
    private readonly clock: () => Date = () => new Date(),
    private readonly random: () => number = Math.random,
  ) {}

  /**
   * Accepts messages from a department's own processing. Refused as a whole (FORBIDDEN) when no statute names the
   * channel's contact field for this department and purpose, and (BAD_USER_INPUT) when a template's parameters do
   * not fit. A key already enqueued is kept as it is. Citizens are not checked here: an unknown or erased one is
   * refused at delivery, so the answer tells the department nothing about who exists.
   */
  async enqueue(department: Department, purpose: Purpose, requests: readonly NotificationRequest[]): Promise<{ accepted: number }> {
    const now = this.clock().toISOString();
    const records: NotificationRecord[] = [];
    const broadcasts: NotificationBroadcastRecord[] = [];
    for (const request of requests) {
      const params = checkParams(request.template, request.params);
      if (!params) throw new BadUserInputError(`The parameters do not fit the template ${request.template}.`, { argument: 'params' });
      const core = { id: `${department}:${request.key}`, department, purpose, template: request.template, params, attempts: 0, nextAttemptAt: now, createdAt: now };
      if ('citizenId' in request) {
        records.push({ ...core, citizenId: request.citizenId, statute: this.statuteFor(department, purpose, CONTACT_FIELD[request.channel]), channel: request.channel, status: 'PENDING' });
      } else if ('residentsOf' in request.audience) {
        // Finding the residents opens every citizen's home district: the law must name that field too.
        const channel = request.channel ?? 'EMAIL';
        const audienceStatute = this.statuteFor(department, purpose, HOME_DISTRICT_FIELD);
        broadcasts.push({ ...core, audience: request.audience, audienceStatute, statute: this.statuteFor(department, purpose, CONTACT_FIELD[channel]), channel, status: 'PENDING' });
      } else {
        const publishers: readonly string[] = PARTNER_TOPICS[request.audience.partnersSubscribedTo];
        if (!publishers.includes(department)) throw new ForbiddenError(`${department} does not publish ${request.audience.partnersSubscribedTo}.`);
        broadcasts.push({ ...core, audience: request.audience, audienceStatute: '', statute: '', channel: PARTNER_WEBHOOK, status: 'PENDING' });
      }
    }
    const accepted = (records.length > 0 ? await this.store.notifications.insertMany(records, { ignoreDuplicates: true }) : 0)
      + (broadcasts.length > 0 ? await this.store.notificationBroadcasts.insertMany(broadcasts, { ignoreDuplicates: true }) : 0);
    if (accepted > 0) this.wake?.();
    return { accepted };
  }

  /** The statute naming `Citizen.<field>` for the department and purpose; FORBIDDEN (the whole request refused) without one. */
  private statuteFor(department: Department, purpose: Purpose, field: string): string {
    const statute = this.statutes.find(department, `Citizen.${field}`, purpose);
    if (!statute) throw new ForbiddenError(`No statute lets ${department} use Citizen.${field} for ${purpose}.`);
    return statute.id;
  }

  /**
   * Expands due broadcasts into one message per recipient, under a lease like messages (a worker that dies leaves
   * the broadcast to be expanded again; recipients' ids make that add nothing). Answers how many it took.
   */
  async expandDue(limit = 4): Promise<number> {
    const now = this.clock();
    const due = await this.store.notificationBroadcasts.find(
      { status: { $in: ['PENDING', 'EXPANDING'] }, nextAttemptAt: { $lte: now.toISOString() } },
      { sort: [['nextAttemptAt', 1]], limit },
    );
    if (due.length === 0) return 0;
    const leaseEnd = new Date(now.getTime() + this.limits.leaseMs).toISOString();
    const claimed = due.map((record) => ({ ...record, status: 'EXPANDING' as const, attempts: record.attempts + 1, nextAttemptAt: leaseEnd }));
    await this.store.notificationBroadcasts.upsertMany(claimed);
    for (const broadcast of claimed) {
      const recipients = 'residentsOf' in broadcast.audience ? await this.residentsOf(broadcast, broadcast.audience.residentsOf) : await this.subscribersOf(broadcast.audience.partnersSubscribedTo);
      const records = recipients.map((recipient): NotificationRecord => ({
        id: `${broadcast.id}:${'partnerId' in recipient ? recipient.partnerId : recipient.citizenId}`,
        ...recipient,
        department: broadcast.department,
        purpose: broadcast.purpose,
        statute: broadcast.statute,
        channel: broadcast.channel,
        template: broadcast.template,
        params: broadcast.params,
        status: 'PENDING',
        attempts: 0,
        nextAttemptAt: broadcast.createdAt,
        createdAt: broadcast.createdAt,
      }));
      for (let i = 0; i < records.length; i += 5_000) await this.store.notifications.insertMany(records.slice(i, i + 5_000), { ignoreDuplicates: true });
      await this.store.notificationBroadcasts.upsert({ ...broadcast, status: 'DONE', recipients: records.length, expandedAt: this.clock().toISOString() });
    }
    return claimed.length;
  }

  /**
   * The citizens whose sealed home district is `districtId`: every citizen's district is opened through the door as
   * the department's service for the broadcast's purpose, a page of citizens per batched decision, each opening an
   * entry in that citizen's access log (residents and everyone else alike: finding who lives in D-02 means looking
   * at every district). No index of districts is kept or used.
   */
  async residentsOf(broadcast: Pick<NotificationBroadcastRecord, 'department' | 'purpose'>, districtId: string): Promise<Array<{ citizenId: string }>> {
    const door = createCapabilities('consent', this.authority, serviceCaller(broadcast.department, broadcast.purpose, `notify-${randomUUID()}`), personalFieldsOf('consent'), this.logger);
    const residents: Array<{ citizenId: string }> = [];
    let after = '';
    for (;;) {
      const page = await this.store.citizens.find(after ? { id: { $gt: after } } : {}, { sort: [['id', 1]], limit: RESIDENT_PAGE });
      if (page.length === 0) break;
      after = page[page.length - 1]!.id;
      const { Citizen: opened } = await door.personal.open({ Citizen: page.map((c) => ({ id: c.id, [HOME_DISTRICT_FIELD]: c.homeDistrict ?? null })) });
      for (const citizen of opened) if (citizen[HOME_DISTRICT_FIELD] === districtId) residents.push({ citizenId: citizen.id });
      if (page.length < RESIDENT_PAGE) break;
    }
    return residents;
  }

  /** The partners subscribed to the broadcast's topic. */
  private async subscribersOf(topic: PartnerTopic): Promise<Array<{ citizenId: string; partnerId: string; topic: PartnerTopic }>> {
    const partners = await this.store.grantees.find({ kind: 'PARTNER' });
    return partners.filter((p) => p.subscriptions?.some((s) => s.topic === topic)).map((p) => ({ citizenId: '', partnerId: p.id, topic }));
  }

  /**
   * Takes up to `limit` due messages for this worker: each gets one more attempt and a lease (its `nextAttemptAt`
   * moves to the lease's end, so a message whose worker died becomes due again by itself). Two workers racing may
   * both take one message: it is then sent twice, with one id, which at-least-once delivery allows.
   */
  async claim(limit: number): Promise<NotificationRecord[]> {
    const now = this.clock();
    const due = await this.store.notifications.find(
      { status: { $in: ['PENDING', 'RETRYING', 'SENDING'] }, nextAttemptAt: { $lte: now.toISOString() } },
      { sort: [['nextAttemptAt', 1]], limit },
    );
    if (due.length === 0) return [];
    const leaseEnd = new Date(now.getTime() + this.limits.leaseMs).toISOString();
    const claimed = due.map((record) => ({ ...record, status: 'SENDING' as const, attempts: record.attempts + 1, nextAttemptAt: leaseEnd }));
    await this.store.notifications.upsertMany(claimed);
    return claimed;
  }

  /** Sends claimed messages and records each outcome (one store write for the batch). */
  async deliver(claimed: readonly NotificationRecord[]): Promise<void> {
    const addresses = await this.openAddresses(claimed);
    const outcomes = new Map<string, Partial<NotificationRecord>>();
    const queue = [...claimed];
    const sendNext = async (): Promise<void> => {
      for (let record = queue.shift(); record; record = queue.shift()) {
        const now = this.clock();
        const address = addresses.get(record.id);
        if (typeof address !== 'string') {
          // Refused by the law or nothing to send to: no attempt can change that, so no retry.
          outcomes.set(record.id, { status: 'REFUSED', lastError: address?.refused ?? 'NO_CONTACT' });
          OUTCOMES.inc({ channel: record.channel, outcome: 'REFUSED' });
          continue;
        }
        const channel = this.channels[record.channel];
        const outcome = channel
          ? await channel.send({
              id: record.id,
              to: address,
              subject: `${titleOf(record.template, 'EN')} / ${titleOf(record.template, 'ZH_HANS')}`,
              text: `${render(record.template, record.params, 'EN')}\n\n${render(record.template, record.params, 'ZH_HANS')}\n`,
              ...(record.partnerId ? { partnerId: record.partnerId, event: { topic: record.topic ?? '', template: record.template, params: record.params } } : {}),
            })
          : { delivered: false as const, error: 'CHANNEL_NOT_CONFIGURED', permanent: false };
        outcomes.set(record.id, afterAttempt(record.attempts, this.limits.maxAttempts, outcome, this.clock(), this.random()));
        OUTCOMES.inc({ channel: record.channel, outcome: outcome.delivered ? 'DELIVERED' : outcome.error });
        if (!outcome.delivered) this.logger.warn({ notification: record.id, attempt: record.attempts, error: outcome.error, at: now.toISOString() }, 'notification not delivered');
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, claimed.length) }, sendNext));
    await this.store.notifications.upsertMany(claimed.map((record) => ({ ...record, ...outcomes.get(record.id) })));
  }

  /**
   * The contact field of each message's citizen, opened as the requesting department's service for its purpose:
   * one batched decision per (department, purpose, channel), each release an entry in the citizen's access log
   * (written before anything is answered). A refusal answers its code instead of an address.
   */
  private async openAddresses(claimed: readonly NotificationRecord[]): Promise<Map<string, string | { refused: string } | undefined>> {
    const groups = new Map<string, NotificationRecord[]>();
    for (const record of claimed) {
      const group = `${record.department}|${record.purpose}|${record.channel}`;
      groups.set(group, [...(groups.get(group) ?? []), record]);
    }
    const addresses = new Map<string, string | { refused: string } | undefined>();
    for (const records of groups.values()) {
      const { department, purpose, channel } = records[0]!;
      if (!isCitizenChannel(channel)) {
        // A partner's webhook: its subscription's URL, no personal value, so no decision (an unsubscribed partner gets nothing).
        const partners = await this.store.grantees.getMany([...new Set(records.map((r) => r.partnerId ?? ''))]);
        for (const record of records) {
          const partner = partners.find((p) => p?.id === record.partnerId);
          addresses.set(record.id, partner?.subscriptions?.find((s) => s.topic === record.topic)?.url ?? { refused: 'NOT_SUBSCRIBED' });
        }
        continue;
      }
      const field = CONTACT_FIELD[channel];
      const citizenIds = [...new Set(records.map((r) => r.citizenId))];
      const stored = await this.store.citizens.getMany(citizenIds);
      const known = stored.filter((c) => c !== null);
      const door = createCapabilities('consent', this.authority, serviceCaller(department, purpose, `notify-${randomUUID()}`), personalFieldsOf('consent'), this.logger);
      const { Citizen: opened } = await door.personal.open({ Citizen: known.map((c) => ({ id: c.id, [field]: c[field] ?? null })) });
      const byCitizen = new Map(opened.map((c) => [c.id, c]));
      for (const record of records) {
        const citizen = byCitizen.get(record.citizenId);
        const value = citizen?.[field];
        addresses.set(record.id, typeof value === 'string' && value !== '' ? value : citizen?.refused ? { refused: citizen.refused } : undefined);
      }
    }
    return addresses;
  }

  /** Claims and delivers one batch; answers how many messages it took. */
  async runOnce(limit = 200): Promise<number> {
    const expanded = await this.expandDue();
    const claimed = await this.claim(limit);
    if (claimed.length > 0) await this.deliver(claimed);
    return expanded + claimed.length;
  }

  /**
   * Delivers until `signal` aborts: batch after batch while messages are due, then waits for an enqueue or for the
   * next poll (retries and expired leases become due with time, not with an event).
   */
  async work(signal: AbortSignal, pollMs = 1000): Promise<void> {
    while (!signal.aborted) {
      let taken = 0;
      try {
        taken = await this.runOnce();
      } catch (error) {
        this.logger.error({ err: error }, 'notification batch failed; its messages will be taken again when their lease ends');
      }
      if (taken > 0 || signal.aborted) continue;
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          signal.removeEventListener('abort', done);
          this.wake = undefined;
          resolve();
        };
        const timer = setTimeout(done, pollMs);
        signal.addEventListener('abort', done);
        this.wake = done;
      });
    }
  }

  /** Closes the channels (the SMTP pool). */
  async close(): Promise<void> {
    await Promise.all(Object.values(this.channels).map((channel) => channel.close()));
  }

  /**
   * A department's own messages by its keys (unknown keys are left out): status, attempts, last error and delivery
   * time, so that it can show what became of what it sent. A refusal answers UNREACHABLE whatever its cause (no
   * address, erased, unknown): the department learns that the message did not go out, not who exists.
   */
  async statusOf(department: Department, keys: readonly string[]): Promise<NotificationStatusAnswer[]> {
    const prefix = `${department}:`;
    const records = await this.store.notifications.getMany(keys.map((key) => `${prefix}${key}`));
    return records
      .filter((record): record is NotificationRecord => record !== null && record.department === department)
      .map((record) => ({
        key: record.id.slice(prefix.length),
        status: record.status,
        attempts: record.attempts,
        lastError: record.status === 'REFUSED' ? 'UNREACHABLE' : (record.lastError ?? null),
        deliveredAt: record.deliveredAt ?? null,
      }));
  }

  /** A citizen's notifications, newest first. */
  async listFor(citizenId: string, first: number): Promise<CitizenNotificationRecord[]> {
    const records = await this.store.notifications.find({ citizenId }, { sort: [['createdAt', -1]], limit: first });
    return records.filter((record): record is CitizenNotificationRecord => isCitizenChannel(record.channel));
  }
}
