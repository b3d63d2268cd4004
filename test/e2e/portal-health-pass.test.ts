import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { passVerifyingKey, verifyPass, type VerifiedPass } from '../../contracts/health-pass/pass.js';
import { healthPassIdentityKey, healthPassPublicKey } from '../../platform/keys.js';
import { graphql, staffToken, startTestHub, type TestHub } from '../support/hub.js';
import { launchBrowser, type Browser } from './browser.js';
import { openPortal } from './portal-support.js';

/**
 * The portal's health pass page (docs/health-pass.md): the signed pass as a QR code that a real scanner reads
 * (zbarimg, Debian's zbar-tools, decodes a screenshot of the page), refreshed before it expires, the status in words.
 */
const ZBARIMG = '/usr/bin/zbarimg';
let hub: TestHub;
let browser: Browser;
let scratch: string;

beforeAll(async () => {
  if (!fs.existsSync(ZBARIMG)) throw new Error(`This test reads the QR code with ${ZBARIMG}: apt-get install -y zbar-tools (npm test does this itself when run as root).`);
  hub = await startTestHub({ citizens: 50, sensors: 200 });
  browser = await launchBrowser();
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'citygraph-qr-'));
});
afterAll(async () => {
  await browser?.close();
  await hub?.close();
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
});

/** What a gate's scanner reads from the screen: the QR code decoded from a screenshot, then verified offline. */
async function scan(page: Page): Promise<{ token: string; pass: VerifiedPass }> {
  const file = path.join(scratch, `qr-${Date.now()}.png`);
  await page.locator('#pass-qr').screenshot({ path: file });
  const token = execFileSync(ZBARIMG, ['--quiet', '--raw', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  return { token, pass: verifyPass(passVerifyingKey(healthPassPublicKey(hub.config)), healthPassIdentityKey(hub.config), token, new Date()) };
}

describe('portal: the health pass page', () => {
  it('shows C-0001 a QR code that scans as their signed GREEN pass, and it opens a transit gate', async () => {
    const page = await openPortal(hub, browser.context, 'health-pass', { citizenId: 'C-0001' });
    expect(await page.locator('#pass-status').textContent()).toBe('Your health code is green. You can go everywhere, including public transport.');
    const { token, pass } = await scan(page);
    expect(pass).toMatchObject({ citizenId: 'C-0001', status: 'GREEN' });
    const tapped = await graphql(hub, 'mutation($t: String!) { tapTransit(token: $t, stationId: "ST-001") { trip { stationId } } }', { t: token }, { token: await staffToken(hub, 'transport'), purpose: 'TRANSIT_ACCESS' });
    expect(tapped.body).toEqual({ data: { tapTransit: { trip: { stationId: 'ST-001' } } } });
    await page.close();
  });

  it('tells C-0004 in both languages that the code is red and public transport will not let them in', async () => {
    const page = await openPortal(hub, browser.context, 'health-pass', { citizenId: 'C-0004', language: 'zh-Hans' });
    expect(await page.locator('#pass-status').textContent()).toContain('红码');
    expect((await scan(page)).pass).toMatchObject({ citizenId: 'C-0004', status: 'RED' });
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByText('Your health code is red.').waitFor();
    expect(await page.locator('#pass-status').textContent()).toContain('Public transport will not');
    await page.close();
  });

  it('replaces the code with a fresh one before it expires, without anyone pressing anything', async () => {
    const page = await openPortal(hub, browser.context, 'health-pass', { citizenId: 'C-0002', controlledClock: true });
    const first = await scan(page);
    // Only the page's clock is controlled; the hub signs with the real one, to the second. A real second passes first,
    // so that the next pass cannot be signed in the same second as this one (it failed once on a fast run).
    await new Promise((resolve) => setTimeout(resolve, 1100));
    // The page fetches the next pass 30 s before this one expires (passes live 120 s).
    await page.clock.fastForward(Math.max(0, first.pass.expiresAt.getTime() - Date.now() - 25_000));
    await page.waitForFunction((old) => (document.querySelector('#pass-qr path')?.getAttribute('d') ?? old) !== old, await page.locator('#pass-qr path').getAttribute('d'));
    const second = await scan(page);
    expect(second.token).not.toBe(first.token);
    expect(second.pass.citizenId).toBe('C-0002');
    expect(second.pass.expiresAt.getTime()).toBeGreaterThan(first.pass.expiresAt.getTime());
    await page.close();
  });

  it('gives a new code on request with the keyboard alone', async () => {
    const page = await openPortal(hub, browser.context, 'health-pass', { citizenId: 'C-0003' });
    const before = await page.locator('#pass-qr path').getAttribute('d');
    await page.getByRole('button', { name: 'Get a new code now' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction((old) => document.querySelector('#pass-qr path')?.getAttribute('d') !== old, before);
    expect((await scan(page)).pass).toMatchObject({ citizenId: 'C-0003', status: 'AMBER' });
    await page.close();
  });
});
