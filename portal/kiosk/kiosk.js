import { h, replaceChildren } from '../dom.js';
import { qrSvg } from '../qr.js';
import { KioskDevice, KioskError } from './device.js';
import { icon } from './icons.js';
import { KIOSK_LANGUAGE_NAMES, KIOSK_LANGUAGES, kioskText, knownError } from './messages.js';

/**
 * The city kiosk for people without a phone (docs/kiosk.md): tap the city card (or type its number), look at the
 * camera, then one touch: a taxi to a saved place, followed on screen as it moves on, or the health pass as a QR
 * code. When no taxi company may see the citizen's rides yet, the kiosk asks whether one may see this ride only,
 * with a yes and a no, each taking a fresh picture that authorises the answer. A booked ride can be cancelled while
 * it is live, after a plain confirmation whose yes takes a fresh picture too (the citizen's own cancel, as in the
 * portal). One thing per screen, very large buttons with a picture, two languages and two text sizes, all usable
 * with a keyboard. The session ends by itself after IDLE_MS without a touch or a key, and on "Finish"; ending it
 * forgets the card number and everything shown. Nothing is stored in the browser.
 */
export const IDLE_MS = 90_000;
const RIDE_POLL_MS = 4_000;
const LIVE_RIDE = new Set(['REQUESTED', 'OFFERED', 'ACCEPTED', 'DISPATCHED', 'ARRIVED']);

const params = new URLSearchParams(location.search);
const device = new KioskDevice(/^K-\d{3,6}$/.test(params.get('kiosk') ?? '') ? params.get('kiosk') : 'K-001');

const state = {
  language: 'en',
  larger: false,
  screen: 'card',
  /** The session: the card number, who the simulator shows, the destinations, the ride, the pass. */
  session: null,
  /** A message for the start screen (why the last session ended). */
  ended: null,
  /** What has been typed as the card number so far (kept across re-renders, forgotten when a session starts or ends). */
  typed: '',
  /** False until the kiosk knows what this server offers it (its credential, its camera). */
  ready: false,
};
let idleTimer = null;
let pollTimer = null;

const t = (key, values) => kioskText(state.language, key, values);
const main = document.getElementById('kiosk');

function newSession(citizenId) {
  return { citizenId, who: 'card-holder', destinations: [], ride: null, rideLabel: null, questions: [], declined: false, cancelFrom: null, pass: null, error: null, busy: false };
}

/** Ends the session: forgets everything and goes back to the card screen with the reason. */
function endSession(reason) {
  clearTimeout(idleTimer);
  clearTimeout(pollTimer);
  state.session = null;
  state.screen = 'card';
  state.ended = reason;
  state.typed = '';
  render();
}

function touched() {
  if (!state.session) return;
  clearTimeout(idleTimer);
  idleTimer = setTimeout(() => endSession('end.idle'), IDLE_MS);
}

function go(screen) {
  state.screen = screen;
  if (state.session) state.session.error = null;
  render();
}

/** Runs one step against the hub, showing "checking" meanwhile and the error in words if it fails. */
async function step(action) {
  const session = state.session;
  if (!session || session.busy) return;
  session.busy = true;
  session.error = null;
  render();
  try {
    await action(session);
  } catch (error) {
    if (state.session === session) session.error = error instanceof KioskError ? error.code : 'GENERAL';
  } finally {
    session.busy = false;
    if (state.session === session) render();
  }
}

/** Normalises what was typed: `15`, `0015` and `c-0015` are all C-0015. */
function cardNumber(typed) {
  const digits = typed.trim().toUpperCase().replace(/^C-?/, '');
  return /^\d{1,9}$/.test(digits) && digits.replace(/^0+/, '').length > 0 ? `C-${digits.padStart(4, '0')}` : null;
}

function bigButton(id, picture, label, onclick, extra = {}) {
  return h('button', { type: 'button', id, class: `kiosk-choice ${extra.class ?? ''}`.trim(), onclick, disabled: extra.disabled }, icon(picture), h('span', {}, label));
}

function toolbar() {
  const languages = KIOSK_LANGUAGES.map((language) =>
    h('button', { type: 'button', class: 'secondary', lang: language, 'aria-pressed': String(state.language === language), onclick: () => setLanguage(language) }, KIOSK_LANGUAGE_NAMES[language]),
  );
  const size = h('button', { type: 'button', class: 'secondary', id: 'kiosk-size', onclick: toggleSize }, state.larger ? t('tools.normal') : t('tools.larger'));
  return h('div', { class: 'kiosk-tools', role: 'group', 'aria-label': t('tools.label') }, ...languages, size);
}

function setLanguage(language) {
  state.language = language;
  render();
}

function toggleSize() {
  state.larger = !state.larger;
  render();
  document.getElementById('kiosk-size')?.focus();
}

function errorBox(code) {
  return code ? h('p', { class: 'alert kiosk-alert', role: 'alert', id: 'kiosk-error' }, t(`error.${knownError(code) ? code : 'GENERAL'}`)) : null;
}

function footer() {
  return h('div', { class: 'kiosk-footer' }, bigButton('kiosk-finish', 'finish', t('finish'), () => endSession('end.finished'), { class: 'secondary' }));
}

function cardScreen() {
  const input = h('input', { type: 'text', id: 'card-number', name: 'card', inputmode: 'numeric', autocomplete: 'off', 'aria-describedby': 'card-hint', spellcheck: 'false', oninput: () => (state.typed = input.value) });
  input.value = state.typed;
  const type = (value) => {
    input.value = value;
    state.typed = value;
    input.focus();
  };
  const invalid = h('p', { class: 'alert kiosk-alert', role: 'alert', id: 'card-invalid', hidden: true }, t('card.invalid'));
  const submit = (event) => {
    event.preventDefault();
    const id = cardNumber(input.value);
    if (!id) {
      invalid.hidden = false;
      input.setAttribute('aria-invalid', 'true');
      input.focus();
      return;
    }
    state.ended = null;
    state.typed = '';
    state.session = newSession(id);
    touched();
    go('face');
  };
  const key = (digit) => h('button', { type: 'button', class: 'secondary kiosk-key', onclick: () => type(input.value + digit) }, digit);
  const keypad = h(
    'div',
    { class: 'kiosk-keypad', role: 'group', 'aria-label': t('card.keypad') },
    ...['1', '2', '3', '4', '5', '6', '7', '8', '9', '0'].map(key),
    h('button', { type: 'button', class: 'secondary kiosk-key', onclick: () => type(input.value.slice(0, -1)) }, t('card.erase')),
  );
  return [
    state.ended ? h('p', { class: 'status success', role: 'status', id: 'kiosk-ended' }, t(state.ended)) : null,
    h('h2', { class: 'kiosk-heading' }, icon('card'), ' ', t('card.heading')),
    h('p', {}, t('card.or')),
    h(
      'form',
      { id: 'card-form', onsubmit: submit, novalidate: true },
      h('label', { for: 'card-number' }, t('card.label')),
      h('span', { class: 'hint', id: 'card-hint' }, t('card.hint')),
      input,
      invalid,
      keypad,
      h('button', { type: 'submit', id: 'card-continue', class: 'kiosk-choice' }, icon('next'), h('span', {}, t('card.continue'))),
    ),
  ];
}

function simulatorControls(session) {
  if (!device.options.simulatedCamera) return h('p', { class: 'alert kiosk-alert', role: 'alert' }, t('face.noCamera'));
  const option = (value, key) =>
    h('label', { class: 'kiosk-radio' }, h('input', { type: 'radio', name: 'who', value, checked: session.who === value, onchange: () => (session.who = value) }), ' ', t(key));
  return h('fieldset', { class: 'kiosk-simulator', id: 'kiosk-simulator' }, h('legend', {}, t('face.simulator')), option('card-holder', 'face.simulator.holder'), option('someone-else', 'face.simulator.other'));
}

function faceScreen(session) {
  const take = () =>
    step(async (s) => {
      s.destinations = await device.checkFace(s.citizenId, await device.capture(s.citizenId, s.who));
      go('menu');
    });
  return [
    h('h2', { class: 'kiosk-heading' }, icon('camera'), ' ', t('face.heading')),
    h('p', {}, t('face.intro')),
    simulatorControls(session),
    errorBox(session.error),
    session.busy ? h('p', { role: 'status', class: 'status' }, t('face.checking')) : null,
    h('div', { class: 'kiosk-choices' }, bigButton('kiosk-take', 'camera', t('face.take'), take, { disabled: session.busy || !device.options.simulatedCamera })),
    footer(),
  ];
}

function menuScreen(session) {
  return [
    h('h2', { class: 'kiosk-heading' }, t('menu.heading')),
    errorBox(session.error),
    h('div', { class: 'kiosk-choices' }, bigButton('kiosk-taxi', 'taxi', t('menu.taxi'), () => go('taxi')), bigButton('kiosk-pass', 'pass', t('menu.pass'), showPass, { disabled: session.busy })),
    footer(),
  ];
}

function taxiScreen(session) {
  const hail = (label) =>
    step(async (s) => {
      const booked = await device.hail(s.citizenId, await device.capture(s.citizenId, s.who), label);
      Object.assign(s, { ride: booked.ride, questions: booked.questions, declined: false, rideLabel: label });
      if (booked.ride.awaitingConsent && booked.questions.length > 0) return go('ask');
      go('ride');
      followRide();
    });
  return [
    h('h2', { class: 'kiosk-heading' }, icon('taxi'), ' ', t('taxi.heading')),
    session.destinations.length ? h('p', {}, t('taxi.intro')) : h('p', { class: 'notice' }, t('taxi.none')),
    errorBox(session.error),
    session.busy ? h('p', { role: 'status', class: 'status' }, t('face.checking')) : null,
    h(
      'div',
      { class: 'kiosk-choices', id: 'kiosk-destinations' },
      ...session.destinations.map((label, i) => bigButton(`kiosk-destination-${i}`, 'place', label, () => hail(label), { disabled: session.busy })),
    ),
    h('div', { class: 'kiosk-footer' }, h('button', { type: 'button', class: 'secondary kiosk-small', id: 'kiosk-back', onclick: () => go('menu') }, t('back'))),
    footer(),
  ];
}

/**
 * The one-ride question, one company at a time, in plain words: may it see where this ride starts and ends, for this
 * ride only? Yes and No each take a fresh picture, which authorises the answer; a face that does not match answers
 * nothing and is told so. No cancels nothing (as in the portal): the next company is asked, or the ride waits.
 */
function askScreen(session) {
  const [question] = session.questions;
  const partner = question.partnerName;
  const answer = (approve) =>
    step(async (s) => {
      const ride = await device.answerRide(s.citizenId, s.ride.id, question.partnerId, approve, await device.capture(s.citizenId, s.who));
      s.ride = { ...s.ride, ...ride };
      s.questions = s.questions.slice(1);
      if (!approve && s.questions.length > 0 && s.ride.awaitingConsent) return go('ask');
      s.declined = !approve;
      go('ride');
      followRide();
    });
  return [
    h('h2', { class: 'kiosk-heading' }, icon('taxi'), ' ', t('ask.heading')),
    h('p', {}, t('ask.intro')),
    h('p', { class: 'kiosk-big-text', id: 'kiosk-ask-question' }, t('ask.question', { partner })),
    h('p', {}, t('ask.camera')),
    simulatorControls(session),
    errorBox(session.error),
    session.busy ? h('p', { role: 'status', class: 'status' }, t('face.checking')) : null,
    h(
      'div',
      { class: 'kiosk-choices', role: 'group', 'aria-label': t('ask.answer'), 'aria-describedby': 'kiosk-ask-question' },
      bigButton('kiosk-ask-yes', 'finish', t('ask.yes', { partner }), () => answer(true), { disabled: session.busy || !device.options.simulatedCamera }),
      bigButton('kiosk-ask-no', 'no', t('ask.no'), () => answer(false), { class: 'secondary', disabled: session.busy || !device.options.simulatedCamera }),
    ),
    cancelChoice(session, 'ask'),
    footer(),
  ];
}

/** Follows the ride on screen until it is over or the session ends; the status region announces each change. */
function followRide() {
  clearTimeout(pollTimer);
  const session = state.session;
  if (!session?.ride || !LIVE_RIDE.has(session.ride.status)) return;
  pollTimer = setTimeout(async () => {
    if (state.session !== session) return;
    try {
      const ride = await device.ride(session.citizenId, session.ride.id);
      if (ride && state.session === session && (ride.status !== session.ride.status || ride.etaMinutes !== session.ride.etaMinutes)) {
        session.ride = { ...session.ride, ...ride };
        if (state.screen === 'ride') render();
      }
    } catch {
      // A missed update is tried again at the next tick.
    }
    followRide();
  }, RIDE_POLL_MS);
}

/** "Cancel this ride", while the ride is live: it asks first (cancelScreen), and "No, keep it" comes back to `from`. */
function cancelChoice(session, from) {
  if (!LIVE_RIDE.has(session.ride.status)) return null;
  const ask = () => {
    session.cancelFrom = from;
    go('cancel');
  };
  return h('div', { class: 'kiosk-choices' }, bigButton('kiosk-cancel', 'no', t('cancel.button'), ask, { class: 'danger-outline', disabled: session.busy }));
}

function rideScreen(session) {
  const { ride } = session;
  return [
    h('h2', { class: 'kiosk-heading' }, icon('taxi'), ' ', t('taxi.to', { place: session.rideLabel })),
    h(
      'div',
      { role: 'status', id: 'kiosk-ride-status', class: 'kiosk-ride', 'data-status': ride.status },
      h('p', { class: 'kiosk-big-text' }, t(session.declined && ride.status === 'REQUESTED' ? 'taxi.declined' : `taxi.status.${ride.status}`)),
      LIVE_RIDE.has(ride.status) && ride.status !== 'ARRIVED' && ride.etaMinutes ? h('p', {}, t('taxi.eta', { minutes: ride.etaMinutes })) : null,
    ),
    LIVE_RIDE.has(ride.status) ? h('p', {}, t('taxi.watching')) : null,
    errorBox(session.error),
    cancelChoice(session, 'ride'),
    footer(),
  ];
}

/**
 * Cancelling, in plain words: the ride, a yes and a no. Yes takes a fresh picture, which authorises the cancel (a
 * face that does not match cancels nothing and is told so); no goes back to where the citizen was. A ride that ended
 * meanwhile is shown as it now is, with why it could not be cancelled.
 */
function cancelScreen(session) {
  const yes = () =>
    step(async (s) => {
      let ride;
      try {
        ride = await device.cancelRide(s.citizenId, s.ride.id, await device.capture(s.citizenId, s.who));
      } catch (error) {
        if (!(error instanceof KioskError)) throw error;
        if (error.code === 'NOT_MATCHED') throw new KioskError('CANCEL_NOT_MATCHED');
        const now = error.code === 'BAD_USER_INPUT' ? await device.ride(s.citizenId, s.ride.id).catch(() => null) : null;
        if (now && !LIVE_RIDE.has(now.status)) {
          s.ride = { ...s.ride, ...now };
          go('ride');
          throw new KioskError('RIDE_OVER');
        }
        throw error;
      }
      clearTimeout(pollTimer);
      s.ride = { ...s.ride, ...ride };
      go('cancelled');
    });
  return [
    h('h2', { class: 'kiosk-heading' }, icon('taxi'), ' ', t('cancel.heading', { place: session.rideLabel })),
    h('p', { class: 'kiosk-big-text', id: 'kiosk-cancel-intro' }, t('cancel.intro')),
    h('p', {}, t('cancel.camera')),
    simulatorControls(session),
    errorBox(session.error),
    session.busy ? h('p', { role: 'status', class: 'status' }, t('face.checking')) : null,
    h(
      'div',
      { class: 'kiosk-choices', role: 'group', 'aria-label': t('cancel.answer'), 'aria-describedby': 'kiosk-cancel-intro' },
      bigButton('kiosk-cancel-yes', 'finish', t('cancel.yes'), yes, { class: 'danger', disabled: session.busy || !device.options.simulatedCamera }),
      bigButton('kiosk-cancel-no', 'no', t('cancel.no'), () => go(session.cancelFrom ?? 'ride'), { class: 'secondary', disabled: session.busy }),
    ),
    footer(),
  ];
}

/** The ride is cancelled: said plainly, with another taxi one touch away. */
function cancelledScreen() {
  const again = () => {
    Object.assign(state.session, { ride: null, rideLabel: null, questions: [], declined: false, cancelFrom: null });
    go('taxi');
  };
  return [
    h('h2', { class: 'kiosk-heading' }, icon('finish'), ' ', t('cancelled.heading')),
    h('p', { role: 'status', id: 'kiosk-cancelled' }, t('cancelled.text')),
    h('div', { class: 'kiosk-choices' }, bigButton('kiosk-cancelled-again', 'taxi', t('cancelled.again'), again)),
    footer(),
  ];
}

function showPass() {
  step(async (s) => {
    s.pass = await device.healthPass(s.citizenId, await device.capture(s.citizenId, s.who));
    go('pass');
  });
}

function passScreen(session) {
  const { pass } = session;
  const time = new Intl.DateTimeFormat(state.language === 'en' ? 'en-GB' : 'zh-CN', { timeStyle: 'short' }).format(new Date(pass.expiresAt));
  return [
    h('h2', { class: 'kiosk-heading' }, icon('pass'), ' ', t('pass.heading')),
    pass.status ? h('p', { class: `pass-status pass-${pass.status.toLowerCase()}`, id: 'kiosk-pass-status' }, t(`pass.status.${pass.status}`)) : null,
    h('p', {}, t('pass.intro')),
    qrSvg(pass.token, t('pass.qrLabel'), 'kiosk-pass-qr'),
    h('p', { id: 'kiosk-pass-valid' }, t('pass.validUntil', { time })),
    errorBox(session.error),
    h('div', { class: 'kiosk-footer' }, h('button', { type: 'button', class: 'secondary kiosk-small', id: 'kiosk-pass-again', onclick: showPass, disabled: session.busy }, t('pass.again'))),
    footer(),
  ];
}

const SCREENS = { card: cardScreen, face: faceScreen, menu: menuScreen, taxi: taxiScreen, ask: askScreen, ride: rideScreen, cancel: cancelScreen, cancelled: cancelledScreen, pass: passScreen };

function render() {
  const root = document.documentElement;
  root.lang = state.language;
  root.classList.toggle('text-larger', state.larger);
  document.title = t('title');
  const screen = state.session || state.screen === 'card' ? state.screen : 'card';
  if (!state.ready) {
    replaceChildren(main, h('header', { class: 'kiosk-header' }, h('h1', {}, t('title'))), h('p', { role: 'status', class: 'status' }, t('loading')));
    return;
  }
  const focusId = document.activeElement?.id;
  replaceChildren(
    main,
    h('header', { class: 'kiosk-header' }, h('h1', {}, t('title')), toolbar()),
    h('section', { class: 'kiosk-screen', id: `kiosk-screen-${screen}`, 'aria-labelledby': 'kiosk-title' }, ...SCREENS[screen](state.session)),
  );
  const heading = main.querySelector('.kiosk-screen h2');
  if (heading) heading.id = 'kiosk-title';
  // Keep the keyboard where it was when the same control is still there; otherwise start at the screen's heading.
  const again = focusId ? document.getElementById(focusId) : null;
  if (again && !again.disabled) again.focus();
  else if (heading) {
    heading.setAttribute('tabindex', '-1');
    heading.focus();
  }
}

async function start() {
  for (const type of ['pointerdown', 'keydown']) document.addEventListener(type, touched, { capture: true });
  render();
  try {
    await device.start();
  } catch {
    // Without the options the kiosk offers no camera, and says so on the face screen.
  }
  state.ready = true;
  render();
}

start();
