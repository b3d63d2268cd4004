import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Kind, parse, type EnumTypeDefinitionNode } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { labelled } from '../support/labelled.js';
import { createPortalHandler, PORTAL_DIR } from '../../gateway/portal.js';
import { SUPERGRAPH_FILE } from '../../gateway/server.js';
import { subgraphUrl, type HubConfig } from '../../platform/config.js';
import { serviceKeyOf } from '../../platform/keys.js';
import { PRINCIPAL_HEADER } from '../../platform/principal.js';
import { SERVICE_HEADER, signServiceCall } from '../../platform/service-auth.js';
import { citizenToken, graphql, staffToken, startTestHub, type TestHub } from '../support/hub.js';
import { launchBrowser, type Browser } from './browser.js';
import { accessibilityViolations, baseUrl, openPortal, PORTAL_PAGES, READY, STORAGE, type Language, type TextSize } from './portal-support.js';

let hub: TestHub;
let browser: Browser;
let base: string;
/** Every URL the browser asked for during the whole file: the portal must never leave the hub's origin. */
const requested: string[] = [];

beforeAll(async () => {
  hub = await startTestHub({ sensors: 500 });
  base = baseUrl(hub);
  browser = await launchBrowser();
  browser.context.on('request', (request) => requested.push(request.url()));
});
afterAll(async () => {
  await browser?.close();
  await hub?.close();
});

const CONSENTS = '{ me { consents { id grantee { id } purpose categories status } } }';

async function consentsOf(citizenId: string): Promise<Array<{ id: string; grantee: { id: string }; purpose: string; categories: string[]; status: string }>> {
  const answer = await graphql(hub, CONSENTS, {}, { token: await citizenToken(hub, citizenId) });
  expect(answer.body.errors).toBeUndefined();
  return answer.body.data!.me.consents;
}

/** A transport staff member's request for C-0001's saved places, for taxi help (no statute covers it: consent only). */
async function transportAsksForSavedPlaces() {
  const token = await staffToken(hub, 'transport');
  return graphql(hub, '{ citizen(id: "C-0001") { id savedPlaces { label } } }', {}, { token, purpose: 'TAXI_ASSIST' });
}

describe('portal: signing in', () => {
  it('signs a citizen in with the development sign-in and opens My data, keeping the token in the tab only', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${base}/portal`);
    await page.waitForURL(`${base}/portal/sign-in`);
    expect(page.url()).toBe(`${base}/portal/sign-in`);
    await page.getByLabel('Your citizen number').fill('c-0001');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL(`${base}/portal/my-data`);
    await page.getByRole('heading', { level: 2, name: 'Transport Department' }).waitFor();

    expect(await page.evaluate((key) => sessionStorage.getItem(key), STORAGE.citizenId)).toBe('C-0001');
    expect(await page.evaluate((key) => localStorage.getItem(key), STORAGE.token)).toBeNull();
    await page.getByText('Signed in as C-0001').waitFor({ state: 'visible' });
    expect(await page.getByText('Signed in as C-0001').isVisible()).toBe(true);
    await page.close();
  });

  it('refuses a citizen number that is not one, in words, without leaving the page', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${base}/portal/sign-in`);
    await page.getByLabel('Your citizen number').fill('Robert');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByText('Please type a citizen number like C-0001.').waitFor();
    expect(await page.getByLabel('Your citizen number').getAttribute('aria-invalid')).toBe('true');
    expect(page.url()).toBe(`${base}/portal/sign-in`);
    expect(await page.evaluate((key) => sessionStorage.getItem(key), STORAGE.token)).toBeNull();
    await page.close();
  });

  it('sends a visitor who is not signed in to the sign-in page', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${base}/portal/consents`);
    await page.waitForURL(`${base}/portal/sign-in`);
    await page.locator(READY['sign-in']).waitFor();
    await page.close();
  });

  it('signs out: the token is forgotten and the sign-in page says so', async () => {
    const page = await openPortal(hub, browser.context, 'my-data', { citizenId: 'C-0001' });
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${base}/portal/sign-in`);
    await page.getByRole('status').getByText('You are signed out.').waitFor();
    expect(await page.evaluate((key) => sessionStorage.getItem(key), STORAGE.token)).toBeNull();
    await page.close();
  });
});

describe('portal: My data', () => {
  it('shows everything held about me by department, in words and never in codes', async () => {
    const page = await openPortal(hub, browser.context, 'my-data', { citizenId: 'C-0001' });
    const headings = await page.getByRole('heading', { level: 2 }).allInnerTexts();
    expect(headings).toEqual(['City register', 'Health Department', 'Licensing Department', 'Transport Department']);
    const text = await page.locator('main').innerText();
    expect(text).toContain('Aiko Wang');
    expect(text).toContain('Green: no restrictions');
    expect(text).toContain('Home: ');
    expect(text).toContain('selling food');
    expect(text).not.toMatch(/\b(GREEN|AMBER|RED|FOOD_BUSINESS|LIQUOR_RETAIL|ACTIVE|SUBMITTED|COMPLETED|TAXI_ASSIST|LOCATION)\b/);
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
    await page.close();
  });
});

describe('portal: Who may see it', () => {
  it('revokes a consent after a plain-words confirmation, and the grantee’s next request is refused with CONSENT_REVOKED', async () => {
    const token = await citizenToken(hub, 'C-0001');
    const granted = await graphql(
      hub,
      'mutation($input: GrantConsentInput!) { grantConsent(input: $input) { id status } }',
      { input: { granteeId: 'transport', purpose: 'TAXI_ASSIST', categories: ['LOCATION'], validUntil: '2030-01-01T00:00:00Z' } },
      { token },
    );
    expect(granted.body.errors).toBeUndefined();
    const grantId = granted.body.data!.grantConsent.id as string;
    const before = await transportAsksForSavedPlaces();
    expect(before.body.errors).toBeUndefined();
    expect(before.body.data!.citizen.savedPlaces.map((p: { label: string }) => p.label)).toEqual(['Home', 'Clinic']);

    const page = await openPortal(hub, browser.context, 'consents', { citizenId: 'C-0001' });
    const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Transport Department' }) });
    await card.getByRole('button', { name: 'Stop for good sharing with Transport Department' }).click();
    await card.getByText('Stop sharing with Transport Department for good? They will no longer be able to see where you go.').waitFor();
    // Asking is not doing: until "yes", the consent stands.
    expect((await consentsOf('C-0001')).find((c) => c.id === grantId)!.status).toBe('ACTIVE');

    await card.getByRole('button', { name: 'Yes, stop for good' }).click();
    await page.getByRole('status').getByText('Done. Transport Department can no longer see where you go.').waitFor();
    await card.getByText('Stopped for good').waitFor();
    expect(await card.getByRole('button').count()).toBe(0);
    expect((await consentsOf('C-0001')).find((c) => c.id === grantId)!.status).toBe('REVOKED');

    const after = await transportAsksForSavedPlaces();
    expect(after.body.data!.citizen).toEqual({ id: 'C-0001', savedPlaces: null });
    expect(after.body.errors).toHaveLength(1);
    expect(after.body.errors![0]).toMatchObject({ path: ['citizen', 'savedPlaces'], extensions: { code: 'CONSENT_REVOKED' } });
    await page.close();
  });

  it('pauses and resumes a consent, each after a confirmation, and "No" changes nothing', async () => {
    const robotaxi = () => consentsOf('C-0001').then((all) => all.find((c) => c.grantee.id === 'robotaxi')!);
    expect((await robotaxi()).status).toBe('ACTIVE');
    const page = await openPortal(hub, browser.context, 'consents', { citizenId: 'C-0001' });
    const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'RoboTaxi Co.' }) });

    await card.getByRole('button', { name: 'Pause sharing with RoboTaxi Co.' }).click();
    await card.getByText('Pause sharing with RoboTaxi Co.? They will not be able to see where you go until you resume.').waitFor();
    await card.getByRole('button', { name: 'No, go back' }).click();
    await page.getByRole('status').getByText('Nothing was changed.').waitFor();
    expect((await robotaxi()).status).toBe('ACTIVE');
    // Focus returns to the button that was pressed, so a keyboard user carries on where they were.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-action'))).toBe('pause');

    await card.getByRole('button', { name: 'Pause sharing with RoboTaxi Co.' }).click();
    await card.getByRole('button', { name: 'Yes, pause' }).click();
    await page.getByRole('status').getByText('Done. Sharing with RoboTaxi Co. is paused.').waitFor();
    expect((await robotaxi()).status).toBe('PAUSED');

    await card.getByRole('button', { name: 'Resume sharing with RoboTaxi Co.' }).click();
    await card.getByText(/^Resume sharing with RoboTaxi Co\.\? They will again be able to see where you go for taxi help, until /).waitFor();
    await card.getByRole('button', { name: 'Yes, resume' }).click();
    await page.getByRole('status').getByText('Done. Sharing with RoboTaxi Co. has resumed.').waitFor();
    expect((await robotaxi()).status).toBe('ACTIVE');
    await page.close();
  });

  it('grants a new consent from the form after confirming it in words, and refuses an empty choice first', async () => {
    const page = await openPortal(hub, browser.context, 'consents', { citizenId: 'C-0002' });
    const countBefore = (await consentsOf('C-0002')).length;
    await page.getByLabel('Who may see it').selectOption('water');
    await page.getByLabel('What for').selectOption('FLOOD_RESPONSE');
    await page.getByRole('button', { name: 'Give permission' }).click();
    await page.getByText('Please choose at least one kind of information.').waitFor();
    expect((await consentsOf('C-0002')).length).toBe(countBefore);

    await page.getByLabel('your phone number and address').check();
    await page.getByLabel('Until which day').fill('2031-03-01');
    await page.getByRole('button', { name: 'Give permission' }).click();
    await page.getByText('Let Water Department see your phone number and address for flood warnings and rescue, until 1 March 2031?').waitFor();
    await page.getByRole('button', { name: 'Yes, give permission' }).click();
    await page.getByRole('status').getByText('Done. Water Department may now see your phone number and address until 1 March 2031.').waitFor();

    const created = (await consentsOf('C-0002')).filter((c) => c.grantee.id === 'water');
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ purpose: 'FLOOD_RESPONSE', categories: ['CONTACT'], status: 'ACTIVE' });
    await page.getByRole('heading', { level: 3, name: 'Water Department' }).waitFor();
    await page.close();
  });
});

const REQUEST_CONSENT = 'mutation($input: ConsentRequestInput!) { requestConsent(input: $input) { id status } }';

/** A department asks a citizen for consent, as its staff would. */
async function departmentAsks(department: 'transport' | 'water', citizenId: string, purpose: string, categories: string[], subgraphs: string[], reason: string) {
  const answer = await graphql(hub, REQUEST_CONSENT, { input: { citizenId, purpose, categories, subgraphs, validUntil: '2030-01-01T00:00:00Z', reason } }, { token: await staffToken(hub, department), purpose });
  expect(answer.body.errors).toBeUndefined();
  return answer.body.data!.requestConsent as { id: string; status: string };
}

describe('portal: Requests to you', () => {
  it('shows a pending request in plain words and approves it after a confirmation: a consent bound to exactly what was asked', async () => {
    await departmentAsks('transport', 'C-0008', 'TAXI_ASSIST', ['LOCATION'], ['transport'], 'So that a kiosk taxi can take you home.');
    const page = await openPortal(hub, browser.context, 'requests', { citizenId: 'C-0008' });
    await page.getByRole('heading', { level: 3, name: 'Transport Department' }).waitFor();
    const text = await page.locator('main').innerText();
    expect(text).toContain('Transport’s record of where you go, for taxi help');
    expect(text).toContain('So that a kiosk taxi can take you home.');
    expect(text).not.toMatch(/\b(TAXI_ASSIST|LOCATION|PENDING)\b/);
    await page.getByRole('button', { name: /^Allow/ }).click();
    await page.getByText('Let Transport Department see Transport’s record of where you go, for taxi help').waitFor();
    await page.getByRole('button', { name: 'Yes, allow it' }).click();
    await page.getByRole('status').getByText(/^Done\. Transport Department may now see/).waitFor();
    await page.getByText('Nobody is asking you for permission right now.').waitFor();
    const consents = await consentsOf('C-0008');
    expect(consents).toContainEqual(expect.objectContaining({ grantee: { id: 'transport' }, purpose: 'TAXI_ASSIST', categories: ['LOCATION'], status: 'ACTIVE' }));
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.close();
  });

  it('declines, and stops a requester from asking again; in Chinese too', async () => {
    const first = await departmentAsks('water', 'C-0009', 'FLOOD_RESPONSE', ['CONTACT'], ['consent'], 'To warn you by phone when your street floods.');
    const second = await departmentAsks('transport', 'C-0009', 'TRANSIT_ACCESS', ['LOCATION'], ['transport'], 'To let you through the gates without a card.');
    const page = await openPortal(hub, browser.context, 'requests', { citizenId: 'C-0009', language: 'zh-Hans' });
    await page.getByRole('heading', { level: 1, name: '向您提出的请求' }).waitFor();
    expect(await page.locator('main').innerText()).toContain('交通部门关于您去过哪里的记录，用于公共交通闸机通行');
    await page.getByRole('button', { name: /^拒绝.*交通部门/ }).click();
    await page.getByRole('button', { name: '是的，拒绝' }).click();
    await page.getByRole('status').getByText('完成。您已拒绝交通部门的请求。').waitFor();
    await page.getByRole('button', { name: /^不再让他们请求.*水务部门/ }).click();
    await page.getByRole('button', { name: '是的，不再让他们请求' }).click();
    await page.getByRole('status').getByText('完成。水务部门不能再向您请求。').waitFor();
    await page.locator('#blocked-list').getByRole('heading', { name: '水务部门' }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.close();

    const transport = await graphql(hub, 'query($id: ID!) { consentRequest(id: $id) { status } }', { id: second.id }, { token: await staffToken(hub, 'transport'), purpose: 'TRANSIT_ACCESS' });
    expect(transport.body.data!.consentRequest).toEqual({ status: 'DECLINED' });
    const water = await graphql(hub, 'query($id: ID!) { consentRequest(id: $id) { status } }', { id: first.id }, { token: await staffToken(hub, 'water'), purpose: 'FLOOD_RESPONSE' });
    expect(water.body.data!.consentRequest).toEqual({ status: 'DECLINED' });
    await departmentAsks('water', 'C-0009', 'FLOOD_RESPONSE', ['CONTACT'], ['consent'], 'Asking again after being blocked.');
    const mine = await graphql(hub, '{ me { consentRequests(status: PENDING) { id } } }', {}, { token: await citizenToken(hub, 'C-0009') });
    expect(mine.body.data!.me.consentRequests).toEqual([]);
  });
});

describe('portal: What the law allows', () => {
  it('lists every statute in plain words, with exactly the information each names, in both languages', async () => {
    const statutes = (await graphql(hub, '{ statutes { id } }')).body.data!.statutes as Array<{ id: string }>;
    const page = await openPortal(hub, browser.context, 'law', { citizenId: 'C-0008' });
    expect(await page.locator('[data-statute]').count()).toBe(statutes.length);
    const card = page.locator('[data-statute="WATER_NAME_FOR_SERVICE"]');
    expect(await card.getByRole('heading', { level: 3 }).innerText()).toBe('Water Department, for service delivery');
    const text = await card.innerText();
    expect(text).toContain('may read your name, and nothing else');
    expect(text).not.toContain('date of birth');
    expect(await page.locator('main').innerText()).not.toMatch(/\b(SERVICE_DELIVERY|Citizen\.name|IDENTITY)\b/);
    await page.getByRole('button', { name: '中文' }).click();
    await page.getByRole('heading', { level: 1, name: '法律允许的' }).waitFor();
    await page.locator('[data-statute="WATER_NAME_FOR_SERVICE"]').getByText('仅限姓名').waitFor();
    await page.close();
  });
});

describe('portal: Messages to me', () => {
  it('shows what the city sent me, with its delivery and the law that allowed it, in words and in both languages', async () => {
    // As the water department's own processing would: its service key, its purpose, no forwarded principal.
    const body = JSON.stringify({ subgraph: 'water', service: { purpose: 'FLOOD_RESPONSE', requestId: 'portal-test' }, items: [{ key: 'portal:C-0009', citizenId: 'C-0009', channel: 'SMS', template: 'FLOOD_WARNING', params: { districtId: 'D-09', level: 'HIGH' } }] });
    const response = await fetch(`${subgraphUrl(hub.config, 'consent').replace(/\/graphql$/, '')}/internal/notify`, { method: 'POST', headers: { 'content-type': 'application/json', [SERVICE_HEADER]: signServiceCall('water', body, serviceKeyOf(hub.config, 'water')), [PRINCIPAL_HEADER]: '' }, body });
    expect(response.status).toBe(200);
    const page = await openPortal(hub, browser.context, 'notifications', { citizenId: 'C-0009' });
    const card = page.locator('[data-notification="water:portal:C-0009"]');
    expect(await card.getByRole('heading', { level: 3 }).innerText()).toBe('Flood warning');
    const text = await card.innerText();
    expect(text).toContain('Flood warning for district D-09');
    expect(text).toContain('City Flood Prevention Ordinance §17');
    expect(await page.locator('main').innerText()).not.toMatch(/\b(FLOOD_WARNING_ACT|FLOOD_RESPONSE|SMS|PENDING|RETRYING|REFUSED)\b/);
    await page.getByRole('button', { name: '中文' }).click();
    await page.getByRole('heading', { level: 1, name: '给我的消息' }).waitFor();
    await page.locator('[data-notification="water:portal:C-0009"]').getByText('D-09 区洪水预警').waitFor();
    await page.close();
  });
});

describe('portal: Who looked', () => {
  it('reads the access log newest first in plain sentences, with a Verified badge, a page at a time', async () => {
    // Five staff views of C-0003 add four allowed entries each and one refusal of the health code (the four repeats
    // of that refusal become one count entry when the minute ends, ARCHITECTURE §4): more than one page of 20.
    const staff = await staffToken(hub, 'transport');
    for (let i = 0; i < 5; i += 1) {
      const answer = await graphql(hub, '{ citizen(id: "C-0003") { name trips(last: 2) { at stationId } healthCode { status } } }', {}, { token: staff, purpose: 'SERVICE_DELIVERY' });
      expect(answer.status).toBe(200);
    }
    const page = await openPortal(hub, browser.context, 'access-log', { citizenId: 'C-0003' });
    await page.getByText('✓ Verified').waitFor();
    await page.getByText(/This list is complete and has not been changed \(\d+ records checked\)\./).waitFor();

    const items = page.locator('#log-entries li');
    expect(await items.count()).toBe(20);
    const sentences = await items.locator('span').allInnerTexts();
    expect(sentences).toContain('Transport department, official transport-demo looked at your trips for service delivery — allowed by law.');
    expect(sentences).toContain('Transport department, official transport-demo looked at your name for service delivery — allowed by law.');
    expect(sentences).toContain('Transport department, official transport-demo asked to see your health code for service delivery — refused: you have not given permission.');
    const firstPage = (await items.evaluateAll((lis) => lis.map((li) => Number(li.getAttribute('data-seq'))))) as number[];
    expect(firstPage).toEqual([...firstPage].sort((a, b) => b - a));

    await page.getByRole('button', { name: 'Show older entries' }).click();
    await page.getByRole('status').getByText(/^\d+ older entries shown\.$/).waitFor();
    const allSeqs = (await items.evaluateAll((lis) => lis.map((li) => Number(li.getAttribute('data-seq'))))) as number[];
    expect(allSeqs.length).toBe(21);
    expect(allSeqs).toEqual([...allSeqs].sort((a, b) => b - a));
    expect(new Set(allSeqs).size).toBe(allSeqs.length);
    await page.getByText('That is the whole list.').waitFor();
    await page.close();
  });
});

describe('portal: Who looked at my consents', () => {
  it('shows the seeded consent to RoboTaxi as the citizen’s own entry, verified in the browser, in both languages', async () => {
    const page = await openPortal(hub, browser.context, 'access-log', { citizenId: 'C-0001' });
    await page.getByText('✓ Verified').waitFor();
    // The seed's consent (and any a test above gave): the newest entry is shown first.
    await page.getByText('You gave consent to use your location information for taxi help.').first().waitFor();
    await page.getByRole('button', { name: '中文' }).click();
    await page.getByText('您本人同意将您的位置信息用于出租车协助。').first().waitFor();
    await page.close();
  });
});

describe('portal: Who looked, when another citizen asked', () => {
  it('says "another citizen" in both languages and never shows their id or pseudonym', async () => {
    const asked = await graphql(hub, '{ citizen(id: "C-0010") { name } }', {}, { token: await citizenToken(hub, 'C-0011') });
    expect(asked.body.errors?.[0]?.extensions?.code).toBe('CONSENT_REQUIRED');
    const log = await graphql(hub, '{ me { accessLog(first: 5) { edges { node { principal { kind id } } } } } }', {}, { token: await citizenToken(hub, 'C-0010') });
    const pseudonym = (log.body.data!.me as any).accessLog.edges.map((e: any) => e.node.principal).find((p: any) => p.kind === 'CITIZEN').id as string;

    const page = await openPortal(hub, browser.context, 'access-log', { citizenId: 'C-0010' });
    await page.getByText('Another citizen asked to see your name for no stated reason — refused: you have not given permission.').waitFor();
    const text = await page.locator('main').innerText();
    expect(text.includes('C-0011')).toBe(false);
    expect(text.includes(pseudonym)).toBe(false);
    await page.getByRole('button', { name: '中文' }).click();
    await page.getByText('另一位市民为未说明的原因要求查看您的姓名——已拒绝：您没有给出许可。').waitFor();
    await page.close();
  });
});

describe('portal: Who looked, checked in the browser', () => {
  const KEY = 'citygraph.portal.transparency.C-0008';
  const stored = (page: import('playwright-core').Page) => page.evaluate((key) => JSON.parse(localStorage.getItem(key) ?? 'null'), KEY);

  it('verifies every shown entry and the head in the browser, keeps the head, and warns in red in both languages on a rollback or truncation', async () => {
    const staff = await staffToken(hub, 'transport');
    const look = () => graphql(hub, '{ citizen(id: "C-0008") { name healthCode { status } } }', {}, { token: staff, purpose: 'SERVICE_DELIVERY' });
    await look();
    const page = await openPortal(hub, browser.context, 'access-log', { citizenId: 'C-0008' });
    await page.getByText('✓ Checked here').waitFor();
    const first = await stored(page);
    expect(first.head).toMatchObject({ treeSize: expect.any(Number), rootHash: expect.any(String), signature: expect.any(String) });
    expect(first.newestSeq).toBeGreaterThanOrEqual(2);

    // Next visit: the tree grew; the browser asks for a consistency proof from the head it kept, and moves on.
    await look();
    await page.reload();
    await page.getByText('✓ Checked here').waitFor();
    const second = await stored(page);
    expect(second.head.treeSize).toBeGreaterThan(first.head.treeSize);

    // The hub now serves a tree that does not extend the one this browser saw (simulated by a kept head of the same
    // size with another root: a rewritten history). Red warning, in words, as an alert.
    await page.evaluate(({ key, value }) => localStorage.setItem(key, JSON.stringify(value)), { key: KEY, value: { ...second, head: { ...second.head, rootHash: first.head.rootHash } } });
    await page.reload();
    const warning = page.locator('#log-warning');
    await warning.waitFor();
    expect(await warning.getAttribute('role')).toBe('alert');
    expect(await warning.innerText()).toContain('the city’s record is shorter than, or different from, the one your browser checked on your last visit');
    const colour = await warning.evaluate((el) => getComputedStyle(el).borderTopColor);
    const [r, g, b] = colour.match(/\d+/g)!.map(Number);
    expect(r).toBeGreaterThan(g! + 60);
    expect(r).toBeGreaterThan(b! + 60);

    // A kept head larger than what the hub serves: a rollback. In Chinese.
    await page.evaluate(({ key, value }) => localStorage.setItem(key, JSON.stringify(value)), { key: KEY, value: { ...second, head: { ...second.head, treeSize: second.head.treeSize + 1000 } } });
    const zh = await openPortal(hub, browser.context, 'access-log', { citizenId: 'C-0008', language: 'zh-Hans' });
    await zh.locator('#log-warning').waitFor();
    expect(await zh.locator('#log-warning').innerText()).toContain('警告：城市的记录比您上次访问时浏览器核对过的更短或不同');

    // Entries seen before are gone from the citizen's list (the kept newest position is ahead of the list).
    await zh.evaluate(({ key, value }) => localStorage.setItem(key, JSON.stringify(value)), { key: KEY, value: { ...second, newestSeq: second.newestSeq + 3 } });
    await zh.reload();
    await zh.locator('#log-warning').waitFor();
    expect(await zh.locator('#log-warning').innerText()).toContain(`您之前看到的记录从第 ${second.newestSeq + 1} 条起不见了`);
    await zh.close();
    await page.close();
  });
});

describe('portal: emergency access and named officials', () => {
  it('shows break-glass first, with the official and the reason, in both languages', async () => {
    const reason = 'Flood evacuation of Harbour Rd, resident unreachable by phone';
    const official = await staffToken(hub, 'transport', { official: 'T-0042', emergency: true });
    const emergency = await graphql(hub, '{ citizen(id: "C-0007") { name phone } }', {}, { token: official, purpose: 'EMERGENCY', headers: { 'x-justification': reason } });
    expect(emergency.status).toBe(200);
    // A later, ordinary request: newer in the log, yet the emergency access is still shown first.
    await graphql(hub, '{ citizen(id: "C-0007") { name } }', {}, { token: await staffToken(hub, 'water', { official: 'W-0003' }), purpose: 'SERVICE_DELIVERY' });

    const page = await openPortal(hub, browser.context, 'access-log', { citizenId: 'C-0007' });
    await page.getByRole('heading', { name: 'Emergency access to your information' }).waitFor();
    const section = page.locator('#break-glass');
    await section.getByText('Transport department, official T-0042 used emergency access to see your name and contact details.', { exact: false }).waitFor();
    await section.getByText(`Reason given: “${reason}”`).waitFor();
    const order = await page.evaluate(() => {
      const first = document.querySelector('#break-glass');
      const log = document.querySelector('#log-entries');
      return Boolean(first && log && first.compareDocumentPosition(log) & Node.DOCUMENT_POSITION_FOLLOWING);
    });
    expect(order).toBe(true);
    await page.locator('#log-entries li').first().waitFor();
    const sentences = await page.locator('#log-entries li span').allInnerTexts();
    expect(sentences).toContain('Transport department, official T-0042 looked at your name for emergencies — emergency access (break-glass).');
    expect(sentences).toContain('Water department, official W-0003 looked at your name for service delivery — allowed by law.');
    await page.close();

    const zh = await openPortal(hub, browser.context, 'access-log', { citizenId: 'C-0007', language: 'zh-Hans' });
    await zh.getByRole('heading', { name: '对您信息的紧急访问' }).waitFor();
    await zh.locator('#break-glass').getByText('交通部门，工作人员 T-0042', { exact: false }).waitFor();
    await zh.close();
  });
});

describe('portal: Erase or export', () => {
  it('downloads my data as one JSON file from the graph’s export', async () => {
    const page = await openPortal(hub, browser.context, 'erase-export', { citizenId: 'C-0001' });
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download my data' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^my-city-data-C-0001-\d{4}-\d{2}-\d{2}\.json$/);
    const file = await download.path();
    const exported = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(exported.citizenId).toBe('C-0001');
    expect(exported.identity.name).toBe('Aiko Wang');
    expect(exported.identity.consents.some((c: { grantee: { id: string } }) => c.grantee.id === 'robotaxi')).toBe(true);
    expect(['GREEN', 'AMBER', 'RED']).toContain(exported.health.healthCode.status);
    expect(exported.licensing.businesses.map((b: { id: string }) => b.id)).toEqual(expect.arrayContaining(['B-0001', 'B-0002']));
    expect(exported.transport.savedPlaces.map((p: { label: string }) => p.label)).toEqual(['Home', 'Clinic']);
    expect(exported.unavailable).toBeUndefined();
    await page.getByRole('status').getByText(`Your data was downloaded as the file ${download.suggestedFilename()}.`).waitFor();
    await page.close();
  });

  it('erases only after two deliberate steps, and "No" keeps everything', async () => {
    const token = await citizenToken(hub, 'C-0999');
    const nameOf = () => graphql(hub, '{ me { name } }', {}, { token });
    const page = await openPortal(hub, browser.context, 'erase-export', { citizenId: 'C-0999' });

    await page.getByRole('button', { name: 'Erase my data' }).click();
    await page.getByRole('heading', { name: 'Are you sure?' }).waitFor();
    await page.getByRole('button', { name: 'No, keep my data' }).click();
    await page.getByRole('status').getByText('Nothing was erased.').waitFor();
    expect((await nameOf()).body.data!.me.name).toEqual(expect.any(String));

    await page.getByRole('button', { name: 'Erase my data' }).click();
    await page.getByRole('button', { name: 'Yes, erase everything for good' }).click();
    await page.getByRole('heading', { name: /^Your data was erased on / }).waitFor();
    expect((await page.locator('#erase-receipt').innerText()).length).toBeGreaterThan(40);

    const after = await nameOf();
    expect(after.body.data!.me.name).toBeNull();
    expect(after.body.errors![0].extensions!.code).toBe('DATA_ERASED');

    await page.goto(`${base}/portal/my-data`);
    await page.getByText('Your information was erased. Nobody can read it any more.').waitFor();
    await page.close();
  });
});

describe('portal: made for older citizens', () => {
  it('remembers the language and the text size across visits', async () => {
    const page = await openPortal(hub, browser.context, 'my-data', { citizenId: 'C-0001' });
    await page.getByRole('button', { name: '中文' }).click();
    await page.getByRole('heading', { level: 1, name: '我的数据' }).waitFor();
    await page.getByRole('button', { name: '放大文字' }).click();
    await page.close();

    const later = await browser.context.newPage();
    await later.goto(`${base}/portal/sign-in`);
    await later.getByRole('heading', { level: 1, name: '登录' }).waitFor();
    expect(await later.evaluate(() => document.documentElement.lang)).toBe('zh-Hans');
    expect(await later.evaluate(() => getComputedStyle(document.body).fontSize)).toBe('26px');
    await later.getByRole('button', { name: '正常文字' }).click();
    await later.getByRole('button', { name: 'English' }).click();
    await later.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    expect(await later.evaluate(() => getComputedStyle(document.body).fontSize)).toBe('20px');
    await later.close();
  });

  it('uses body text of at least 18 px and touch targets of at least 44 px on every page', async () => {
    for (const name of PORTAL_PAGES) {
      const page = await openPortal(hub, browser.context, name, { citizenId: name === 'sign-in' ? undefined : 'C-0004' });
      const smallest = await page.evaluate(() => Math.min(...[...document.querySelectorAll('main p, main li, main dd, main label')].map((e) => parseFloat(getComputedStyle(e).fontSize))));
      labelled(name, () => expect(smallest).toBeGreaterThanOrEqual(18));
      const targets = await page.evaluate(() =>
        [...document.querySelectorAll('button, a[href], input:not([type="checkbox"]), select')]
          .filter((e) => (e as HTMLElement).offsetParent !== null && !e.classList.contains('skip-link'))
          .map((e) => ({ what: e.textContent?.trim() || e.id, height: e.getBoundingClientRect().height })),
      );
      for (const target of targets) labelled(`${name}: ${target.what}`, () => expect(target.height).toBeGreaterThanOrEqual(44));
      await page.close();
    }
  });

  it('can be used with the keyboard alone: skip link first, then a visible focus on every control', async () => {
    const page = await openPortal(hub, browser.context, 'consents', { citizenId: 'C-0005' });
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to main content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    await page.keyboard.press('Tab');
    const outline = await page.evaluate(() => {
      const style = getComputedStyle(document.activeElement!);
      return { tag: document.activeElement!.tagName, outline: style.outlineStyle, width: parseFloat(style.outlineWidth) };
    });
    expect(outline.outline).toBe('solid');
    expect(outline.width).toBeGreaterThanOrEqual(3);
    await page.close();
  });
});

/** Each test below runs axe four times (two languages, two text sizes); on a busy 2-core machine that takes a while. */
const AXE_TIMEOUT_MS = 180_000;

describe('portal: axe finds no WCAG 2.1 AA violations', () => {
  // C-0006 gets a consent card and access-log entries, so that axe checks those too, not only empty states.
  beforeAll(async () => {
    const granted = await graphql(
      hub,
      'mutation($input: GrantConsentInput!) { grantConsent(input: $input) { id } }',
      { input: { granteeId: 'health', purpose: 'PUBLIC_HEALTH', categories: ['HEALTH', 'CONTACT'], validUntil: '2030-06-30T00:00:00Z' } },
      { token: await citizenToken(hub, 'C-0006') },
    );
    expect(granted.body.errors).toBeUndefined();
    const staff = await graphql(hub, '{ citizen(id: "C-0006") { name trips(last: 1) { at } healthCode { status } } }', {}, { token: await staffToken(hub, 'transport'), purpose: 'SERVICE_DELIVERY' });
    expect(staff.status).toBe(200);
    // And a pending request, so that axe checks a request card with its buttons, not only the empty state.
    await departmentAsks('transport', 'C-0006', 'TAXI_ASSIST', ['LOCATION'], ['transport'], 'So that a kiosk taxi can take you home.');
    // And an emergency access, so that axe checks the break-glass section too.
    const token = await staffToken(hub, 'health', { official: 'H-0042', emergency: true });
    const emergency = await graphql(hub, '{ citizen(id: "C-0006") { phone } }', {}, { token, purpose: 'EMERGENCY', headers: { 'x-justification': 'Collapsed at the clinic door, family must be told' } });
    expect(emergency.status).toBe(200);
  });

  const combinations: Array<[Language, TextSize]> = [
    ['en', 'normal'],
    ['en', 'larger'],
    ['zh-Hans', 'normal'],
    ['zh-Hans', 'larger'],
  ];
  for (const name of PORTAL_PAGES) {
    it(`on ${name}, in both languages, at both text sizes`, async () => {
      for (const [language, textSize] of combinations) {
        const page = await openPortal(hub, browser.context, name, { citizenId: name === 'sign-in' ? undefined : 'C-0006', language, textSize });
        expect(await page.evaluate(() => document.documentElement.lang)).toBe(language);
        const violations = await accessibilityViolations(page);
        labelled(`${name} ${language} ${textSize}`, () => expect(violations).toEqual([]));
        await page.close();
      }
    }, AXE_TIMEOUT_MS);
  }

  it('on consents with a confirmation open and the form errors showing', async () => {
    for (const [language, textSize] of combinations) {
      const page = await openPortal(hub, browser.context, 'consents', { citizenId: 'C-0006', language, textSize });
      await page.locator('[data-action="revoke"]').first().click();
      await page.locator('.confirm').waitFor();
      await page.locator('#grant-form button[type="submit"]').click();
      await page.locator('#grant-categories-error:not([hidden])').waitFor();
      const violations = await accessibilityViolations(page);
      labelled(`consents ${language} ${textSize}`, () => expect(violations).toEqual([]));
      await page.close();
    }
  }, AXE_TIMEOUT_MS);

  it('on erase-export with the erase confirmation open', async () => {
    for (const [language, textSize] of combinations) {
      const page = await openPortal(hub, browser.context, 'erase-export', { citizenId: 'C-0006', language, textSize });
      await page.locator('#erase-start').click();
      await page.locator('#erase-yes').waitFor();
      const violations = await accessibilityViolations(page);
      labelled(`erase ${language} ${textSize}`, () => expect(violations).toEqual([]));
      await page.close();
    }
  }, AXE_TIMEOUT_MS);
});

describe('portal: translations', () => {
  it('has the same keys in English and Chinese, no empty text, and words for every code the pages show', async () => {
    const { MESSAGES } = (await import(pathToFileURL(path.join(PORTAL_DIR, 'i18n.js')).href)) as { MESSAGES: Record<string, Record<string, string>> };
    expect(Object.keys(MESSAGES.en).sort()).toEqual(Object.keys(MESSAGES['zh-Hans']).sort());
    for (const table of Object.values(MESSAGES)) for (const [key, text] of Object.entries(table)) labelled(key, () => expect(text.trim()).not.toBe(''));

    const enums = new Map(
      parse(fs.readFileSync(SUPERGRAPH_FILE, 'utf8'))
        .definitions.filter((d): d is EnumTypeDefinitionNode => d.kind === Kind.ENUM_TYPE_DEFINITION)
        .map((d) => [d.name.value, (d.values ?? []).map((v) => v.name.value)]),
    );
    const prefixes: Record<string, string> = {
      Purpose: 'purpose',
      DataCategory: 'category',
      ConsentStatus: 'consentStatus',
      HealthCodeStatus: 'health',
      Permit: 'permit',
      LicenceStatus: 'licenceStatus',
      ApplicationStatus: 'applicationStatus',
      TaxiRideStatus: 'taxiStatus',
      NotificationStatus: 'notifications.status',
      NotificationChannel: 'notifications.channel',
    };
    for (const [enumName, prefix] of Object.entries(prefixes)) {
      labelled(enumName, () => expect(enums.get(enumName)).toBeDefined());
      for (const value of enums.get(enumName)!) for (const language of ['en', 'zh-Hans']) labelled(`${language} ${prefix}.${value}`, () => expect(MESSAGES[language]).toHaveProperty([`${prefix}.${value}`]));
    }
  });
});

/** The gateway's portal routes, over real HTTP: every bad input gets its exact status and code. */
describe('portal: routes', () => {
  async function signIn(body: string, headers: Record<string, string> = { 'content-type': 'application/json' }, method = 'POST') {
    const response = await fetch(`${base}/portal/dev-sign-in`, { method, headers, body: method === 'GET' ? undefined : body });
    return { status: response.status, body: await response.json() };
  }

  it('issues a dev token for a well-formed citizen id that works on /graphql', async () => {
    const answer = await signIn(JSON.stringify({ citizenId: ' c-0007 ' }));
    expect(answer.status).toBe(200);
    expect(answer.body.citizenId).toBe('C-0007');
    expect(Date.parse(answer.body.expiresAt)).toBeGreaterThan(Date.now() + 23 * 3600 * 1000);
    const me = await graphql(hub, '{ me { id } }', {}, { token: answer.body.token });
    expect(me.body.data!.me).toEqual({ id: 'C-0007' });
  });

  it.each([
    ['a citizen id that is not one', JSON.stringify({ citizenId: 'staff:transport' }), 400, 'BAD_USER_INPUT'],
    ['no citizen id', JSON.stringify({}), 400, 'BAD_USER_INPUT'],
    ['a citizen id that is a number', JSON.stringify({ citizenId: 1 }), 400, 'BAD_USER_INPUT'],
    ['a JSON body that is not an object', JSON.stringify('C-0001'), 400, 'BAD_USER_INPUT'],
    ['a body that is not JSON', '{citizenId:', 400, 'BAD_REQUEST'],
    ['a body over 4 KB', JSON.stringify({ citizenId: 'C-0001', padding: 'x'.repeat(5000) }), 413, 'PAYLOAD_TOO_LARGE'],
  ])('refuses %s', async (_what, body, status, code) => {
    const answer = await signIn(body);
    expect(answer.status).toBe(status);
    expect(answer.body.errors[0].extensions.code).toBe(code);
    expect(answer.body.token).toBeUndefined();
  });

  it('refuses a form post (not JSON) and a GET', async () => {
    const form = await signIn('citizenId=C-0001', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(form.status).toBe(400);
    expect(form.body.errors[0].extensions.code).toBe('BAD_REQUEST');
    const get = await signIn('', {}, 'GET');
    expect(get.status).toBe(405);
    expect(get.body.errors[0].extensions.code).toBe('METHOD_NOT_ALLOWED');
  });

  it('serves the pages with a strict content security policy, and nothing outside the portal folder', async () => {
    const page = await fetch(`${base}/portal/my-data`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    const script = await fetch(`${base}/portal/pages/consents.js`);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');

    for (const sneaky of ['/portal/..%2fpackage.json', '/portal/%2e%2e/package.json', '/portal/nope.js', '/portal/../gateway/portal.ts']) {
      const status = await new Promise<number>((resolve, reject) => {
        http.get({ host: hub.config.host, port: hub.config.ports.gateway, path: sneaky }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        }).on('error', reject);
      });
      labelled(sneaky, () => expect(status).toBe(404));
    }
    const post = await fetch(`${base}/portal/my-data`, { method: 'POST' });
    expect(post.status).toBe(405);
    expect((await post.json()).errors[0].extensions.code).toBe('METHOD_NOT_ALLOWED');
  });

  it('in production without a provider: no dev sign-in (404 NOT_FOUND), and the page shows the city login as not yet available', async () => {
    // As loadConfig makes it for NODE_ENV=production without HUB_OIDC_ISSUER.
    const production: HubConfig = { ...hub.config, env: 'production', oidc: undefined };
    const handle = createPortalHandler(production);
    const server = http.createServer((req, res) => {
      void handle(req, res, new URL(req.url ?? '/', 'http://localhost').pathname).then((handled) => {
        if (!handled) res.writeHead(404).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const response = await fetch(`${origin}/portal/dev-sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ citizenId: 'C-0001' }) });
      expect(response.status).toBe(404);
      expect((await response.json()).errors[0].extensions.code).toBe('NOT_FOUND');
      expect(await (await fetch(`${origin}/portal/sign-in-options`)).json()).toEqual({ devSignIn: false, oidc: { configured: false } });

      const page = await browser.context.newPage();
      await page.goto(`${origin}/portal/sign-in`);
      await page.getByText('The city login is not connected to this server yet').waitFor();
      expect(await page.getByRole('button', { name: 'Sign in with the city login' }).isDisabled()).toBe(true);
      expect(await page.getByLabel('Your citizen number').count()).toBe(0);
      expect(await accessibilityViolations(page)).toEqual([]);
      await page.close();
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe('portal: everything ships with the hub', () => {
  it('made no request outside the hub’s own origin during all of the above', () => {
    expect(requested.length).toBeGreaterThan(50);
    const outside = requested.filter((url) => !url.startsWith(`${base}/`) && !url.startsWith('blob:http://127.0.0.1') && !url.startsWith('data:') && !/^http:\/\/127\.0\.0\.1:\d+\/portal\//.test(url));
    expect(outside).toEqual([]);
  });
});
