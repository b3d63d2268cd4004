import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { subgraphUrl } from '../../platform/config.js';
import { principalSigningKeysOf, serviceKeyOf } from '../../platform/keys.js';
import { startMailSink, type MailSink } from '../../platform/mail-sink.js';
import { PRINCIPAL_HEADER, signPrincipal } from '../../platform/principal.js';
import { SERVICE_HEADER, signServiceCall } from '../../platform/service-auth.js';
import type { Department } from '../../platform/services.js';
import { LicensingStore, type LicenceRecord } from '../../subgraphs/licensing/store.js';
import type { Permit } from '../../subgraphs/licensing/domain/permits.js';
import { citizenToken, graphql, staffToken, startTestHub, type TestHub } from '../support/hub.js';
import { labelled } from '../support/labelled.js';
import { startWebhookReceiver, until, type WebhookReceiver } from '../support/webhook-receiver.js';

/**
 * Licence reminders delivered (issue 13, item 3): licensing's worker enqueues each reminder at its due time in the
 * city's outbox, the consent service delivers it (real SMTP server, real signed webhook), and the reminder's
 * `sentAt` is the delivery time and only that. Risk is graded by the permits and the business's record.
 */
const SECRET = Buffer.alloc(32, 7);
const DAY_MS = 86_400_000;
const POLL_MS = 1000;

let hub: TestHub;
let sink: MailSink;
let sms: WebhookReceiver;
let sinkDir: string;
let licensing: LicensingStore;
let staff: string;

beforeAll(async () => {
  sinkDir = fs.mkdtempSync(path.join(os.tmpdir(), 'citygraph-reminder-mail-'));
  sink = await startMailSink({ host: '127.0.0.1', port: 0, dir: sinkDir });
  sms = await startWebhookReceiver(SECRET);
  hub = await startTestHub({
    citizens: 30,
    sensors: 50,
    env: {
      HUB_SMTP_URL: `smtp://127.0.0.1:${sink.port}`,
      HUB_NOTIFY_SMS_URL: sms.url,
      HUB_NOTIFY_WEBHOOK_SECRET: SECRET.toString('base64'),
      HUB_REMINDER_POLL_MS: String(POLL_MS),
    },
  });
  licensing = await LicensingStore.open(hub.servers.get('licensing')!.store);
  staff = await staffToken(hub, 'licensing');
}, 180_000);

afterAll(async () => {
  await hub?.close();
  await sms?.close();
  await sink?.close();
  fs.rmSync(sinkDir, { recursive: true, force: true });
});

let sequence = 0;
/** A business of `owner` with no record, and one licence expiring `expiresInMs` from now (the test's short due time). */
async function licenceExpiringIn(owner: string, permits: Permit[], expiresInMs: number): Promise<LicenceRecord> {
  sequence += 1;
  const now = new Date();
  const business = await licensing.createBusiness({ citizenId: owner, name: `Reminder Test ${sequence}`, tradingAddress: '1 Test Row', districtId: 'D-02', createdAt: now.toISOString() });
  return licensing.issueLicence({
    businessId: business.id,
    permits,
    status: 'ACTIVE',
    issuedAt: new Date(now.getTime() - 300 * DAY_MS).toISOString(),
    expiresAt: new Date(now.getTime() + expiresInMs).toISOString(),
    renewedAt: null,
    applicationId: null,
  });
}

interface ReminderView {
  id: string;
  dueAt: string;
  channel: string;
  status: string;
  attempts: number;
  lastError: string | null;
  sentAt: string | null;
}

async function remindersOf(licenceId: string): Promise<ReminderView[]> {
  const answer = await graphql(hub, 'query($id: ID!) { licence(id: $id) { reminders { id dueAt channel status attempts lastError sentAt } } }', { id: licenceId }, { token: staff, purpose: 'LICENSING' });
  expect(answer.body.errors).toBeUndefined();
  return answer.body.data!.licence.reminders;
}

const mailFiles = () => fs.readdirSync(sinkDir).filter((f) => f.endsWith('.eml'));

describe('licence reminders', () => {
  it('delivers a reminder within a minute of its due time and shows sentAt then, never before', async () => {
    // LOW (signage, no record): e-mails 30 and 7 days before expiry; the 7-day one falls due 8 seconds from now.
    const licence = await licenceExpiringIn('C-0002', ['SIGNAGE'], 7 * DAY_MS + 8000);
    const dueAt = new Date(Date.parse(licence.expiresAt) - 7 * DAY_MS).toISOString();
    const id = `reminder:${licence.id}:${dueAt}`;

    const before = await remindersOf(licence.id);
    // The 30-day reminder fell due before reminders went online: never sent, and never shown as sent.
    expect(before.map((r) => [r.channel, r.status, r.sentAt])).toEqual([['EMAIL', 'MISSED', null], ['EMAIL', 'SCHEDULED', null]]);

    let seen: ReminderView | undefined;
    await until(async () => {
      const asked = Date.now();
      seen = (await remindersOf(licence.id)).find((r) => r.id === id)!;
      // Never sent before its time: whatever the worker does, a reminder read before its due time is not sent.
      if (asked < Date.parse(dueAt)) labelled(`read at ${new Date(asked).toISOString()}, due ${dueAt}`, () => expect(seen!.sentAt).toBeNull());
      return seen.sentAt !== null;
    }, 70_000, 'the reminder delivered');

    const sentAt = Date.parse(seen!.sentAt!);
    labelled('sent after it fell due', () => expect(sentAt).toBeGreaterThan(Date.parse(dueAt)));
    labelled('sent within a minute of its due time', () => expect(sentAt - Date.parse(dueAt)).toBeLessThan(60_000));
    console.info(`licence reminder delivered ${sentAt - Date.parse(dueAt)} ms after its due time (worker poll ${POLL_MS} ms)`);
    expect(seen).toMatchObject({ status: 'DELIVERED', attempts: 1, lastError: null });

    // It really went out: the e-mail is in the SMTP server, under the reminder's key, with the licence in its text.
    const file = mailFiles().find((f) => f.startsWith(`licensing:${id}@`));
    labelled(`mail files: ${mailFiles().join(', ')}`, () => expect(file).toBeDefined());
    const mail = fs.readFileSync(path.join(sinkDir, file!), 'utf8');
    expect(mail).toMatch(/^To: c-0002@example\.org\r?$/m);
    expect(mail).toContain(`licence ${licence.id} expires on ${licence.expiresAt.slice(0, 10)}`);

    // The owner sees it, delivered at the same moment, and the address lookup in their access log under the statute.
    const token = await citizenToken(hub, 'C-0002');
    const mine = (await graphql(hub, '{ me { notifications { id kind status deliveredAt statute } } }', {}, { token })).body.data!.me.notifications as any[];
    expect(mine.find((n) => n.id === `licensing:${id}`)).toEqual({ id: `licensing:${id}`, kind: 'LICENCE_REMINDER', status: 'DELIVERED', deliveredAt: seen!.sentAt, statute: 'LICENCE_REMINDER_CONTACT' });
    const log = (await graphql(hub, '{ me { accessLog(first: 100) { edges { node { coordinate decision basis principal { kind id } } } } } }', {}, { token })).body.data!.me.accessLog.edges.map((e: any) => e.node);
    expect(log.filter((e: any) => e.principal.kind === 'SERVICE' && e.principal.id === 'licensing')).toEqual([
      { coordinate: 'Citizen.email', decision: 'ALLOWED', basis: 'STATUTE:LICENCE_REMINDER_CONTACT', principal: { kind: 'SERVICE', id: 'licensing' } },
    ]);
  }, 90_000);

  it('retries an SMS reminder while the webhook answers 500, shows each failure on the reminder, and delivers it once it answers', async () => {
    sms.failNext(1000, 500);
    // MEDIUM (food business): the reminder a week before expiry is an SMS; it falls due 5 seconds from now.
    const licence = await licenceExpiringIn('C-0003', ['FOOD_BUSINESS'], 7 * DAY_MS + 5000);
    const id = `reminder:${licence.id}:${new Date(Date.parse(licence.expiresAt) - 7 * DAY_MS).toISOString()}`;

    let failing: ReminderView | undefined;
    await until(async () => {
      failing = (await remindersOf(licence.id)).find((r) => r.id === id);
      return failing?.status === 'RETRYING' && failing.attempts >= 2;
    }, 60_000, 'the failed attempts visible on the reminder');
    expect(failing).toMatchObject({ channel: 'SMS', status: 'RETRYING', lastError: 'HTTP_500', sentAt: null });
    expect(sms.processed.has(`licensing:${id}`)).toBe(false);

    sms.failNext(0);
    let delivered: ReminderView | undefined;
    await until(async () => {
      delivered = (await remindersOf(licence.id)).find((r) => r.id === id);
      return delivered?.status === 'DELIVERED';
    }, 60_000, 'the reminder delivered after the webhook recovered');
    expect(delivered!.attempts).toBeGreaterThan(failing!.attempts);
    expect(delivered!.lastError).toBeNull();
    expect(Date.parse(delivered!.sentAt!)).toBeGreaterThan(Date.parse(delivered!.dueAt));
    expect(sms.processed.get(`licensing:${id}`)).toEqual({ id: `licensing:${id}`, to: expect.any(String), text: expect.stringContaining(licence.id) });
  }, 120_000);

  it('opens a phone-call task for a HIGH-risk licence a week before expiry, shows the owner’s phone to staff, and counts it sent only when the owner is reached', async () => {
    const licence = await licenceExpiringIn('C-0004', ['LIQUOR_RETAIL'], 7 * DAY_MS + 3000);
    const id = `reminder:${licence.id}:${new Date(Date.parse(licence.expiresAt) - 7 * DAY_MS).toISOString()}`;
    const calls = async () => (await graphql(hub, '{ openReminderCalls { id channel status attempts sentAt licence { id business { owner { id phone } } } } }', {}, { token: staff, purpose: 'LICENSING' })).body;

    await until(async () => ((await calls()).data?.openReminderCalls ?? []).some((c: any) => c.id === id), 30_000, 'the call task');
    const open = await calls();
    expect(open.errors).toBeUndefined();
    // Only this test's call: no seeded licence has a step falling due while the hub runs (whole days after seeding).
    expect(open.data!.openReminderCalls).toEqual([{ id, channel: 'PHONE_CALL', status: 'PENDING', attempts: 0, sentAt: null, licence: { id: licence.id, business: { owner: { id: 'C-0004', phone: expect.stringMatching(/^\+86 \d{3} \d{4} \d{4}$/) } } } }]);

    const record = (outcome: string) => graphql(hub, 'mutation($id: ID!, $o: CallOutcome!) { recordReminderCall(id: $id, outcome: $o) { status attempts lastError sentAt } }', { id, o: outcome }, { token: staff, purpose: 'LICENSING' });
    expect((await record('NO_ANSWER')).body.data!.recordReminderCall).toEqual({ status: 'RETRYING', attempts: 1, lastError: 'NO_ANSWER', sentAt: null });
    const reached = (await record('REACHED')).body.data!.recordReminderCall;
    expect(reached).toMatchObject({ status: 'DELIVERED', attempts: 2, lastError: null });
    expect(Date.parse(reached.sentAt)).toBeGreaterThan(Date.parse(licence.expiresAt) - 7 * DAY_MS);
    expect((await calls()).data!.openReminderCalls).toEqual([]);
    const again = await record('REACHED');
    expect(again.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await graphql(hub, '{ openReminderCalls(first: 0) { id } }', {}, { token: staff, purpose: 'LICENSING' })).body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    // A citizen cannot see the staff's call list, nor record a call.
    const citizen = await graphql(hub, '{ openReminderCalls { id } }', {}, { token: await citizenToken(hub, 'C-0004') });
    expect(citizen.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const byCitizen = await graphql(hub, 'mutation($id: ID!) { recordReminderCall(id: $id, outcome: REACHED) { status } }', { id }, { token: await citizenToken(hub, 'C-0004') });
    expect(byCitizen.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await licensing.reminders.get(id)).toMatchObject({ status: 'DELIVERED', attempts: 2, handledBy: 'licensing-demo' });
  }, 60_000);
});

describe('a department reading its own messages’ status (/internal/notification-status)', () => {
  async function statusCall(department: Department, keys: unknown, options: { signedAs?: 'staff' } = {}): Promise<{ status: number; body: any }> {
    const body = JSON.stringify({ subgraph: department, service: { purpose: department === 'water' ? 'FLOOD_RESPONSE' : 'LICENSING', requestId: `test-${Date.now()}` }, keys });
    const principal = options.signedAs ? signPrincipal({ kind: 'staff', id: department, department, official: 'x', roles: ['staff'], scopes: [], purpose: 'LICENSING', requestId: 'r' }, department, principalSigningKeysOf(hub.config, department)) : '';
    const response = await fetch(`${subgraphUrl(hub.config, 'consent').replace(/\/graphql$/, '')}/internal/notification-status`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [SERVICE_HEADER]: signServiceCall(department, body, serviceKeyOf(hub.config, department)), [PRINCIPAL_HEADER]: principal },
      body,
    });
    return { status: response.status, body: await response.json() };
  }

  it('answers licensing about its own reminders, another department nothing, an official 403, and too many keys 400', async () => {
    const delivered = (await licensing.reminders.find({ status: 'DELIVERED', channel: 'EMAIL' }))[0]!;
    const own = await statusCall('licensing', [delivered.id, 'reminder:unknown']);
    expect(own).toEqual({ status: 200, body: { messages: [{ key: delivered.id, status: 'DELIVERED', attempts: 1, lastError: null, deliveredAt: delivered.sentAt }] } });
    // Water asking for the same key reads its own key space (water:<key>), where there is nothing.
    expect(await statusCall('water', [delivered.id])).toEqual({ status: 200, body: { messages: [] } });
    expect((await statusCall('licensing', [delivered.id], { signedAs: 'staff' })).status).toBe(403);
    expect((await statusCall('licensing', Array.from({ length: 5001 }, (_, i) => `k${i}`))).status).toBe(400);
  });
});

describe('risk graded by the permits and the business record (seeded businesses)', () => {
  const gradeOf = async (businessId: string, language = 'EN') => {
    const answer = await graphql(hub, 'query($id: ID!, $l: Language) { business(id: $id) { licences { id expiresAt renewedAt riskLevel riskReasons { code points at text(language: $l) } reminders { channel } } } }', { id: businessId, l: language }, { token: staff, purpose: 'LICENSING' });
    expect(answer.body.errors).toBeUndefined();
    const licences = answer.body.data!.business.licences as any[];
    return licences.reduce((a, b) => (a.expiresAt >= b.expiresAt ? a : b));
  };

  it('grades B-0003, a sign studio (LOW permits) that lapsed and had a major finding, HIGH, with each reason in both languages', async () => {
    const current = await gradeOf('B-0003');
    expect(current.riskLevel).toBe('HIGH');
    expect(current.riskReasons.map((r: any) => [r.code, r.points])).toEqual([['LOW_RISK_PERMIT', 0], ['LAPSE', 2], ['INSPECTION_MAJOR', 2], ['RECORD_RAISES_RISK', 0]]);
    expect(current.riskReasons[1].text).toMatch(/^The licence lapsed for 75 days after it ran out on \d{4}-\d{2}-\d{2}\.$/);
    expect(current.riskReasons[2].at).toEqual(expect.any(String));
    // Higher risk: the HIGH plan, ending in a phone call.
    expect(current.reminders.map((r: any) => r.channel)).toEqual(['EMAIL', 'EMAIL', 'SMS', 'SMS', 'SMS', 'PHONE_CALL']);
    const zh = await gradeOf('B-0003', 'ZH_HANS');
    expect(zh.riskReasons.map((r: any) => r.text).join('')).toMatch(/失效 75 天.*严重问题.*提高 2 级/);
  });

  it('grades B-0005, a street kitchen with a critical finding, HIGH; B-0006, a terrace renewed late once, LOW with the late renewal listed; B-0001 by its permits alone', async () => {
    expect((await gradeOf('B-0005')).riskReasons.map((r: any) => r.code)).toEqual(['MEDIUM_RISK_PERMIT', 'INSPECTION_CRITICAL', 'RECORD_RAISES_RISK']);
    expect((await gradeOf('B-0005')).riskLevel).toBe('HIGH');
    const terrace = await gradeOf('B-0006');
    expect([terrace.riskLevel, terrace.riskReasons.map((r: any) => r.code)]).toEqual(['LOW', ['LOW_RISK_PERMIT', 'LATE_RENEWAL']]);
    expect(terrace.reminders.map((r: any) => r.channel)).toEqual(['EMAIL', 'EMAIL']);
    const wineBar = await gradeOf('B-0001');
    expect([wineBar.riskLevel, wineBar.riskReasons.map((r: any) => r.code)]).toEqual(['HIGH', ['HIGH_RISK_PERMIT']]);
  });

  it('lowers a business with a clean record one level below its permits, and says so', async () => {
    const answer = await graphql(hub, '{ expiringLicences(withinDays: 366) { id riskLevel riskReasons { code text } } }', {}, { token: staff, purpose: 'LICENSING' });
    expect(answer.body.errors).toBeUndefined();
    const clean = (answer.body.data!.expiringLicences as any[]).filter((l) => l.riskReasons.some((r: any) => r.code === 'CLEAN_RECORD'));
    expect(clean.length).toBeGreaterThan(0);
    for (const licence of clean) {
      const permitLevel = licence.riskReasons[0].code.replace('_RISK_PERMIT', '');
      expect({ HIGH: 'MEDIUM', MEDIUM: 'LOW' }[permitLevel as 'HIGH' | 'MEDIUM']).toBe(licence.riskLevel);
    }
  });
});
