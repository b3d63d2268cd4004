import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { passVerifyingKey, verifyPass } from '../../contracts/health-pass/pass.js';
import { pathToFileURL } from 'node:url';
import { createPortalHandler, PORTAL_DIR } from '../../gateway/portal.js';
import { healthPassIdentityKey, healthPassPublicKey } from '../../platform/keys.js';
import { labelled } from '../support/labelled.js';
import { citizenToken, graphql, startTestHub, type TestHub } from '../support/hub.js';
import { launchBrowser, type Browser } from './browser.js';
import { accessibilityViolations, baseUrl, openPortal } from './portal-support.js';

/**
 * The kiosk for people without a phone (docs/kiosk.md) in Chromium: card number, face (the development camera
 * simulator shows the card holder's seeded demo face, or someone else's), then a taxi followed on screen or the
 * health pass as a QR code that a real scanner reads; refusals in words in both languages; the session ending by
 * itself and on "Finish"; keyboard only; axe-clean at both text sizes.
 */
const ZBARIMG = '/usr/bin/zbarimg';
type Messages = Record<string, string>;
let en: Messages;
let zh: Messages;
let hub: TestHub;
let browser: Browser;
let scratch: string;

beforeAll(async () => {
  // The kiosk's words as the page itself loads them (a plain JS module of the portal).
  const { KIOSK_MESSAGES } = (await import(pathToFileURL(path.join(PORTAL_DIR, 'kiosk/messages.js')).href)) as { KIOSK_MESSAGES: Record<string, Messages> };
  [en, zh] = [KIOSK_MESSAGES.en!, KIOSK_MESSAGES['zh-Hans']!];
  // The machine running the tests may be busy: a first request slower than the usual 2 s budget is not what this tests.
  hub = await startTestHub({ citizens: 40, sensors: 200, env: { HUB_SUBGRAPH_TIMEOUT_MS: '20000' } });
  browser = await launchBrowser();
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'citygraph-kiosk-'));
});
afterAll(async () => {
  await browser?.close();
  await hub?.close();
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
});

async function openKiosk(options: { clock?: boolean } = {}): Promise<Page> {
  const page = await browser.context.newPage();
  if (options.clock) await page.clock.install();
  await page.goto(`${baseUrl(hub)}/portal/kiosk`);
  await page.locator('#card-number').waitFor();
  return page;
}

/** Card number on the on-screen keypad, then the picture; lands on the menu (or the face screen's error). */
async function identify(page: Page, digits: string, who: 'holder' | 'other' = 'holder'): Promise<void> {
  for (const digit of digits) await page.locator('.kiosk-keypad').getByRole('button', { name: digit, exact: true }).click();
  await page.getByRole('button', { name: en['card.continue'] }).click();
  await page.locator('#kiosk-take').waitFor();
  if (who === 'other') await page.getByLabel(en['face.simulator.other']).check();
  await page.locator('#kiosk-take').click();
  await settled(page);
}

/** Waits until the step in progress has ended (its "checking" line is gone), so that a failure shows its message. */
async function settled(page: Page): Promise<void> {
  await page.locator('#kiosk-screen-face p.status, #kiosk-screen-menu p.status, #kiosk-screen-taxi p.status, #kiosk-screen-ask p.status').waitFor({ state: 'detached', timeout: 60_000 });
}

describe('kiosk: identify, face, then one touch', () => {
  it('calls a taxi to a saved place for a matched senior and follows its status as it changes', async () => {
    const page = await openKiosk();
    await identify(page, '15');
    expect(await page.locator('#kiosk-error').allTextContents()).toEqual([]);
    await page.getByRole('button', { name: en['menu.taxi'] }).click();
    expect(await page.locator('#kiosk-destinations button').allTextContents()).toEqual(['Home', 'Clinic', "Daughter's house"]);
    await page.getByRole('button', { name: 'Clinic' }).click();
    // No taxi company may see C-0015's rides: the kiosk asks; "No" cancels nothing, the ride waits and says why.
    await page.getByRole('heading', { name: en['ask.heading'] }).waitFor();
    await page.getByRole('button', { name: en['ask.no'], exact: true }).click();
    await page.getByRole('heading', { name: 'Taxi to Clinic' }).waitFor();
    const status = page.locator('#kiosk-ride-status');
    expect(await status.getAttribute('data-status')).toBe('REQUESTED');
    expect(await status.textContent()).toContain(en['taxi.declined']);

    // The ride is real: the citizen's own view shows it from this kiosk; when it is cancelled, the kiosk shows that.
    const token = await citizenToken(hub, 'C-0015');
    const mine = await graphql(hub, '{ me { taxiRides(last: 1) { id status pickup { label } } } }', {}, { token });
    const ride = (mine.body.data as any).me.taxiRides[0];
    expect(ride.pickup.label).toMatch(/kiosk/i);
    const cancelled = await graphql(hub, 'mutation($id: ID!) { updateRide(id: $id, status: CANCELLED) { status } }', { id: ride.id }, { token });
    expect(cancelled.body.errors).toBeUndefined();
    await page.locator('#kiosk-ride-status[data-status="CANCELLED"]').waitFor({ timeout: 15_000 });
    expect(await status.textContent()).toContain(en['taxi.status.CANCELLED']);
    await page.close();
  });

  it('shows the health pass as a QR code that a gate’s scanner reads as the senior’s signed pass, in Chinese', async () => {
    if (!fs.existsSync(ZBARIMG)) throw new Error(`This test reads the QR code with ${ZBARIMG}: apt-get install -y zbar-tools.`);
    const page = await openKiosk();
    await page.getByRole('button', { name: '中文' }).click();
    for (const digit of '16') await page.locator('.kiosk-keypad').getByRole('button', { name: digit, exact: true }).click();
    await page.getByRole('button', { name: zh['card.continue'] }).click();
    await page.getByRole('button', { name: zh['face.take'] }).click();
    await settled(page);
    await page.getByRole('button', { name: zh['menu.pass'] }).click();
    await settled(page);
    expect(await page.locator('#kiosk-error').allTextContents()).toEqual([]);
    await page.locator('#kiosk-pass-qr').waitFor();
    const file = path.join(scratch, 'kiosk-pass.png');
    await page.locator('#kiosk-pass-qr').screenshot({ path: file });
    const token = execFileSync(ZBARIMG, ['--quiet', '--raw', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const pass = verifyPass(passVerifyingKey(healthPassPublicKey(hub.config)), healthPassIdentityKey(hub.config), token, new Date());
    expect(pass.citizenId).toBe('C-0016');
    expect(await page.locator('#kiosk-pass-status').textContent()).toBe(zh[`pass.status.${pass.status}`]);
    await page.close();
  });

  it('refuses someone else’s face with a clear message in both languages, and opens nothing', async () => {
    const page = await openKiosk();
    await identify(page, '15', 'other');
    const alert = page.locator('#kiosk-error');
    await alert.waitFor();
    expect(await alert.textContent()).toBe(en['error.NOT_MATCHED']);
    await page.getByRole('button', { name: '中文' }).click();
    expect(await alert.textContent()).toBe(zh['error.NOT_MATCHED']);
    expect(await page.getByRole('button', { name: zh['menu.taxi'] }).count()).toBe(0);
    expect(await page.getByText('Clinic').count()).toBe(0);
    await page.close();
  });

  it('says in words that a card without the kiosk consent must be set up at a service centre', async () => {
    const page = await openKiosk();
    await identify(page, '0002');
    await page.locator('#kiosk-error').waitFor();
    expect(await page.locator('#kiosk-error').textContent()).toBe(en['error.CONSENT_REQUIRED']);
    await page.close();
  });

  it('asks again for a card number that is not one', async () => {
    const page = await openKiosk();
    await page.locator('#card-number').fill('Robert');
    await page.getByRole('button', { name: en['card.continue'] }).click();
    expect(await page.locator('#card-invalid').isVisible()).toBe(true);
    expect(await page.locator('#card-number').getAttribute('aria-invalid')).toBe('true');
    await page.close();
  });
});

describe('kiosk: the one-ride question', () => {
  const question = (text: string) => text.replace('{partner}', 'RoboTaxi Co.');

  it('asks in plain words which company may see this ride, refuses a wrong face, and with the card holder’s face offers the ride', async () => {
    const page = await openKiosk();
    await identify(page, '16');
    await page.getByRole('button', { name: en['menu.taxi'] }).click();
    await page.getByRole('button', { name: 'Pharmacy' }).click();
    await page.getByRole('heading', { name: en['ask.heading'] }).waitFor();
    expect(await page.locator('#kiosk-ask-question').textContent()).toBe(question(en['ask.question']!));
    const token = await citizenToken(hub, 'C-0016');
    const rideOf = async () => (await graphql(hub, '{ me { taxiRides(last: 1) { id status awaitingConsent } } }', {}, { token })).body.data!.me.taxiRides[0];
    expect(await rideOf()).toMatchObject({ status: 'REQUESTED', awaitingConsent: true });

    // Someone else steps in front of the camera: "Yes" answers nothing, in words, in both languages.
    await page.getByLabel(en['face.simulator.other']).check();
    await page.getByRole('button', { name: question(en['ask.yes']!) }).click();
    await settled(page);
    expect(await page.locator('#kiosk-error').textContent()).toBe(en['error.NOT_MATCHED']);
    await page.getByRole('button', { name: '中文' }).click();
    expect(await page.locator('#kiosk-error').textContent()).toBe(zh['error.NOT_MATCHED']);
    expect(await page.locator('#kiosk-ask-question').textContent()).toBe(question(zh['ask.question']!));
    expect(await rideOf()).toMatchObject({ status: 'REQUESTED', awaitingConsent: true });

    // The card holder, keyboard only: Tab to "yes", Enter. The ride is offered to the company at once.
    await page.getByLabel(zh['face.simulator.holder']).check();
    for (let i = 0; i < 10 && (await page.evaluate(() => document.activeElement?.id)) !== 'kiosk-ask-yes'; i++) await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('kiosk-ask-yes');
    await page.keyboard.press('Enter');
    await page.locator('#kiosk-ride-status[data-status="OFFERED"]').waitFor({ timeout: 30_000 });
    expect(await page.locator('#kiosk-ride-status').textContent()).toContain(zh['taxi.status.OFFERED']);
    const ride = await rideOf();
    expect(ride).toMatchObject({ status: 'OFFERED', awaitingConsent: false });
    const consents = await graphql(hub, '{ me { consents { grantee { id } status onlyRecord { id } } } }', {}, { token });
    expect(consents.body.data!.me.consents.filter((c: any) => c.grantee.id === 'robotaxi')).toEqual([{ grantee: { id: 'robotaxi' }, status: 'ACTIVE', onlyRecord: { id: ride.id } }]);
    await graphql(hub, 'mutation($id: ID!) { updateRide(id: $id, status: CANCELLED) { status } }', { id: ride.id }, { token });
    await page.close();

    // The citizen's own log says, in words, that the kiosk recorded the yes given in person.
    const log = await openPortal(hub, browser.context, 'access-log', { citizenId: 'C-0016' });
    await log.getByText('Transport department, official K-001 recorded your yes, given in person, to a request to see your location information for taxi help.').waitFor();
    await log.close();
  });

  it('still ends the session after 90 seconds without a touch while the question is on screen', async () => {
    const page = await openKiosk({ clock: true });
    await identify(page, '15');
    await page.locator('#kiosk-taxi').click();
    await page.getByRole('button', { name: 'Home' }).click();
    await page.locator('#kiosk-ask-yes').waitFor();
    await page.clock.runFor(91_000);
    await page.locator('#kiosk-ended').waitFor();
    expect(await page.locator('#kiosk-ended').textContent()).toBe(en['end.idle']);
    await page.close();
  });

  it('is axe-clean in both languages at both text sizes, with targets of at least 52 px', async () => {
    const page = await openKiosk();
    await identify(page, '15');
    await page.locator('#kiosk-taxi').click();
    await page.getByRole('button', { name: 'Home' }).click();
    await page.locator('#kiosk-ask-yes').waitFor();
    for (const language of ['English', '中文']) {
      await page.getByRole('button', { name: language }).click();
      for (const larger of [false, true]) {
        if (larger !== ((await page.locator('html.text-larger').count()) === 1)) await page.locator('#kiosk-size').click();
        const violations = await accessibilityViolations(page);
        labelled(`question ${language} ${larger ? 'larger' : 'normal'}`, () => expect(violations).toEqual([]));
        const small = await page.locator('button:visible').evaluateAll((buttons) => buttons.filter((b) => b.getBoundingClientRect().height < 52).map((b) => b.textContent));
        labelled(`targets on the question ${language}`, () => expect(small).toEqual([]));
      }
    }
    await page.close();
  });
});

describe('kiosk: the session ends by itself', () => {
  it('ends after 90 seconds without a touch, forgetting the card, and on Finish', async () => {
    const page = await openKiosk({ clock: true });
    await identify(page, '15');
    await page.getByRole('heading', { name: en['menu.heading'] }).waitFor();
    await page.clock.runFor(60_000);
    expect(await page.getByRole('heading', { name: en['menu.heading'] }).count()).toBe(1);
    await page.clock.runFor(31_000);
    await page.locator('#kiosk-ended').waitFor();
    expect(await page.locator('#kiosk-ended').textContent()).toBe(en['end.idle']);
    expect(await page.locator('#card-number').inputValue()).toBe('');

    await identify(page, '15');
    await page.getByRole('button', { name: en.finish }).click();
    expect(await page.locator('#kiosk-ended').textContent()).toBe(en['end.finished']);
    await page.close();
  });
});

describe('kiosk: keyboard and accessibility', () => {
  it('can be used with the keyboard alone, from the card number to the taxi', async () => {
    const page = await openKiosk();
    await page.locator('#card-number').focus();
    await page.keyboard.type('C-0015');
    await page.keyboard.press('Enter');
    await page.locator('#kiosk-take').waitFor();
    // Tab from the heading to the picture button (the simulator's two choices come first), then Enter.
    for (let i = 0; i < 8 && (await page.evaluate(() => document.activeElement?.id)) !== 'kiosk-take'; i++) await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('kiosk-take');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: en['menu.heading'] }).waitFor();
    for (let i = 0; i < 8 && (await page.evaluate(() => document.activeElement?.id)) !== 'kiosk-taxi'; i++) await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: en['taxi.heading'] }).waitFor();
    await page.close();
  });

  it('is axe-clean on every screen in both languages at both text sizes, with targets of at least 52 px', async () => {
    for (const language of ['English', '中文']) {
      for (const larger of [false, true]) {
        const page = await openKiosk();
        await page.getByRole('button', { name: language }).click();
        if (larger) await page.locator('#kiosk-size').click();
        const check = async (screen: string) => {
          const violations = await accessibilityViolations(page);
          labelled(`${screen} ${language} ${larger ? 'larger' : 'normal'}`, () => expect(violations).toEqual([]));
          const small = await page.locator('button:visible').evaluateAll((buttons) => buttons.filter((b) => b.getBoundingClientRect().height < 52).map((b) => b.textContent));
          labelled(`targets on ${screen}`, () => expect(small).toEqual([]));
        };
        await check('card');
        await page.locator('#card-number').fill('15');
        await page.locator('#card-continue').click();
        await page.locator('#kiosk-take').click();
        await page.locator('#kiosk-taxi').waitFor();
        await check('menu');
        await page.locator('#kiosk-taxi').click();
        await page.locator('#kiosk-destinations button >> nth=0').waitFor();
        await check('taxi');
        await page.locator('#kiosk-back').click();
        await page.locator('#kiosk-pass').click();
        await page.locator('#kiosk-pass-qr').waitFor();
        await check('pass');
        await page.close();
      }
    }
  });
});

describe('kiosk: the simulated camera exists only in development on loopback', () => {
  it('is not offered, and is refused, by a gateway listening beyond loopback', async () => {
    const handle = createPortalHandler({ ...hub.config, host: '0.0.0.0' });
    const server = http.createServer((req, res) => {
      void handle(req, res, new URL(req.url ?? '/', 'http://localhost').pathname).then((handled) => {
        if (!handled) res.writeHead(404).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const camera = await fetch(`${origin}/portal/kiosk/simulated-camera`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ citizenId: 'C-0015', who: 'card-holder' }) });
      expect(camera.status).toBe(403);
      const page = await browser.context.newPage();
      await page.goto(`${origin}/portal/kiosk`);
      await page.locator('#card-number').fill('15');
      await page.locator('#card-continue').click();
      await page.getByText(en['face.noCamera']).waitFor();
      expect(await page.locator('#kiosk-simulator').count()).toBe(0);
      expect(await page.locator('#kiosk-take').isDisabled()).toBe(true);
      await page.close();
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe('service centre: assisted enrolment at the desk', () => {
  let desk: Messages;
  beforeAll(async () => {
    const { DESK_MESSAGES } = (await import(pathToFileURL(path.join(PORTAL_DIR, 'kiosk/messages.js')).href)) as { DESK_MESSAGES: Record<string, Messages> };
    desk = DESK_MESSAGES.en!;
    expect(Object.keys(DESK_MESSAGES['zh-Hans']!).sort()).toEqual(Object.keys(desk).sort());
  });

  it('an official enrols a citizen’s face with the card number and the PIN the citizen types, and the kiosk then knows them', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${baseUrl(hub)}/portal/service-centre`);
    await page.getByLabel(desk['official.label']).fill('T-0042');
    await page.getByRole('button', { name: desk['official.submit'], exact: true }).click();
    await page.getByText(desk['official.signedIn'].replace('{id}', 'T-0042')).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.getByLabel(desk['enrol.card']).fill('c-0017');
    await page.getByLabel(desk['enrol.pin']).fill('1111');
    await page.getByRole('button', { name: desk['enrol.submit'] }).click();
    await page.locator('#enrol-error').waitFor();
    expect(await page.locator('#enrol-error').textContent()).toBe(desk['error.BAD_USER_INPUT']);

    await page.getByLabel(desk['enrol.card']).fill('C-0017');
    await page.getByLabel(desk['enrol.pin']).fill('2580');
    await page.getByRole('button', { name: desk['enrol.submit'] }).click();
    await page.locator('#enrol-done').waitFor();
    expect(await page.locator('#enrol-done').textContent()).toMatch(/^Done\. The face is enrolled\. The citizen’s permission lasts until \d{1,2} \w+ \d{4}\.$/);
    await page.locator('#desk-size').click();
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.close();

    // The citizen's log names the official; the kiosk now matches their face and offers a taxi, but not the pass.
    const log = await graphql(hub, '{ me { accessLog(first: 1) { edges { node { coordinate principal { official } } } } } }', {}, { token: await citizenToken(hub, 'C-0017') });
    expect((log.body.data as any).me.accessLog.edges[0].node).toEqual({ coordinate: 'Citizen.face', principal: { official: 'T-0042' } });
    const kiosk = await openKiosk();
    await identify(kiosk, '17');
    // The face check's own error, if any, rather than a timeout waiting for a menu that is not shown (it once timed
    // out here in a loaded CI run, with nothing to say why).
    expect(await kiosk.locator('#kiosk-error').allTextContents()).toEqual([]);
    await kiosk.getByRole('button', { name: en['menu.pass'] }).click();
    await kiosk.locator('#kiosk-error').waitFor();
    expect(await kiosk.locator('#kiosk-error').textContent()).toBe(en['error.CONSENT_REQUIRED']);
    await kiosk.close();
  });
});

describe('kiosk: words', () => {
  it('has every message in both languages, none empty, and words for every ride status', () => {
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    for (const table of [en, zh]) for (const [key, text] of Object.entries(table)) labelled(key, () => expect(text.trim()).not.toBe(''));
    for (const status of ['REQUESTED', 'OFFERED', 'ACCEPTED', 'DISPATCHED', 'ARRIVED', 'COMPLETED', 'CANCELLED']) labelled(status, () => expect(en).toHaveProperty([`taxi.status.${status}`]));
  });
});
