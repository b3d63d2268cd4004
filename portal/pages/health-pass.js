import { graphql, PortalError } from '../api.js';
import { h, replaceChildren } from '../dom.js';
import { qrSvg } from '../qr.js';

/**
 * The health pass: the signed QR code a clinic door or a transit gate scans (docs/health-pass.md). A pass lives two
 * minutes and works once at each kind of place, so the page fetches a fresh one before the old one expires, by
 * itself: nobody has to hurry or press anything. The status is said in words as well as shown.
 */
const ISSUE = `mutation PortalHealthPass { issueHealthPass { token expiresAt status } }`;
/** Fetch the next pass this long before the current one expires, so the code on screen always scans. */
const REFRESH_BEFORE_EXPIRY_MS = 30_000;

/** One timer for the page: re-rendering (a language switch) replaces it instead of adding another. */
let refreshTimer = null;

export function render(ctx, view) {
  const { t } = ctx;
  clearTimeout(refreshTimer);
  const pass = h('div', { id: 'pass', 'aria-busy': 'true' }, h('p', {}, t('app.loading')));
  const refresh = h('button', { type: 'button', class: 'secondary', id: 'pass-refresh', onclick: () => load() }, t('pass.refresh'));
  view.append(h('p', {}, t('pass.intro')), pass, h('p', {}, t('pass.howLong')), h('div', { class: 'actions' }, refresh));

  async function load() {
    clearTimeout(refreshTimer);
    refresh.disabled = true;
    try {
      const { data, errors } = await graphql(ISSUE);
      const issued = data.issueHealthPass;
      if (!issued) throw new PortalError(errors[0]?.extensions?.code ?? 'GENERAL', errors[0]?.message);
      pass.removeAttribute('aria-busy');
      replaceChildren(pass, ...show(ctx, issued));
      const wait = Math.max(5_000, Date.parse(issued.expiresAt) - Date.now() - REFRESH_BEFORE_EXPIRY_MS);
      refreshTimer = setTimeout(load, wait);
    } catch (error) {
      pass.removeAttribute('aria-busy');
      replaceChildren(pass);
      ctx.fail(error);
    } finally {
      refresh.disabled = false;
    }
  }
  load();
}

function show(ctx, issued) {
  const { t } = ctx;
  const status = issued.status;
  return [
    h('p', { class: `pass-status pass-${(status ?? 'unknown').toLowerCase()}`, id: 'pass-status' }, status ? t(`pass.status.${status}`) : t('value.none')),
    qrSvg(issued.token, t('pass.qrLabel'), 'pass-qr'),
    h('p', { id: 'pass-valid' }, t('pass.validUntil', { time: new Intl.DateTimeFormat(document.documentElement.lang, { timeStyle: 'short' }).format(new Date(issued.expiresAt)) })),
  ];
}
