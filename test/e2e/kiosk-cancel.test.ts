import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { PORTAL_DIR } from '../../gateway/portal.js';
import { labelled } from '../support/labelled.js';
import { citizenToken, graphql, startTestHub, type TestHub } from '../support/hub.js';
import { launchBrowser, type Browser } from './browser.js';
import { accessibilityViolations, baseUrl } from './portal-support.js';

/**
 * Cancelling a taxi at the kiosk (docs/kiosk.md) in Chromium: "Cancel this ride" on the ride screen and on the
 * one-ride question, a plain confirmation ("Yes, cancel the ride" / "No, keep it") whose yes takes a fresh picture,
 * then "Your ride has been cancelled."; a face that does not match cancels nothing and says so, in both languages;
 * keyboard only; the inactivity timeout; axe-clean with 52 px targets at both text sizes.
 */
type Messages = Record<string, string>;
let en: Messages;
let zh: Messages;
let hub: TestHub;
let browser: Browser;

beforeAll(async () => {
  const { KIOSK_MESSAGES } = (await import(pathToFileURL(path.join(PORTAL_DIR, 'kiosk/messages.js')).href)) as { KIOSK_MESSAGES: Record<string, Messages> };
  [en, zh] = [KIOSK_MESSAGES.en!, KIOSK_MESSAGES['zh-Hans']!];
  hub = await startTestHub({ citizens: 40, sensors: 200, env: { HUB_SUBGRAPH_TIMEOUT_MS: '20000' } });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await hub?.close();
});

async function openKiosk(options: { clock?: boolean } = {}): Promise<Page> {
  const page = await browser.context.newPage();
  if (options.clock) await page.clock.install();
  await page.goto(`${baseUrl(hub)}/portal/kiosk`);
  await page.locator('#card-number').waitFor();
  return page;
}

/** Waits until the step in progress has ended (its "checking" line is gone), so that a failure shows its message. */
async function settled(page: Page): Promise<void> {
  await page.locator('.kiosk-screen p.status').waitFor({ state: 'detached', timeout: 60_000 });
}

/** Card number, picture, "Call a taxi", a saved place: lands on the one-ride question (no company may see the ride). */
async function hailAtKiosk(page: Page, digits: string, place: string): Promise<void> {
  await page.locator('#card-number').fill(digits);
  await page.locator('#card-continue').click();
  await page.locator('#kiosk-take').click();
  await page.locator('#kiosk-taxi').click({ timeout: 60_000 });
  await page.getByRole('button', { name: place, exact: true }).click();
  await page.locator('#kiosk-ask-yes').waitFor({ timeout: 60_000 });
}

async function lastRide(citizenId: string): Promise<{ id: string; status: string }> {
  const answer = await graphql(hub, '{ me { taxiRides(last: 1) { id status } } }', {}, { token: await citizenToken(hub, citizenId) });
  return (answer.body.data as any).me.taxiRides[0];
}

async function focusById(page: Page, id: string): Promise<void> {
  for (let i = 0; i < 12 && (await page.evaluate(() => document.activeElement?.id)) !== id; i++) await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.activeElement?.id)).toBe(id);
}

describe('kiosk: cancelling a ride', () => {
  it('asks first, keeps the ride on “No, keep it”, cancels nothing for a face that does not match, then cancels it', async () => {
    const page = await openKiosk();
    await hailAtKiosk(page, '15', 'Clinic');
    await page.locator('#kiosk-ask-yes').click();
    await page.locator('#kiosk-ride-status[data-status="OFFERED"]').waitFor({ timeout: 30_000 });
    const ride = await lastRide('C-0015');
    expect(ride.status).toBe('OFFERED');

    await page.getByRole('button', { name: en['cancel.button'] }).click();
    await page.getByRole('heading', { name: en['cancel.heading']!.replace('{place}', 'Clinic') }).waitFor();
    expect(await page.locator('#kiosk-cancel-intro').textContent()).toBe(en['cancel.intro']);
    await page.getByRole('button', { name: en['cancel.no'], exact: true }).click();
    await page.locator('#kiosk-ride-status[data-status="OFFERED"]').waitFor();
    expect((await lastRide('C-0015')).status).toBe('OFFERED');

    // Someone else in front of the camera: "Yes" cancels nothing, and says so in words, in both languages.
    await page.getByRole('button', { name: en['cancel.button'] }).click();
    await page.getByLabel(en['face.simulator.other']).check();
    await page.getByRole('button', { name: en['cancel.yes'] }).click();
    await settled(page);
    expect(await page.locator('#kiosk-error').textContent()).toBe(en['error.CANCEL_NOT_MATCHED']);
    await page.getByRole('button', { name: '中文' }).click();
    expect(await page.locator('#kiosk-error').textContent()).toBe(zh['error.CANCEL_NOT_MATCHED']);
    expect((await lastRide('C-0015')).status).toBe('OFFERED');

    // The card holder: the ride is cancelled, the screen says so, and the one-ride permission ended with it.
    await page.getByLabel(zh['face.simulator.holder']).check();
    await page.getByRole('button', { name: zh['cancel.yes'] }).click();
    await page.getByRole('heading', { name: zh['cancelled.heading'] }).waitFor({ timeout: 30_000 });
    expect(await page.locator('#kiosk-cancelled').textContent()).toBe(zh['cancelled.text']);
    expect(await lastRide('C-0015')).toEqual({ id: ride.id, status: 'CANCELLED' });
    const consents = await graphql(hub, '{ me { consents { status onlyRecord { id } } } }', {}, { token: await citizenToken(hub, 'C-0015') });
    expect((consents.body.data as any).me.consents.find((c: any) => c.onlyRecord?.id === ride.id)).toMatchObject({ status: 'EXPIRED' });

    // Another taxi is one touch away.
    await page.getByRole('button', { name: zh['cancelled.again'] }).click();
    await page.getByRole('heading', { name: zh['taxi.heading'] }).waitFor();
    await page.close();
  });

  it('can be done with the keyboard alone from a ride waiting for permission', async () => {
    const page = await openKiosk();
    await hailAtKiosk(page, '16', 'Pharmacy');
    await page.locator('#kiosk-ask-no').click();
    await page.locator('#kiosk-ride-status[data-status="REQUESTED"]').waitFor({ timeout: 30_000 });
    expect(await page.locator('#kiosk-ride-status').textContent()).toContain(en['taxi.declined']);
    const ride = await lastRide('C-0016');
    await focusById(page, 'kiosk-cancel');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: en['cancel.heading']!.replace('{place}', 'Pharmacy') }).waitFor();
    await focusById(page, 'kiosk-cancel-yes');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: en['cancelled.heading'] }).waitFor({ timeout: 30_000 });
    expect(await lastRide('C-0016')).toEqual({ id: ride.id, status: 'CANCELLED' });
    await page.close();
  });

  it('still ends the session after 90 seconds without a touch while the confirmation is on screen, cancelling nothing', async () => {
    const page = await openKiosk({ clock: true });
    await hailAtKiosk(page, '15', 'Home');
    // Straight from the one-ride question: the senior touched the wrong place.
    await page.locator('#kiosk-cancel').click();
    await page.locator('#kiosk-cancel-yes').waitFor();
    await page.clock.runFor(91_000);
    await page.locator('#kiosk-ended').waitFor();
    expect(await page.locator('#kiosk-ended').textContent()).toBe(en['end.idle']);
    expect((await lastRide('C-0015')).status).toBe('REQUESTED');
    await page.close();
  });

  it('is axe-clean with the cancel button, on the confirmation and on the cancelled screen in both languages at both text sizes, with targets of at least 52 px', async () => {
    for (const language of ['English', '中文']) {
      const page = await openKiosk();
      await page.getByRole('button', { name: language }).click();
      await hailAtKiosk(page, '16', 'Home');
      const check = async (screen: string) => {
        for (const larger of [false, true]) {
          if (larger !== ((await page.locator('html.text-larger').count()) === 1)) await page.locator('#kiosk-size').click();
          const violations = await accessibilityViolations(page);
          labelled(`${screen} ${language} ${larger ? 'larger' : 'normal'}`, () => expect(violations).toEqual([]));
          const small = await page.locator('button:visible').evaluateAll((buttons) => buttons.filter((b) => b.getBoundingClientRect().height < 52).map((b) => b.textContent));
          labelled(`targets on ${screen} ${language}`, () => expect(small).toEqual([]));
        }
      };
      await check('question with its cancel button');
      await page.locator('#kiosk-ask-no').click();
      await page.locator('#kiosk-ride-status[data-status="REQUESTED"]').waitFor({ timeout: 30_000 });
      await check('ride with its cancel button');
      await page.locator('#kiosk-cancel').click();
      await page.locator('#kiosk-cancel-yes').waitFor();
      await check('confirmation');
      await page.locator('#kiosk-cancel-yes').click();
      await page.locator('#kiosk-cancelled').waitFor({ timeout: 30_000 });
      await check('cancelled');
      await page.close();
    }
  });
});
