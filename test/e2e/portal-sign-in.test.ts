import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { decodeJwt } from 'jose';
import { DEMO_PASSWORD, type DevIdentityProvider } from '../../bin/lib/dev-identity-provider.js';
import type { TestHub } from '../support/hub.js';
import { startHubWithIdentityProvider } from '../support/identity-provider.js';
import { launchBrowser, type Browser } from './browser.js';
import { accessibilityViolations, baseUrl, STORAGE } from './portal-support.js';

/**
 * The portal's "Sign in with the city login" button in Chromium: OpenID Connect code + PKCE against the development
 * provider (a real oidc-provider on its own port), its login form, back to the portal, signed in (docs/sign-in.md).
 */
let hub: TestHub;
let provider: DevIdentityProvider;
let browser: Browser;
let base: string;


beforeAll(async () => {
  ({ hub, provider } = await startHubWithIdentityProvider(50));
  base = baseUrl(hub);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await provider?.close();
  await hub?.close();
});

describe('portal: signing in with the city login', () => {
  it('offers the city login, accessible, beside the development sign-in', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${base}/portal/sign-in`);
    const button = page.getByRole('button', { name: 'Sign in with the city login' });
    await button.waitFor();
    expect(await button.isEnabled()).toBe(true);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.close();
  });

  it('signs C-0001 in with the keyboard alone: the button, the city login form, back to My data with the provider’s token', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${base}/portal/sign-in`);
    await page.getByRole('button', { name: 'Sign in with the city login' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(`${provider.issuer}/interaction/**`);
    await page.getByLabel('Citizen number').focus();
    await page.keyboard.type('C-0001');
    await page.keyboard.press('Tab');
    await page.keyboard.type(DEMO_PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${base}/portal/my-data`);
    await page.getByText('Signed in as C-0001').waitFor();
    await page.getByRole('heading', { level: 2, name: 'Transport Department' }).waitFor();

    const token = await page.evaluate((key) => sessionStorage.getItem(key), STORAGE.token);
    expect(decodeJwt(token!)).toMatchObject({ iss: provider.issuer, aud: hub.config.oidc!.clientId, sub: 'C-0001' });
    // No code, verifier or token left in the address bar, the history or long-term storage.
    expect(page.url()).toBe(`${base}/portal/my-data`);
    expect(await page.evaluate(() => [Object.keys(localStorage).filter((key) => /token|oidc/.test(key)), sessionStorage.getItem('citygraph.portal.oidc')])).toEqual([[], null]);

    // Signing out ends the city login's session too (RP-Initiated Logout), then comes back to the sign-in page; the
    // next person at this computer is asked for a password, not signed in as C-0001.
    const providerSession = async () => (await browser.context.cookies(provider.issuer)).filter((c) => c.name === '_session').length;
    expect(await providerSession()).toBe(1);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${base}/portal/sign-in`);
    await page.getByText('You are signed out.').waitFor();
    expect(await providerSession()).toBe(0);
    expect(await page.evaluate(() => Object.keys(sessionStorage).filter((key) => key.startsWith('citygraph.portal.')))).toEqual([]);
    await page.getByRole('button', { name: 'Sign in with the city login' }).click();
    await page.waitForURL(`${provider.issuer}/interaction/**`);
    await page.getByLabel('Password').waitFor();
    await page.close();
  });

  it('refuses a return it did not start (a forged code and state): says so in words, signs no one in', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${base}/portal/sign-in?code=stolen&state=not-mine`);
    await page.getByText('Signing in did not work.').waitFor();
    expect(page.url()).toBe(`${base}/portal/sign-in`);
    expect(await page.evaluate((key) => sessionStorage.getItem(key), STORAGE.token)).toBeNull();
    await page.getByRole('button', { name: 'Sign in with the city login' }).waitFor();
    await page.close();
  });
});
