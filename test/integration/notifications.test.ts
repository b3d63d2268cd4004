import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { serviceCaller } from '../../consent/enforcement/department-capabilities.js';
import { RemoteConsentAuthority } from '../../consent/enforcement/remote-authority.js';
import { createConsentServices } from '../../consent/subgraph/services.js';
import { ForbiddenError } from '../../platform/errors.js';
import { loadConfig, subgraphUrl, type HubConfig } from '../../platform/config.js';
import { principalSigningKeysOf, serviceKeyOf } from '../../platform/keys.js';
import { startMailSink, type MailSink } from '../../platform/mail-sink.js';
import { PRINCIPAL_HEADER, signPrincipal } from '../../platform/principal.js';
import { SERVICE_HEADER, signServiceCall } from '../../platform/service-auth.js';
import type { Department } from '../../platform/services.js';
import { openStore } from '../../platform/store/index.js';
import { seedHub } from '../../seed/hub.js';
import { citizenToken, contract, graphql, startTestHub, type TestHub } from '../support/hub.js';
import { startWebhookReceiver, until, type WebhookReceiver } from '../support/webhook-receiver.js';

/**
 * Notifications (issue 13, item 1): departments enqueue into the consent service's outbox; workers open each
 * citizen's contact field under a statute, as the department's service (logged), and deliver by e-mail to a real
 * SMTP server and by SMS to a real signed webhook, with retries, at least once, to idempotent receivers.
 */
const SECRET = Buffer.alloc(32, 9);
const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');

let hub: TestHub;
let sink: MailSink;
let sms: WebhookReceiver;
let sinkDir: string;

beforeAll(async () => {
  sinkDir = fs.mkdtempSync(path.join(os.tmpdir(), 'citygraph-mail-'));
  sink = await startMailSink({ host: '127.0.0.1', port: 0, dir: sinkDir });
  sms = await startWebhookReceiver(SECRET);
  hub = await startTestHub({
    citizens: 30,
    sensors: 50,
    env: { HUB_SMTP_URL: `smtp://127.0.0.1:${sink.port}`, HUB_NOTIFY_SMS_URL: sms.url, HUB_NOTIFY_WEBHOOK_SECRET: SECRET.toString('base64') },
  });
}, 180_000);

afterAll(async () => {
  await hub?.close();
  await sms?.close();
  await sink?.close();
  fs.rmSync(sinkDir, { recursive: true, force: true });
});

/** Calls the consent service's internal API as a department's own processing (its service key and a purpose). */
async function notify(department: Department, purpose: string, items: unknown[], options: { signedAs?: 'staff' } = {}): Promise<{ status: number; body: any }> {
  const body = JSON.stringify({ subgraph: department, service: { purpose, requestId: `test-${Date.now()}` }, items });
  const principal = options.signedAs ? signPrincipal({ kind: 'staff', id: department, department, official: 'x', roles: ['staff'], scopes: [], purpose: purpose as 'FLOOD_RESPONSE', requestId: 'r' }, department, principalSigningKeysOf(hub.config, department)) : '';
  const response = await fetch(`${subgraphUrl(hub.config, 'consent').replace(/\/graphql$/, '')}/internal/notify`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [SERVICE_HEADER]: signServiceCall(department, body, serviceKeyOf(hub.config, department)), [PRINCIPAL_HEADER]: principal },
    body,
  });
  return { status: response.status, body: await response.json() };
}

async function myNotifications(citizenId: string, language = 'EN'): Promise<any[]> {
  const answer = await graphql(hub, `query($l: Language) { me { notifications { id department purpose statute channel text(language: $l) status attempts deliveredAt lastError } } }`, { l: language }, { token: await citizenToken(hub, citizenId) });
  return answer.body.data!.me.notifications;
}

async function accessLog(citizenId: string): Promise<any[]> {
  const answer = await graphql(hub, '{ me { accessLog(first: 100) { edges { node { coordinate decision basis purpose principal { kind id } } } } } }', {}, { token: await citizenToken(hub, citizenId) });
  return answer.body.data!.me.accessLog.edges.map((e: any) => e.node);
}

const mailFiles = () => fs.readdirSync(sinkDir).filter((f) => f.endsWith('.eml'));

describe('notifications', () => {
  it('e-mails a flood warning to the resident over SMTP, logs the address lookup as the water service under the statute, and shows it delivered in both languages', async () => {
    const answer = await notify('water', 'FLOOD_RESPONSE', [{ key: 'flood-D-02-1:C-0002', citizenId: 'C-0002', channel: 'EMAIL', template: 'FLOOD_WARNING', params: { districtId: 'D-02', level: 'HIGH' } }]);
    expect(answer).toEqual({ status: 200, body: { accepted: 1 } });

    await until(() => mailFiles().some((f) => f.startsWith('water:flood-D-02-1:C-0002@')), 20_000, 'the e-mail in the SMTP sink');
    const mail = fs.readFileSync(path.join(sinkDir, mailFiles().find((f) => f.startsWith('water:flood-D-02-1:C-0002@'))!), 'utf8');
    expect(mail).toMatch(/^To: c-0002@example\.org\r?$/m);
    expect(mail).toContain('Flood warning for district D-02: risk is HIGH.');
    // The message carries no other personal value: not the name, the phone or the home address.
    const me = await graphql(hub, '{ me { name phone homeAddress } }', {}, { token: await citizenToken(hub, 'C-0002') });
    for (const value of Object.values(me.body.data!.me as Record<string, string>)) expect(mail.includes(value)).toBe(false);

    await until(async () => (await myNotifications('C-0002'))[0]?.status === 'DELIVERED', 10_000, 'DELIVERED');
    const [en] = await myNotifications('C-0002');
    expect(en).toMatchObject({ department: 'water', purpose: 'FLOOD_RESPONSE', statute: 'FLOOD_WARNING_ACT', channel: 'EMAIL', status: 'DELIVERED', attempts: 1, lastError: null });
    expect(en.text).toContain('Flood warning for district D-02');
    expect((await myNotifications('C-0002', 'ZH_HANS'))[0].text).toContain('D-02 区洪水预警');

    const lookups = (await accessLog('C-0002')).filter((e) => e.principal.kind === 'SERVICE' && e.principal.id === 'water');
    expect(lookups).toEqual([{ coordinate: 'Citizen.email', decision: 'ALLOWED', basis: 'STATUTE:FLOOD_WARNING_ACT', purpose: 'FLOOD_RESPONSE', principal: { kind: 'SERVICE', id: 'water' } }]);
  }, 60_000);

  it('sends SMS through the signed webhook, retries with back-off while it fails, and shows the retry to the citizen', async () => {
    sms.failNext(2);
    const answer = await notify('licensing', 'LICENSING', [{ key: 'reminder-L-1', citizenId: 'C-0003', channel: 'SMS', template: 'LICENCE_REMINDER', params: { licenceId: 'L-0001', expiresAt: '2027-01-31T00:00:00.000Z' } }]);
    expect(answer.status).toBe(200);
    await until(async () => (await myNotifications('C-0003'))[0]?.status === 'RETRYING', 10_000, 'RETRYING');
    expect((await myNotifications('C-0003'))[0].lastError).toBe('HTTP_503');
    await until(() => sms.processed.has('licensing:reminder-L-1'), 20_000, 'the SMS at the webhook');
    const phone = (await graphql(hub, '{ me { phone } }', {}, { token: await citizenToken(hub, 'C-0003') })).body.data!.me.phone;
    expect(sms.processed.get('licensing:reminder-L-1')).toEqual({ id: 'licensing:reminder-L-1', to: phone, text: expect.stringContaining('L-0001 expires on 2027-01-31') });
    await until(async () => (await myNotifications('C-0003'))[0]?.status === 'DELIVERED', 10_000, 'DELIVERED');
    expect((await myNotifications('C-0003'))[0]).toMatchObject({ status: 'DELIVERED', attempts: 3, statute: 'LICENCE_REMINDER_CONTACT', lastError: null });
    expect(sms.refused).toBe(0);
  }, 60_000);

  it('refuses, storing nothing, a department without a statute for the channel, an official request, and parameters that are not codes', async () => {
    const item = { key: 'x', citizenId: 'C-0004', channel: 'EMAIL', template: 'FLOOD_WARNING', params: { districtId: 'D-02', level: 'HIGH' } };
    expect((await notify('health', 'PUBLIC_HEALTH', [item])).status).toBe(403);
    expect((await notify('water', 'FLOOD_RESPONSE', [item], { signedAs: 'staff' })).status).toBe(403);
    expect((await notify('water', 'FLOOD_RESPONSE', [{ ...item, params: { districtId: 'Wang Fang', level: 'HIGH' } }])).status).toBe(400);
    expect((await notify('water', 'FLOOD_RESPONSE', [{ ...item, template: 'ANYTHING' }])).status).toBe(400);
    expect(await myNotifications('C-0004')).toEqual([]);
  });

  it('marks a message for a citizen without an e-mail address REFUSED, and never retries it', async () => {
    // seed/consent.ts: every fifth citizen (C-0005, C-0010, ...) gave no e-mail address.
    await notify('water', 'FLOOD_RESPONSE', [{ key: 'no-mail', citizenId: 'C-0005', channel: 'EMAIL', template: 'FLOOD_CLEARED', params: { districtId: 'D-05' } }]);
    await until(async () => (await myNotifications('C-0005'))[0]?.status === 'REFUSED', 10_000, 'REFUSED');
    expect((await myNotifications('C-0005'))[0]).toMatchObject({ status: 'REFUSED', attempts: 1, lastError: 'NO_CONTACT' });
  });

  it('is what a department capability calls: RemoteConsentAuthority.notify enqueues as the service, and a missing statute is a ForbiddenError', async () => {
    const consentBase = subgraphUrl(hub.config, 'consent').replace(/\/graphql$/, '');
    const licensing = new RemoteConsentAuthority(consentBase, 'licensing', serviceKeyOf(hub.config, 'licensing'));
    const item = { key: 'remote:C-0007', citizenId: 'C-0007', channel: 'EMAIL' as const, template: 'LICENCE_REMINDER' as const, params: { licenceId: 'L-0007', expiresAt: '2027-03-01T00:00:00.000Z' } };
    expect(await licensing.notify(serviceCaller('licensing', 'LICENSING', 'remote-test'), [item])).toEqual({ accepted: 1 });
    await expect(licensing.notify(serviceCaller('licensing', 'SERVICE_DELIVERY', 'remote-test'), [{ ...item, key: 'remote:2' }])).rejects.toBeInstanceOf(ForbiddenError);
    await until(async () => (await myNotifications('C-0007'))[0]?.status === 'DELIVERED', 10_000, 'DELIVERED');
    expect(await myNotifications('C-0007')).toHaveLength(1);
  });

  it('enqueues a key once: the same key sent twice is one message', async () => {
    const item = { key: 'twice', citizenId: 'C-0006', channel: 'EMAIL', template: 'FLOOD_CLEARED', params: { districtId: 'D-06' } };
    expect((await notify('water', 'FLOOD_RESPONSE', [item])).body).toEqual({ accepted: 1 });
    expect((await notify('water', 'FLOOD_RESPONSE', [item])).body).toEqual({ accepted: 0 });
    await until(async () => (await myNotifications('C-0006'))[0]?.status === 'DELIVERED', 10_000, 'DELIVERED');
    expect(await myNotifications('C-0006')).toHaveLength(1);
  });
});

describe('the flood-alert contract (test/contract/flood-alert.graphql)', () => {
  it('answers MyNotifications with the kind, channel, status, times and title of what the citizen was sent', async () => {
    await notify('water', 'FLOOD_RESPONSE', [{ key: 'contract:C-0001', citizenId: 'C-0001', channel: 'EMAIL', template: 'FLOOD_WARNING', params: { districtId: 'D-01', level: 'SEVERE' } }]);
    const token = await citizenToken(hub, 'C-0001');
    let answer = await graphql(hub, contract('flood-alert.graphql'), {}, { token, operationName: 'MyNotifications' });
    await until(async () => {
      answer = await graphql(hub, contract('flood-alert.graphql'), {}, { token, operationName: 'MyNotifications' });
      return answer.body.data?.me?.notifications?.[0]?.status === 'DELIVERED';
    }, 20_000, 'DELIVERED');
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data!.me.notifications[0]).toEqual({ id: 'water:contract:C-0001', kind: 'FLOOD_WARNING', channel: 'EMAIL', status: 'DELIVERED', createdAt: expect.any(String), deliveredAt: expect.any(String), title: 'Flood warning' });
  }, 60_000);

  it('answers DistrictFlood for D-02 without errors (the document is valid against the graph)', async () => {
    // Signed in: the gateway checks sign-in for every operation in a document, not only the one selected (MyNotifications needs it).
    const answer = await graphql(hub, contract('flood-alert.graphql'), { id: 'D-02' }, { operationName: 'DistrictFlood', token: await citizenToken(hub, 'C-0001') });
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data!.district.id).toBe('D-02');
  });
});

describe('a delivery worker killed in the middle of a batch', () => {
  let dataDir: string;
  let receiver: WebhookReceiver;
  let config: HubConfig;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'citygraph-notify-kill-'));
    receiver = await startWebhookReceiver(SECRET);
    config = loadConfig({ NODE_ENV: 'test', HUB_DATA_DIR: dataDir, HUB_LOG_LEVEL: 'silent', HUB_NOTIFY_SMS_URL: receiver.url, HUB_NOTIFY_WEBHOOK_SECRET: SECRET.toString('base64'), HUB_NOTIFY_LEASE_MS: '1500', HUB_SMTP_PORT: '1' });
    await seedHub(config, { citizens: 40, sensors: 100 });
  }, 180_000);

  afterAll(async () => {
    await receiver?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('loses no notification and processes none twice at the idempotent receiver: another worker takes over when the lease ends', async () => {
    const store = await openStore(config, 'consent');
    const services = await createConsentServices(config, store);
    const ids = Array.from({ length: 40 }, (_, i) => `C-${String(i + 1).padStart(4, '0')}`);
    await services.notifications.enqueue('water', 'FLOOD_RESPONSE', ids.map((citizenId) => ({ key: `kill:${citizenId}`, citizenId, channel: 'SMS', template: 'FLOOD_WARNING', params: { districtId: 'D-01', level: 'SEVERE' } })));

    // Worker A, its own process: killed (SIGKILL, no clean-up) when the receiver has the fifth message of its batch.
    const env = { ...process.env, HUB_DATA_DIR: dataDir, NODE_ENV: 'test', HUB_LOG_LEVEL: 'silent', HUB_NOTIFY_SMS_URL: receiver.url, HUB_NOTIFY_WEBHOOK_SECRET: SECRET.toString('base64'), HUB_NOTIFY_LEASE_MS: '1500', HUB_SMTP_PORT: '1' };
    const worker = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'test/support/notification-worker.ts')], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise((resolve) => worker.once('exit', resolve));
    receiver.onReceipt = () => {
      if (receiver.receipts.length === 5) worker.kill('SIGKILL');
    };
    await exited;
    receiver.onReceipt = undefined;
    const beforeTakeover = receiver.processed.size;
    // Requests already on their way when A died still arrive; what matters is that A recorded none of them.
    expect(beforeTakeover).toBeGreaterThanOrEqual(5);
    // What A sent was not recorded as delivered: it stays claimed until the lease ends.
    expect(await services.store.notifications.count({ status: 'DELIVERED' })).toBe(0);

    // Worker B (this process) takes over when A's lease ends and delivers everything.
    const stop = new AbortController();
    const b = services.notifications.work(stop.signal, 100);
    await until(async () => (await services.store.notifications.count({ status: 'DELIVERED' })) === 40, 20_000, 'all 40 delivered');
    stop.abort();
    await b;

    expect([...receiver.processed.keys()].sort()).toEqual(ids.map((id) => `water:kill:${id}`).sort());
    // At least once: what A had sent before it died was sent again, and the receiver dropped the repeat.
    expect(receiver.receipts.length).toBeGreaterThanOrEqual(40 + 5);
    expect(receiver.receipts.length - receiver.processed.size).toBeGreaterThanOrEqual(5);
    await services.notifications.close();
    await store.close();
  }, 90_000);
});
