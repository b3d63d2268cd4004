import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EXPLORER_CITIZEN, renderExplorer } from '../../gateway/explorer.js';
import type { HubConfig } from '../../platform/config.js';
import { graphql, startTestHub, type TestHub } from '../support/hub.js';
import { launchBrowser, type Browser } from './browser.js';

let hub: TestHub;
let browser: Browser;

beforeAll(async () => {
  hub = await startTestHub({ sensors: 500 });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await hub?.close();
});

const TOKEN_IN_PAGE = /Bearer (ey[\w-]+\.[\w-]+\.[\w-]+)/;

describe('explorer', () => {
  it('loads offline in Chromium, with nothing requested outside the hub, and runs the first query with its token', async () => {
    const origin = new URL(hub.url).origin;
    const outside: string[] = [];
    // Anything not on this hub is recorded and refused, so that a CDN dependency fails here rather than in a
    // developer's offline afternoon.
    await browser.context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(`${origin}/`)) return route.continue();
      outside.push(url);
      return route.abort();
    });
    const seen: string[] = [];
    browser.context.on('request', (request) => seen.push(request.url()));
    const errors: string[] = [];
    const page = await browser.context.newPage();
    page.on('pageerror', (error) => errors.push(error.message));

    await page.goto(hub.url);
    await page.getByRole('button', { name: 'Execute query (Ctrl-Enter)' }).waitFor({ timeout: 30_000 });
    // The schema arrives by introspection: the docs explorer can then open the Query type.
    await page.getByRole('button', { name: 'Show Documentation Explorer' }).click();
    await page.getByText('Query', { exact: true }).first().waitFor();
    await page.getByRole('button', { name: 'Headers' }).click();
    await page.getByText('"Authorization"').waitFor();

    await page.getByRole('button', { name: 'Execute query (Ctrl-Enter)' }).click();
    await page.getByRole('menuitem', { name: 'Me' }).click();
    await page.locator('.graphiql-response').getByText(EXPLORER_CITIZEN).first().waitFor({ timeout: 15_000 });
    // The response editor renders non-breaking spaces and wraps long lines: compare words, not layout.
    const response = (await page.locator('.graphiql-response').innerText()).replace(/\s+/g, ' ');
    expect(response).toContain('"name": "Aiko Wang"');
    expect(response).toContain('RoboTaxi Co.');

    expect(errors).toEqual([]);
    expect(outside).toEqual([]);
    expect(seen.filter((url) => !url.startsWith(`${origin}/`) && !url.startsWith(`blob:${origin}/`))).toEqual([]);
    await page.close();
    await browser.context.unrouteAll();
  });

  it('pre-fills a real development token for C-0001 that the graph accepts', async () => {
    const page = await fetch(hub.url, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).not.toMatch(/<(script|link)[^>]+(src|href)="https?:/);
    const token = TOKEN_IN_PAGE.exec(html)?.[1];
    expect(token).toBeDefined();
    const me = await graphql(hub, '{ me { id } }', {}, { token });
    expect(me.body.data!.me).toEqual({ id: EXPLORER_CITIZEN });

  });

  it('never carries a token when the request may not have one (production, or a Host that is not loopback)', async () => {
    const html = await renderExplorer(hub.config, { withDevToken: false });
    expect(html).not.toMatch(TOKEN_IN_PAGE);
    expect(html).toContain('Bearer <your token>');
  });
});
