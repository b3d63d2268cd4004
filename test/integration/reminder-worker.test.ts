import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadConfig } from '../../platform/config.js';
import { createLogger } from '../../platform/logger.js';
import { openStore } from '../../platform/store/index.js';
import type { Store } from '../../platform/store/types.js';
import { ReminderWorker, type ReminderSender } from '../../subgraphs/licensing/reminder-worker.js';
import { LicensingStore } from '../../subgraphs/licensing/store.js';

/**
 * The reminder worker's steps against a real SQLite store, its clock given per tick: what it takes when, that a
 * failed enqueue is taken again, and that `sentAt` comes from the outbox's delivery time. The sender stands in for
 * the consent service here; test/integration/licence-reminders.test.ts runs the real one end to end.
 */
const DAY_MS = 86_400_000;
const start = new Date('2026-06-01T09:00:00.000Z');
const at = (ms: number) => new Date(start.getTime() + ms);

let dir: string;
let raw: Store;
let store: LicensingStore;

/** Records what the worker enqueued; answers statuses set by the test; fails while `down`. */
function recordingSender() {
  const enqueued: Array<{ key: string; citizenId: string; channel: string; params: Record<string, string> }> = [];
  const statuses = new Map<string, Awaited<ReturnType<ReminderSender['notificationStatus']>>[number]>();
  let down = false;
  const sender: ReminderSender = {
    async notify(items) {
      if (down) throw new Error('consent unavailable');
      // Licensing addresses each reminder to its owner (never an audience).
      for (const item of items) {
        if (!('citizenId' in item)) throw new Error(`reminder ${item.key} is not addressed to a citizen`);
        enqueued.push({ key: item.key, citizenId: item.citizenId, channel: item.channel, params: item.params });
      }
      return { accepted: items.length };
    },
    async notificationStatus(keys) {
      if (down) throw new Error('consent unavailable');
      return keys.flatMap((key) => (statuses.has(key) ? [statuses.get(key)!] : []));
    },
  };
  return { sender, enqueued, statuses, setDown: (value: boolean) => (down = value) };
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'citygraph-reminder-worker-'));
  raw = await openStore(loadConfig({ NODE_ENV: 'test', HUB_DATA_DIR: dir, HUB_LOG_LEVEL: 'silent' }), 'licensing');
  store = await LicensingStore.open(raw);
  const business = await store.createBusiness({ citizenId: 'C-0002', name: 'Corner Bakery', tradingAddress: '1 Mill Lane', districtId: 'D-01', createdAt: start.toISOString() });
  // MEDIUM (food): e-mail 60 and 30 days before expiry, SMS 7 days before. Expiry 30 days + 1 minute after start,
  // so the 30-day e-mail falls due a minute after the first tick.
  await store.licences.insert({ id: 'L-00001', businessId: business.id, permits: ['FOOD_BUSINESS'], status: 'ACTIVE', issuedAt: at(-300 * DAY_MS).toISOString(), expiresAt: at(30 * DAY_MS + 60_000).toISOString(), renewedAt: null, applicationId: null });
});

afterAll(async () => {
  await raw?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the licence reminder worker', () => {
  const test = recordingSender();
  const workerOf = () => new ReminderWorker(store, () => test.sender, createLogger({ service: 'test', level: 'silent' }));

  it('starts watching at its first tick and sends nothing that fell due before (the 60-day e-mail)', async () => {
    expect(await workerOf().tick(at(0))).toEqual({ queued: 0, calls: 0, updated: 0 });
    expect(await store.watch()).toMatchObject({ onlineSince: start.toISOString(), checkedUntil: start.toISOString() });
    expect(test.enqueued).toEqual([]);
  });

  it('takes nothing before a step falls due, then enqueues it once under its key when it does', async () => {
    expect((await workerOf().tick(at(30_000))).queued).toBe(0);
    expect((await workerOf().tick(at(61_000))).queued).toBe(1);
    const dueAt = at(60_000).toISOString();
    expect(test.enqueued).toEqual([{ key: `reminder:L-00001:${dueAt}`, citizenId: 'C-0002', channel: 'EMAIL', params: { licenceId: 'L-00001', expiresAt: at(30 * DAY_MS + 60_000).toISOString() } }]);
    expect((await workerOf().tick(at(62_000))).queued).toBe(0);
    expect(await store.reminders.find()).toMatchObject([{ id: `reminder:L-00001:${dueAt}`, status: 'PENDING', sentAt: null, queuedAt: at(61_000).toISOString() }]);
  });

  it('copies the outbox status: attempts and last error while it retries, sentAt only when delivered', async () => {
    const [row] = await store.reminders.find();
    test.statuses.set(row!.id, { key: row!.id, status: 'RETRYING', attempts: 2, lastError: 'SMTP_421', deliveredAt: null });
    expect((await workerOf().tick(at(63_000))).updated).toBe(1);
    expect(await store.reminders.get(row!.id)).toMatchObject({ status: 'RETRYING', attempts: 2, lastError: 'SMTP_421', sentAt: null });
    const deliveredAt = at(64_500).toISOString();
    test.statuses.set(row!.id, { key: row!.id, status: 'DELIVERED', attempts: 3, lastError: null, deliveredAt });
    expect((await workerOf().tick(at(65_000))).updated).toBe(1);
    expect(await store.reminders.get(row!.id)).toMatchObject({ status: 'DELIVERED', attempts: 3, lastError: null, sentAt: deliveredAt });
    // Delivered is final: it is not asked about again.
    expect(await store.outstandingMessages(10)).toEqual([]);
  });

  it('takes a step again after a tick failed to enqueue it, and does not move on while the outbox is down', async () => {
    // The 7-day SMS falls due 23 days + 1 minute after start.
    const due = 23 * DAY_MS + 60_000;
    test.setDown(true);
    await expect(workerOf().tick(at(due + 1000))).rejects.toThrow('consent unavailable');
    expect((await store.watch())!.checkedUntil).toBe(at(65_000).toISOString());
    test.setDown(false);
    expect((await workerOf().tick(at(due + 2000))).queued).toBe(1);
    expect(test.enqueued.map((e) => e.channel)).toEqual(['EMAIL', 'SMS']);
  });

  it('takes only the latest step after a long pause: one reminder, not a pile', async () => {
    await store.licences.insert({ id: 'L-00002', businessId: 'B-0001', permits: ['LIQUOR_RETAIL'], status: 'ACTIVE', issuedAt: at(0).toISOString(), expiresAt: at(24 * DAY_MS + 200 * DAY_MS).toISOString(), renewedAt: null, applicationId: null });
    // From 24 days to 224 - 13 days after start: the HIGH plan's steps at 120, 90, 60, 30 and 14 days fall in the window.
    const before = test.enqueued.length;
    expect(await workerOf().tick(at(24 * DAY_MS + 187 * DAY_MS))).toEqual({ queued: 1, calls: 0, updated: 0 });
    expect(test.enqueued.slice(before).map((e) => [e.key, e.channel])).toEqual([[`reminder:L-00002:${at(24 * DAY_MS + 186 * DAY_MS).toISOString()}`, 'SMS']]);
  });
});
