import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEMO_STAFF_PASSWORD, type DevIdentityProvider } from '../../bin/lib/dev-identity-provider.js';
import { PORTAL_DIR } from '../../gateway/portal.js';
import { citizenToken, graphql, type TestHub } from '../support/hub.js';
import { startHubWithIdentityProvider } from '../support/identity-provider.js';
import { launchBrowser, type Browser } from './browser.js';
import { accessibilityViolations, baseUrl } from './portal-support.js';

/**
 * The service-centre desk's staff sign-in in Chromium (docs/sign-in.md, "Staff sign-in"): "Sign in with the city
 * staff login" runs OpenID Connect code + PKCE against the development provider's staff client, its login form with
 * a demo official, back to the desk signed in as that official, who then enrols a face; the citizen's log names them.
 */
type Messages = Record<string, string>;
let desk: Messages;
let hub: TestHub;
let provider: DevIdentityProvider;
let browser: Browser;
let base: string;

beforeAll(async () => {
  const { DESK_MESSAGES } = (await import(pathToFileURL(path.join(PORTAL_DIR, 'kiosk/messages.js')).href)) as { DESK_MESSAGES: Record<string, Messages> };
  desk = DESK_MESSAGES.en!;
  ({ hub, provider } = await startHubWithIdentityProvider(40));
  base = baseUrl(hub);
  browser = await launchBrowser();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await provider?.close();
  await hub?.close();
});

describe('service centre: signing in with the city staff login', () => {
  it('signs official T-0042 in with the keyboard alone, then enrols a face under that name', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${base}/portal/service-centre`);
    const button = page.getByRole('button', { name: desk['official.oidc'] });
    await button.waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await button.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(`${provider.issuer}/interaction/**`);
    await page.getByLabel('Official id').focus();
    await page.keyboard.type('T-0042');
    await page.keyboard.press('Tab');
    await page.keyboard.type(DEMO_STAFF_PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${base}/portal/service-centre`);
    await page.getByText(desk['official.signedIn']!.replace('{id}', 'T-0042')).waitFor();
    // No code or verifier left in the address bar or the tab's storage.
    expect(page.url()).toBe(`${base}/portal/service-centre`);
    expect(await page.evaluate(() => Object.keys(sessionStorage).filter((key) => /oidc/.test(key)))).toEqual([]);
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.getByLabel(desk['enrol.card']).fill('C-0012');
    await page.getByLabel(desk['enrol.pin']).fill('2580');
    await page.getByRole('button', { name: desk['enrol.submit'] }).click();
    await page.locator('#enrol-done').waitFor({ timeout: 30_000 });
    await page.close();

    const log = await graphql(hub, '{ me { accessLog(first: 1) { edges { node { coordinate principal { kind id official } } } } } }', {}, { token: await citizenToken(hub, 'C-0012') });
    expect((log.body.data as any).me.accessLog.edges[0].node).toEqual({ coordinate: 'Citizen.face', principal: { kind: 'STAFF', id: 'transport', official: 'T-0042' } });
  });

  it('refuses a return it did not start (a forged code and state): says so in words, signs no one in', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${base}/portal/service-centre?code=stolen&state=not-mine`);
    await page.getByText(desk['official.failed']!).waitFor();
    expect(await page.getByLabel(desk['enrol.card']).count()).toBe(0);
    expect(page.url()).toBe(`${base}/portal/service-centre`);
    await page.close();
  });
});
