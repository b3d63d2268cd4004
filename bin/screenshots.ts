import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
// The screenshots come from the same throwaway, seeded hub and the same headless Chromium that the browser tests
// use, so that what is committed under docs/portal/ is what the tests check.
import { launchBrowser } from '../test/e2e/browser.js';
import { openPortal, PORTAL_PAGES, type Language } from '../test/e2e/portal-support.js';
import { citizenToken, graphql, staffToken, startTestHub, type TestHub } from '../test/support/hub.js';

/**
 * `npm run screenshots`: PNGs of every portal page in English and Chinese, written to docs/portal/ as
 * `<page>.<language>.png`, for citizen C-0001 with a few consents and access-log entries made first; then the kiosk's
 * screens for the demo senior C-0015 and the service-centre desk (`kiosk-<screen>.<language>.png`).
 * `npm run screenshots -- kiosk` makes only the kiosk's.
 */
const OUT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../docs/portal');
const LANGUAGES: Language[] = ['en', 'zh-Hans'];
const CITIZEN = 'C-0001';

function warnWithoutChineseFont(): void {
  try {
    if (execFileSync('fc-list', [':lang=zh'], { encoding: 'utf8' }).trim()) return;
  } catch {
    // No fontconfig: Chromium cannot find a Chinese font either.
  }
  process.stderr.write('warning: no Chinese font is installed, so Chinese text will show as boxes. Install one with: apt-get install -y fonts-wqy-microhei\n');
}

/** Something to show on every page: a consent of each state and entries in the access log. */
async function prepareDemo(hub: TestHub): Promise<void> {
  const token = await citizenToken(hub, CITIZEN);
  const grant = async (granteeId: string, purpose: string, categories: string[]) => {
    const answer = await graphql(hub, 'mutation($input: GrantConsentInput!) { grantConsent(input: $input) { id } }', { input: { granteeId, purpose, categories, validUntil: '2027-12-31T23:59:59Z' } }, { token });
    if (answer.body.errors) throw new Error(`grant failed: ${JSON.stringify(answer.body.errors)}`);
    return answer.body.data!.grantConsent.id as string;
  };
  const paused = await grant('health', 'PUBLIC_HEALTH', ['HEALTH', 'CONTACT']);
  await graphql(hub, 'mutation($id: ID!) { pauseConsent(id: $id) { id } }', { id: paused }, { token });
  const revoked = await grant('transport', 'TAXI_ASSIST', ['LOCATION']);
  await graphql(hub, 'mutation($id: ID!) { revokeConsent(id: $id) { id } }', { id: revoked }, { token });

  const transport = await staffToken(hub, 'transport');
  await graphql(hub, `{ citizen(id: "${CITIZEN}") { name trips(last: 2) { at stationId } healthCode { status } } }`, {}, { token: transport, purpose: 'SERVICE_DELIVERY' });
  await graphql(hub, `{ citizen(id: "${CITIZEN}") { savedPlaces { label } } }`, {}, { token: transport, purpose: 'TAXI_ASSIST' });
  // A ride under way for the taxi page (offered at once: C-0001 lets RoboTaxi Co. see her places for taxi help).
  const hail = await graphql(hub, 'mutation { hailTaxi(input: { fromLabel: "Home", toLabel: "Clinic" }) { id } }', {}, { token });
  if (hail.body.errors) throw new Error(`hail failed: ${JSON.stringify(hail.body.errors)}`);
}

/**
 * The kiosk's screens, one session per language: the card, the menu after the face check, the one-ride question, a
 * ride, its cancel (the confirmation, then cancelled), the pass; and the desk.
 */
async function kioskScreens(hub: TestHub, browser: Awaited<ReturnType<typeof launchBrowser>>): Promise<void> {
  const base = hub.url.replace(/\/graphql$/, '');
  for (const language of LANGUAGES) {
    const tab = await browser.context.newPage();
    await tab.setViewportSize({ width: 1000, height: 900 });
    const shot = async (name: string) => {
      const file = path.join(OUT_DIR, `kiosk-${name}.${language}.png`);
      await tab.screenshot({ path: file, fullPage: true });
      process.stderr.write(`wrote ${path.relative(process.cwd(), file)}\n`);
    };
    await tab.goto(`${base}/portal/kiosk`);
    await tab.locator('#card-number').waitFor();
    if (language === 'zh-Hans') await tab.getByRole('button', { name: '中文' }).click();
    await tab.locator('#card-number').fill('15');
    await shot('card');
    await tab.locator('#card-continue').click();
    await tab.locator('#kiosk-take').click();
    await tab.locator('#kiosk-taxi').waitFor({ timeout: 60_000 });
    await shot('menu');
    await tab.locator('#kiosk-taxi').click();
    await tab.locator('#kiosk-destinations button >> nth=1').click();
    // C-0015 lets no taxi company see her rides yet: the kiosk asks the one-ride question, and she says yes.
    await tab.locator('#kiosk-ask-yes').waitFor({ timeout: 60_000 });
    await shot('ask');
    await tab.locator('#kiosk-ask-yes').click();
    await tab.locator('#kiosk-ride-status[data-status="OFFERED"]').waitFor({ timeout: 60_000 });
    await shot('ride');
    // Then she changes her mind: the kiosk asks first, and a fresh picture cancels the ride.
    await tab.locator('#kiosk-cancel').click();
    await tab.locator('#kiosk-cancel-yes').waitFor();
    await shot('cancel');
    await tab.locator('#kiosk-cancel-yes').click();
    await tab.locator('#kiosk-cancelled').waitFor({ timeout: 60_000 });
    await shot('cancelled');
    await tab.locator('#kiosk-finish').click();
    await tab.locator('#card-number').fill('15');
    await tab.locator('#card-continue').click();
    await tab.locator('#kiosk-take').click();
    await tab.locator('#kiosk-pass').click({ timeout: 60_000 });
    await tab.locator('#kiosk-pass-qr').waitFor({ timeout: 60_000 });
    await shot('pass');

    await tab.goto(`${base}/portal/service-centre`);
    await tab.locator('#official-id').waitFor();
    if (language === 'zh-Hans') await tab.getByRole('button', { name: '中文' }).click();
    await tab.locator('#official-id').fill('T-0042');
    await tab.locator('#official-form button[type=submit]').click();
    await tab.locator('#enrol-card').fill('C-0017');
    await shot('service-centre');
    await tab.close();
  }
}

async function main(): Promise<void> {
  const onlyKiosk = process.argv.slice(2).includes('kiosk');
  warnWithoutChineseFont();
  fs.mkdirSync(OUT_DIR, { recursive: true });
  process.stderr.write('starting a hub with demo data…\n');
  const hub = await startTestHub({ sensors: 500 });
  const browser = await launchBrowser();
  try {
    await prepareDemo(hub);
    for (const language of onlyKiosk ? [] : LANGUAGES) {
      for (const page of PORTAL_PAGES) {
        const tab = await openPortal(hub, browser.context, page, { citizenId: page === 'sign-in' ? undefined : CITIZEN, language });
        await tab.setViewportSize({ width: 1000, height: 800 });
        const file = path.join(OUT_DIR, `${page}.${language}.png`);
        await tab.screenshot({ path: file, fullPage: true });
        process.stderr.write(`wrote ${path.relative(process.cwd(), file)}\n`);
        await tab.close();
      }
    }
    await kioskScreens(hub, browser);
  } finally {
    await browser.close();
    await hub.close();
  }
}

await main();
