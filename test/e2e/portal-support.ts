import AxeBuilder from '@axe-core/playwright';
import type { BrowserContext, Page } from 'playwright-core';
import { citizenToken, type TestHub } from '../support/hub.js';

/** The storage keys of portal/prefs.js: what the portal remembers. */
export const STORAGE = {
  language: 'citygraph.portal.language',
  textSize: 'citygraph.portal.textSize',
  token: 'citygraph.portal.token',
  citizenId: 'citygraph.portal.citizenId',
} as const;

export type Language = 'en' | 'zh-Hans';
export type TextSize = 'normal' | 'larger';
export type PortalPage = 'sign-in' | 'my-data' | 'health-pass' | 'taxi' | 'consents' | 'requests' | 'law' | 'access-log' | 'notifications' | 'erase-export';

export const PORTAL_PAGES: PortalPage[] = ['sign-in', 'my-data', 'health-pass', 'taxi', 'consents', 'requests', 'law', 'access-log', 'notifications', 'erase-export'];

/** An element that exists only once a page has finished loading its data. */
export const READY: Record<PortalPage, string> = {
  'sign-in': '#citizen-id',
  'my-data': '#view section.department >> nth=3',
  'health-pass': '#pass-qr',
  taxi: '#taxi-checked:not(:empty)',
  consents: '#grant-form',
  requests: '#blocked-list > *',
  law: '#statutes',
  'access-log': '#log-verification p',
  notifications: '#notification-list:not([aria-busy])',
  'erase-export': '#erase-start',
};

export function baseUrl(hub: TestHub): string {
  return hub.url.replace(/\/graphql$/, '');
}

/**
 * Opens a portal page as a signed-in citizen with the given preferences, set the way the portal itself stores them
 * (the sign-in form is exercised by its own test; here it would only slow the matrix down).
 */
export async function openPortal(
  hub: TestHub,
  context: BrowserContext,
  page: PortalPage,
  options: { citizenId?: string; language?: Language; textSize?: TextSize; controlledClock?: boolean } = {},
): Promise<Page> {
  const tab = await context.newPage();
  // Timers the page sets (the health pass's refresh) run on a clock the test can move forward, instead of waiting.
  if (options.controlledClock) await tab.clock.install();
  const token = options.citizenId ? await citizenToken(hub, options.citizenId) : null;
  await tab.goto(`${baseUrl(hub)}/portal/sign-in`);
  await tab.evaluate(
    ({ keys, language, textSize, token, citizenId }) => {
      localStorage.setItem(keys.language, language);
      localStorage.setItem(keys.textSize, textSize);
      if (token && citizenId) {
        sessionStorage.setItem(keys.token, token);
        sessionStorage.setItem(keys.citizenId, citizenId);
      }
    },
    { keys: STORAGE, language: options.language ?? 'en', textSize: options.textSize ?? 'normal', token, citizenId: options.citizenId ?? null },
  );
  await tab.goto(`${baseUrl(hub)}/portal/${page}`);
  await tab.locator(READY[page]).waitFor();
  return tab;
}

const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** Axe's violations at WCAG 2.1 AA, one readable line per rule and element, so a failure says what to fix. */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(WCAG_21_AA).analyze();
  // No passing rule at all would mean axe checked nothing (an empty page), which must not count as accessible.
  if (results.passes.length === 0) throw new Error(`axe checked no rule on ${page.url()}`);
  return results.violations.flatMap((violation) => violation.nodes.map((node) => `${violation.id} (${violation.impact}): ${node.target.join(' ')} — ${node.failureSummary ?? ''}`));
}
