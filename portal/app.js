import { PortalError } from './api.js';
import { h, replaceChildren } from './dom.js';
import { LANGUAGE_NAMES, LANGUAGES, LOCALES, hasMessage, translate } from './i18n.js';
import { endSessionUrl } from './oidc.js';
import { clearSession, readLanguage, readSession, readTextSize, saveLanguage, saveTextSize, setFlash, takeFlash } from './prefs.js';
import * as accessLog from './pages/access-log.js';
import * as consents from './pages/consents.js';
import * as notifications from './pages/notifications.js';
import * as eraseExport from './pages/erase-export.js';
import * as healthPass from './pages/health-pass.js';
import * as law from './pages/law.js';
import * as myData from './pages/my-data.js';
import * as requests from './pages/requests.js';
import * as signIn from './pages/sign-in.js';
import * as taxi from './pages/taxi.js';

/**
 * The portal: one page per path under /portal (the gateway answers each with this same document). Each page is a
 * plain, full page load; the shell (header, navigation, live regions, footer) is built here and the page module
 * fills <main>. Switching language re-renders in place; text size is a class on <html>.
 */
const PAGES = { 'my-data': myData, 'health-pass': healthPass, taxi, consents, requests, law, 'access-log': accessLog, notifications, 'erase-export': eraseExport };
const NAV_ORDER = ['my-data', 'health-pass', 'taxi', 'consents', 'requests', 'law', 'access-log', 'notifications', 'erase-export'];

const state = {
  language: readLanguage(),
  textSize: readTextSize(),
  session: readSession(),
};

function pageFromPath() {
  const slug = location.pathname.replace(/^\/portal\/?/, '').replace(/\/+$/, '');
  if (slug === 'sign-in') return 'sign-in';
  return slug in PAGES ? slug : state.session ? 'my-data' : 'sign-in';
}

const page = pageFromPath();
if (page !== 'sign-in' && !state.session) location.replace('/portal/sign-in');
// /portal alone (or an unknown path) shows a page: give it that page's own address, for bookmarks and the back button.
else if (location.pathname !== `/portal/${page}`) history.replaceState(null, '', `/portal/${page}`);

function t(key, params) {
  return translate(state.language, key, params);
}

const dateTimeFormat = () => new Intl.DateTimeFormat(LOCALES[state.language], { dateStyle: 'long', timeStyle: 'short' });
const dateFormat = () => new Intl.DateTimeFormat(LOCALES[state.language], { dateStyle: 'long' });

/** Helpers every page gets: words, dates and lists in the chosen language, and the live regions. */
function context(main) {
  const status = main.querySelector('#status');
  const alert = main.querySelector('#alert');
  return {
    language: state.language,
    session: state.session,
    t,
    has: (key) => hasMessage(state.language, key),
    dateTime: (iso) => (iso ? dateTimeFormat().format(new Date(iso)) : t('value.never')),
    /** A calendar date such as a birthday, shown as written (no time zone shift). */
    date: (iso) => (iso ? dateFormat().format(new Date(iso.length === 10 ? `${iso}T12:00:00` : iso)) : t('value.never')),
    list: (items) => new Intl.ListFormat(LOCALES[state.language], { type: 'conjunction' }).format(items),
    /** Grantee and principal names: departments in the chosen language, partners as they call themselves. */
    organisation: (kind, id, name) => (kind !== 'PARTNER' && hasMessage(state.language, `dept.${id}`) ? t(`dept.${id}`) : name),
    /** Who acted, as a log entry names them: a department with its named official, a partner (for an end user). */
    actor(principal) {
      if (principal.kind === 'STAFF' && principal.official) {
        return hasMessage(state.language, `deptOfficial.${principal.id}`)
          ? t(`deptOfficial.${principal.id}`, { official: principal.official })
          : t('who.official', { department: principal.name, official: principal.official });
      }
      const name = hasMessage(state.language, `dept.${principal.id}`) && principal.kind !== 'PARTNER' ? t(`dept.${principal.id}`) : principal.name;
      return principal.kind === 'PARTNER' && principal.endUserHash ? t('who.endUser', { partner: name }) : name;
    },
    announce(message, tone = 'info') {
      alert.textContent = '';
      status.className = tone === 'success' ? 'status success' : 'status';
      status.textContent = message;
    },
    fail(error) {
      status.textContent = '';
      if (error instanceof PortalError && error.code === 'UNAUTHENTICATED') {
        setFlash('error.sessionEnded');
        location.assign('/portal/sign-in');
        return;
      }
      const known = error instanceof PortalError && error.code === 'NETWORK' ? t('error.network') : t('error.general');
      // A refusal of what was asked (a past date, an unknown grantee) comes with the hub's own explanation.
      alert.textContent = error instanceof PortalError && error.code === 'BAD_USER_INPUT' && error.message ? error.message : known;
    },
    /** A problem said in the page's own words (not an error answered by the hub). */
    warn(message) {
      status.textContent = '';
      alert.textContent = message;
    },
    clearMessages() {
      status.textContent = '';
      alert.textContent = '';
    },
  };
}

function renderShell() {
  const root = document.documentElement;
  root.lang = state.language;
  root.classList.toggle('text-larger', state.textSize === 'larger');
  document.title = `${t(`page.${page}`)} – ${t('app.title')}`;

  const otherLanguage = LANGUAGES.find((language) => language !== state.language);
  const languageButton = h('button', { type: 'button', class: 'secondary', id: 'language-switch', lang: otherLanguage, onclick: switchLanguage }, LANGUAGE_NAMES[otherLanguage]);
  const sizeButton = h('button', { type: 'button', class: 'secondary', id: 'size-switch', onclick: switchTextSize }, state.textSize === 'larger' ? t('app.sizeNormal') : t('app.sizeLarger'));
  const account = state.session
    ? h('div', { class: 'account' }, h('p', {}, t('app.signedInAs', { id: state.session.citizenId })), h('button', { type: 'button', class: 'secondary', id: 'sign-out', onclick: signOut }, t('app.signOut')))
    : null;

  const header = h(
    'header',
    { class: 'banner' },
    h(
      'div',
      { class: 'wrap' },
      h('p', { class: 'site-name' }, h('a', { href: state.session ? '/portal/my-data' : '/portal/sign-in' }, t('app.title'))),
      h('div', { class: 'tools', role: 'group', 'aria-label': t('app.tools') }, languageButton, sizeButton),
      account,
    ),
  );
  const nav = state.session
    ? h(
        'nav',
        { class: 'nav', 'aria-label': t('app.nav') },
        h('ul', {}, NAV_ORDER.map((slug) => h('li', {}, h('a', { href: `/portal/${slug}`, 'aria-current': slug === page ? 'page' : null }, t(`page.${slug}`))))),
      )
    : null;
  return { header, nav };
}

let shell;
let main;

function render(focusId) {
  const { header, nav } = renderShell();
  if (!shell) {
    main = h(
      'main',
      { id: 'main', class: 'wrap', tabindex: '-1' },
      h('h1', { id: 'page-heading' }),
      // Both regions exist from the start so that screen readers announce what is put in them later.
      h('div', { id: 'status', class: 'status', role: 'status', 'aria-live': 'polite' }),
      h('div', { id: 'alert', class: 'alert', role: 'alert' }),
      h('div', { id: 'view' }),
    );
    shell = { skip: h('a', { class: 'skip-link', href: '#main' }), header: h('div'), nav: h('div'), footer: h('footer', {}, h('div', { class: 'wrap' }, h('p'))) };
    document.body.replaceChildren(shell.skip, shell.header, shell.nav, main, shell.footer);
  }
  shell.skip.textContent = t('app.skip');
  shell.header.replaceWith(header);
  shell.header = header;
  const navSlot = nav ?? h('div');
  shell.nav.replaceWith(navSlot);
  shell.nav = navSlot;
  shell.footer.querySelector('p').textContent = t('app.footer');
  main.querySelector('#page-heading').textContent = t(`page.${page}`);

  const ctx = context(main);
  const view = main.querySelector('#view');
  replaceChildren(view);
  const module = page === 'sign-in' ? signIn : PAGES[page];
  module.render(ctx, view);
  if (focusId) document.getElementById(focusId)?.focus();
  return ctx;
}

function switchLanguage() {
  state.language = LANGUAGES.find((language) => language !== state.language);
  saveLanguage(state.language);
  render('language-switch');
}

function switchTextSize() {
  state.textSize = state.textSize === 'larger' ? 'normal' : 'larger';
  saveTextSize(state.textSize);
  document.documentElement.classList.toggle('text-larger', state.textSize === 'larger');
  const button = document.getElementById('size-switch');
  button.textContent = state.textSize === 'larger' ? t('app.sizeNormal') : t('app.sizeLarger');
  button.focus();
}

function signOut() {
  // Read before forgetting it: a session from the city login ends there too, which then sends the citizen back here.
  const endSession = endSessionUrl(readSession(), state.language);
  clearSession();
  setFlash('app.signedOut');
  location.assign(endSession ?? '/portal/sign-in');
}

if (page === 'sign-in' || state.session) {
  const ctx = render();
  const flash = takeFlash();
  if (flash) ctx.announce(t(flash));
}
