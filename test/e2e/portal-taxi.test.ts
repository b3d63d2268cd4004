import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { hubCli } from '../support/cli.js';
import { citizenToken, contract, graphql, startTestHub, type TestHub } from '../support/hub.js';
import { labelled } from '../support/labelled.js';
import { launchBrowser, type Browser } from './browser.js';
import { accessibilityViolations, openPortal, type Language, type TextSize } from './portal-support.js';

/**
 * The portal's taxi page (issue 14 item 5, docs/taxi-partners.md): call a taxi from a saved place, follow it as the
 * partner moves it on (the page checks again by itself), cancel it, and the one-ride permission when no taxi company
 * may yet see where the citizen is; with the keyboard alone, in both languages, axe-clean at both text sizes.
 */
const DISPATCH = contract('taxi-dispatch.graphql');
let hub: TestHub;
let browser: Browser;
let robotaxiKey: string;

beforeAll(async () => {
  hub = await startTestHub({ citizens: 60, sensors: 200 });
  robotaxiKey = (await hubCli(hub, ['key', 'issue', '--partner', 'robotaxi', '--expires-in', '30d'])).trim();
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await hub?.close();
});

async function partner(operationName: string, variables: Record<string, unknown>): Promise<any> {
  const answer = await graphql(hub, DISPATCH, variables, { operationName, purpose: 'TAXI_ASSIST', headers: { authorization: `ApiKey ${robotaxiKey}` } });
  expect(answer.body.errors).toBeUndefined();
  return answer.body.data;
}

/** Presses Tab until the element with this id has focus (the keyboard is the only way in), at most 40 times. */
async function tabTo(page: Page, id: string): Promise<void> {
  for (let i = 0; i < 40; i++) {
    if ((await page.evaluate(() => document.activeElement?.id ?? '')) === id) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached #${id}`);
}

/** Presses Tab until the focused element's text contains `text`, at most 40 times. */
async function tabToText(page: Page, text: string): Promise<void> {
  for (let i = 0; i < 40; i++) {
    if ((await page.evaluate(() => document.activeElement?.textContent ?? '')).includes(text)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached a control saying "${text}"`);
}

const rideId = (page: Page) => page.locator('#taxi-current h3').first().getAttribute('id').then((id) => id!.replace(/^ride-/, ''));

describe('portal: the taxi page', () => {
  it('calls a taxi with the keyboard alone, follows it as the partner accepts and arrives, and cancels it after a confirmation', async () => {
    const page = await openPortal(hub, browser.context, 'taxi', { citizenId: 'C-0001' });
    expect(await page.locator('#taxi-none').textContent()).toBe('You have no ride at the moment.');
    await page.locator('#main').focus();
    await tabTo(page, 'taxi-call');
    await page.keyboard.press('Enter');
    await page.locator('#taxi-current h3', { hasText: 'From Home to Clinic' }).waitFor();
    // C-0001 lets RoboTaxi Co. see her places for taxi help: the ride is offered at once.
    expect(await page.locator('.taxi-status').textContent()).toBe('Taxi companies have been asked. Waiting for one of them to say yes.');
    const id = await rideId(page);

    await partner('AcceptRide', { id, etaMinutes: 4 });
    await page.locator('.taxi-status', { hasText: 'A taxi is on its way. It should be there in about 4 minutes.' }).waitFor({ timeout: 8000 });
    expect(await page.locator('#status').textContent()).toContain('about 4 minutes');
    await partner('UpdateRide', { id, status: 'ARRIVED' });
    await page.locator('.taxi-status', { hasText: 'Your taxi is waiting for you.' }).waitFor({ timeout: 8000 });

    await tabToText(page, 'Cancel this ride');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Cancel this ride? From Home to Clinic.');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.locator('#taxi-none').waitFor();
    expect(await page.locator('#status').textContent()).toBe('Your ride has been cancelled.');
    expect(await page.locator('#taxi-past').textContent()).toContain('From Home to Clinic: Cancelled.');
    const mine = await graphql(hub, DISPATCH, { id }, { operationName: 'MyRide', token: await citizenToken(hub, 'C-0001') });
    expect(mine.body.data!.me.taxiRide.status).toBe('CANCELLED');
    await page.close();
  });

  it('asks for a one-ride permission when no taxi company may see where the citizen is, and offers the ride once approved', async () => {
    const page = await openPortal(hub, browser.context, 'taxi', { citizenId: 'C-0002' });
    await page.locator('#taxi-to').selectOption('Work');
    await page.locator('#taxi-call').click();
    await page.getByRole('heading', { name: 'A taxi company needs your permission' }).waitFor();
    expect(await page.locator('.taxi-ask').textContent()).toContain(
      'If you say yes, RoboTaxi Co. can see where this ride starts and ends, for this ride only. The permission ends when the ride ends.',
    );
    expect(await page.locator('.taxi-status').textContent()).toBe('Waiting for a taxi company.');
    const id = await rideId(page);
    expect((await partner('OfferedRides', {})).offeredRides.map((r: any) => r.id)).not.toContain(id);

    await page.getByRole('button', { name: 'Yes, let RoboTaxi Co. see it' }).click();
    await page.locator('.taxi-status', { hasText: 'Taxi companies have been asked.' }).waitFor({ timeout: 8000 });
    expect(await page.locator('.taxi-ask').count()).toBe(0);
    const offered = (await partner('OfferedRides', {})).offeredRides.find((r: any) => r.id === id);
    expect(offered).toMatchObject({ status: 'OFFERED', pickup: { label: 'Home' } });
    await page.close();
  });

  it('says no in Chinese without cancelling anything: the ride waits and can still be cancelled', async () => {
    const page = await openPortal(hub, browser.context, 'taxi', { citizenId: 'C-0002', language: 'zh-Hans' });
    // The ride approved above is still under way; call another one.
    await page.locator('#taxi-from').selectOption('Work');
    await page.locator('#taxi-to').selectOption('Home');
    await page.locator('#taxi-call').click();
    const ask = page.locator('.taxi-ask');
    await ask.waitFor();
    expect(await ask.textContent()).toContain('仅限此行程');
    await ask.getByRole('button', { name: '不同意' }).click();
    await page.locator('.taxi-waiting').waitFor();
    expect(await page.locator('#status').textContent()).toContain('您没有同意');
    const card = page.locator('#taxi-current li.card', { hasText: '从Work到Home' });
    expect(await card.locator('.taxi-status').textContent()).toBe('正在等待出租车公司。');
    expect(await card.getByRole('button', { name: /取消此行程/ }).count()).toBe(1);
    await page.close();
  });
});

describe('portal: the taxi page is made for older citizens', () => {
  // A ride of C-0002's waiting for a one-ride permission, so that the question and its buttons are checked too.
  beforeAll(async () => {
    const places = await graphql(hub, '{ me { savedPlaces { label } } }', {}, { token: await citizenToken(hub, 'C-0002') });
    expect(places.body.data!.me.savedPlaces.map((p: any) => p.label)).toEqual(['Home', 'Work']);
    const hail = await graphql(hub, DISPATCH, { input: { fromLabel: 'Home', toLabel: 'Work' } }, { operationName: 'HailTaxi', token: await citizenToken(hub, 'C-0002') });
    expect(hail.body.data!.hailTaxi.status).toBe('REQUESTED');
  });

  const combinations: Array<[Language, TextSize]> = [
    ['en', 'normal'],
    ['en', 'larger'],
    ['zh-Hans', 'normal'],
    ['zh-Hans', 'larger'],
  ];

  it('has 20 px body text and targets of at least 52 px, with a ride, a permission question and a confirmation open', async () => {
    const page = await openPortal(hub, browser.context, 'taxi', { citizenId: 'C-0002' });
    await page.locator('.taxi-ask').waitFor();
    await page.locator('[data-action="cancel"]').first().click();
    await page.locator('.confirm.danger-zone').waitFor();
    expect(await page.evaluate(() => getComputedStyle(document.body).fontSize)).toBe('20px');
    const smallest = await page.evaluate(() => Math.min(...[...document.querySelectorAll('main p, main li, main dd, main label')].map((e) => parseFloat(getComputedStyle(e).fontSize))));
    expect(smallest).toBeGreaterThanOrEqual(18);
    const targets = await page.evaluate(() =>
      [...document.querySelectorAll('main button, main a[href], main select')].map((e) => ({ what: e.textContent?.trim() || e.id, height: e.getBoundingClientRect().height })),
    );
    expect(targets.length).toBeGreaterThan(4);
    for (const target of targets) labelled(target.what, () => expect(target.height).toBeGreaterThanOrEqual(52));
    await page.close();
  });

  it('has no axe violations (WCAG 2.1 AA) with a ride and the permission question, in both languages at both sizes', async () => {
    for (const [language, textSize] of combinations) {
      const page = await openPortal(hub, browser.context, 'taxi', { citizenId: 'C-0002', language, textSize });
      await page.locator('.taxi-ask').waitFor();
      const violations = await accessibilityViolations(page);
      labelled(`taxi ${language} ${textSize}`, () => expect(violations).toEqual([]));
      await page.locator('[data-action="cancel"]').first().click();
      await page.locator('.confirm.danger-zone').waitFor();
      const confirming = await accessibilityViolations(page);
      labelled(`taxi confirming ${language} ${textSize}`, () => expect(confirming).toEqual([]));
      await page.close();
    }
  }, 240_000);
});
