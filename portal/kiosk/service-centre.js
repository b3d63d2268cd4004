import { h, replaceChildren } from '../dom.js';
import { finishSignIn, isReturnFromSignIn, startSignIn } from '../oidc.js';
import { icon } from './icons.js';
import { DESK_MESSAGES, deskText, KIOSK_LANGUAGE_NAMES, KIOSK_LANGUAGES } from './messages.js';

/**
 * The service centre's desk page (docs/kiosk.md): an official enrols the face of a citizen without a phone, who
 * confirms with their city card number and the PIN they type themself. The official signs in with the city staff
 * login (OpenID Connect code + PKCE, the staff client: portal/oidc.js, docs/sign-in.md), or in development on
 * loopback with their official id. The credential (transport department staff, for SERVICE_DELIVERY) is held in
 * memory only; the page keeps nothing.
 */
/** Where the staff login sends the official back, and where the sign-in in progress waits meanwhile. */
const STAFF_SIGN_IN = { scope: 'openid staff', redirect: `${location.origin}/portal/service-centre`, pendingKey: 'citygraph.desk.oidc' };
const ENROL = `mutation DeskEnrolFace($input: EnrollFaceAssistedInput!) {
  enrollFaceAssisted(input: $input) { enrolledAt consentValidUntil healthPassAtKiosks }
}`;

const state = { language: 'en', larger: false, ready: false, options: { deviceSignIn: false, simulatedCamera: false }, oidc: null, official: null, token: null, busy: false, result: null, error: null };
const main = document.getElementById('desk');
const t = (key, values) => deskText(state.language, key, values);

async function postJson(url, body, headers = {}) {
  let response;
  try {
    response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  } catch {
    throw Object.assign(new Error('NETWORK'), { code: 'NETWORK' });
  }
  const answer = await response.json().catch(() => null);
  return { status: response.status, answer };
}

function toolbar() {
  const languages = KIOSK_LANGUAGES.map((language) =>
    h('button', { type: 'button', class: 'secondary', lang: language, 'aria-pressed': String(state.language === language), onclick: () => ((state.language = language), render()) }, KIOSK_LANGUAGE_NAMES[language]),
  );
  const size = h('button', { type: 'button', class: 'secondary', id: 'desk-size', onclick: () => ((state.larger = !state.larger), render()) }, state.larger ? t('tools.normal') : t('tools.larger'));
  return h('div', { class: 'kiosk-tools', role: 'group', 'aria-label': t('tools.label') }, ...languages, size);
}

function field(id, label, hint, input, error) {
  input.setAttribute('id', id);
  input.setAttribute('aria-describedby', `${id}-hint${error ? ` ${id}-error` : ''}`);
  if (error) input.setAttribute('aria-invalid', 'true');
  return h('div', { class: 'field' }, h('label', { for: id }, label), h('span', { class: 'hint', id: `${id}-hint` }, hint), error ? h('span', { class: 'error-text', id: `${id}-error` }, error) : null, input);
}

/** The city staff login, when this server names one: a public client with its own id, code + PKCE. */
function staffLogin() {
  if (!state.oidc?.configured || !state.oidc.staffClientId) return null;
  const go = () => {
    state.busy = true;
    state.error = null;
    render();
    startSignIn({ issuer: state.oidc.issuer, clientId: state.oidc.staffClientId }, STAFF_SIGN_IN).catch(() => {
      state.busy = false;
      state.error = 'SIGN_IN';
      render();
    });
  };
  return h('button', { type: 'button', id: 'official-oidc', class: 'kiosk-choice', onclick: go, disabled: state.busy }, icon('next'), h('span', {}, t('official.oidc')));
}

function officialForm() {
  const login = staffLogin();
  const failed = state.error === 'SIGN_IN' ? h('p', { class: 'alert', role: 'alert', id: 'official-failed' }, t('official.failed')) : null;
  if (!state.options.deviceSignIn) {
    return [h('h2', { id: 'desk-heading' }, t('official.heading')), failed, state.busy ? h('p', { role: 'status', class: 'status' }, t('official.working')) : null, login ?? h('p', { class: 'notice' }, t('official.none'))];
  }
  const input = h('input', { type: 'text', autocomplete: 'username', spellcheck: 'false' });
  const submit = async (event) => {
    event.preventDefault();
    const { status, answer } = await postJson('/portal/service-centre/dev-sign-in', { officialId: input.value });
    if (status !== 200) {
      state.error = 'GENERAL';
      return render();
    }
    state.official = answer.officialId;
    state.token = answer.token;
    state.error = null;
    render();
  };
  return [
    h('h2', { id: 'desk-heading' }, t('official.heading')),
    failed,
    state.error && state.error !== 'SIGN_IN' ? h('p', { class: 'alert', role: 'alert' }, t(`error.${state.error}`)) : null,
    login,
    login ? h('p', {}, t('official.dev')) : null,
    h('form', { id: 'official-form', onsubmit: submit, novalidate: true }, field('official-id', t('official.label'), t('official.hint'), input), h('button', { type: 'submit', class: 'kiosk-small' }, t('official.submit'))),
  ];
}

function enrolForm() {
  const card = h('input', { type: 'text', autocomplete: 'off', spellcheck: 'false' });
  const pin = h('input', { type: 'password', inputmode: 'numeric', autocomplete: 'off' });
  const pass = h('input', { type: 'checkbox', id: 'enrol-pass' });
  const invalid = { card: null, pin: null };
  const submit = async (event) => {
    event.preventDefault();
    const cardNumber = card.value.trim().toUpperCase();
    if (!/^C-\d{4,9}$/.test(cardNumber)) return showInvalid('card', 'enrol.invalidCard', card);
    if (!/^\d{4,8}$/.test(pin.value)) return showInvalid('pin', 'enrol.invalidPin', pin);
    state.busy = true;
    state.error = null;
    state.result = null;
    render();
    try {
      const camera = await postJson('/portal/kiosk/simulated-camera', { citizenId: cardNumber, who: 'card-holder' });
      if (camera.status !== 200) throw Object.assign(new Error('GENERAL'), { code: 'GENERAL' });
      const { status, answer } = await postJson(
        '/graphql',
        { query: ENROL, variables: { input: { cardNumber, pin: pin.value, embedding: camera.answer.embedding, healthPass: pass.checked } } },
        { authorization: `Bearer ${state.token}`, 'x-purpose': 'SERVICE_DELIVERY' },
      );
      const error = answer?.errors?.[0];
      if (answer?.data?.enrollFaceAssisted) state.result = answer.data.enrollFaceAssisted;
      else if (status === 401) {
        state.token = null;
        state.official = null;
        state.error = 'UNAUTHENTICATED';
      } else {
        const code = error?.extensions?.code;
        // The lock is the one BAD_USER_INPUT that is not "card or PIN wrong"; its message names the time.
        state.error = /Too many wrong PINs/.test(error?.message ?? '') ? 'LOCKED' : `error.${code}` in DESK_MESSAGES.en ? code : 'GENERAL';
      }
    } catch (error) {
      state.error = error.code ?? 'GENERAL';
    } finally {
      state.busy = false;
      render();
    }
  };
  function showInvalid(which, key, input) {
    invalid[which]?.remove();
    const message = h('span', { class: 'error-text', id: `enrol-${which}-error`, role: 'alert' }, t(key));
    input.before(message);
    input.setAttribute('aria-invalid', 'true');
    input.setAttribute('aria-describedby', `enrol-${which}-hint enrol-${which}-error`);
    invalid[which] = message;
    input.focus();
  }
  const date = (iso) => new Intl.DateTimeFormat(state.language === 'en' ? 'en-GB' : 'zh-CN', { dateStyle: 'long' }).format(new Date(iso));
  return [
    h('p', { class: 'status' }, t('official.signedIn', { id: state.official })),
    h('h2', { id: 'desk-heading' }, t('enrol.heading')),
    state.result
      ? h('div', { class: 'status success', role: 'status', id: 'enrol-done' }, h('p', {}, t('enrol.done', { date: date(state.result.consentValidUntil) })), state.result.healthPassAtKiosks ? h('p', {}, t('enrol.donePass')) : null)
      : null,
    state.error ? h('p', { class: 'alert', role: 'alert', id: 'enrol-error' }, t(`error.${state.error}`)) : null,
    h('p', {}, t('enrol.intro')),
    h('blockquote', { class: 'notice', id: 'enrol-consent' }, t('enrol.consent')),
    h(
      'form',
      { id: 'enrol-form', onsubmit: submit, novalidate: true },
      field('enrol-card', t('enrol.card'), t('enrol.cardHint'), card),
      field('enrol-pin', t('enrol.pin'), t('enrol.pinHint'), pin),
      h('div', { class: 'field kiosk-radio' }, pass, h('label', { for: 'enrol-pass' }, t('enrol.pass'))),
      state.options.simulatedCamera ? h('p', { class: 'hint' }, t('enrol.camera')) : h('p', { class: 'alert', role: 'alert' }, t('enrol.noCamera')),
      state.busy ? h('p', { role: 'status', class: 'status' }, t('enrol.working')) : null,
      h('button', { type: 'submit', id: 'enrol-submit', class: 'kiosk-choice', disabled: state.busy || !state.options.simulatedCamera }, icon('camera'), h('span', {}, t('enrol.submit'))),
    ),
  ];
}

function render() {
  document.documentElement.lang = state.language;
  document.documentElement.classList.toggle('text-larger', state.larger);
  document.title = t('title');
  const focusId = document.activeElement?.id;
  const body = !state.ready ? [h('p', { role: 'status', class: 'status' }, t('loading'))] : state.token ? enrolForm() : officialForm();
  replaceChildren(main, h('header', { class: 'kiosk-header' }, h('h1', {}, t('title')), toolbar()), h('section', { class: 'kiosk-screen' }, ...body));
  const again = focusId ? document.getElementById(focusId) : null;
  if (again && !again.disabled) again.focus();
}

/** The staff login sending the official back: the ID token is their credential, `sub` staff:<department>:<official>. */
async function returnFromStaffLogin() {
  try {
    const { token, citizenId: subject } = await finishSignIn(STAFF_SIGN_IN);
    const [, department, official] = /^staff:([a-z]+):(.+)$/.exec(subject) ?? [];
    if (!department || !official) throw new Error('not an official');
    state.token = token;
    state.official = official;
  } catch {
    state.error = 'SIGN_IN';
  }
}

async function start() {
  render();
  const returning = isReturnFromSignIn();
  try {
    const [kiosk, signIn] = await Promise.all([fetch('/portal/kiosk/options'), fetch('/portal/sign-in-options')]);
    if (kiosk.ok) state.options = await kiosk.json();
    if (signIn.ok) state.oidc = (await signIn.json()).oidc ?? null;
  } catch {
    // No options: no sign-in and no camera, said on the page.
  }
  if (returning) await returnFromStaffLogin();
  state.ready = true;
  render();
}

start();
