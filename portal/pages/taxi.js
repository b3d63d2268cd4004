import { graphql, PortalError } from '../api.js';
import { h, replaceChildren, uniqueId } from '../dom.js';

/**
 * Taxi: call a taxi from one saved place to another, follow it, cancel it (docs/taxi-partners.md). When no taxi
 * company may yet see where the citizen is, the ride waits and the page asks, in plain words, for a permission for
 * this one ride only; saying no cancels nothing. The page checks the ride again by itself every few seconds while a
 * ride is under way; it changes what is on screen only when something changed, so keyboard focus is never lost.
 */
const GRAPH_LANGUAGE = { en: 'EN', 'zh-Hans': 'ZH_HANS' };
const LIVE = new Set(['REQUESTED', 'OFFERED', 'ACCEPTED', 'DISPATCHED', 'ARRIVED']);
/** How often a ride under way is checked again. */
const REFRESH_MS = 3000;

const TAXI_QUERY = `query PortalTaxi($language: Language!) {
  me {
    id
    savedPlaces { label }
    taxiRides(last: 10) { id status requestedAt etaMinutes awaitingConsent pickup { label } destination { label } }
    consentRequests(status: PENDING) { id requester { id name kind } summary(language: $language) onlyRecord { id } }
  }
}`;

/** One timer for the page: re-rendering (a language switch) replaces it instead of adding another. */
let refreshTimer = null;

export function render(ctx, view) {
  const { t } = ctx;
  clearTimeout(refreshTimer);
  const hail = h('div', { id: 'taxi-hail', 'aria-busy': 'true' }, h('p', {}, t('app.loading')));
  const current = h('div', { id: 'taxi-current' });
  const past = h('div', { id: 'taxi-past' });
  const checked = h('p', { id: 'taxi-checked', class: 'hint' });
  view.append(h('p', {}, t('taxi.intro')), h('h2', {}, t('taxi.callHeading')), hail, h('h2', { id: 'taxi-current-heading', tabindex: '-1' }, t('taxi.current')), current, checked, h('h2', {}, t('taxi.past')), past);

  /** What is on screen, so that a refresh changes the page only when the rides or the questions changed. */
  let shown = '';
  let hailBuilt = false;

  async function load({ focusId, force } = {}) {
    clearTimeout(refreshTimer);
    let data;
    try {
      ({ data } = await graphql(TAXI_QUERY, { language: GRAPH_LANGUAGE[ctx.language] ?? 'EN' }));
    } catch (error) {
      hail.removeAttribute('aria-busy');
      ctx.fail(error);
      refreshTimer = setTimeout(() => load(), REFRESH_MS * 2);
      return false;
    }
    const me = data.me ?? {};
    const rides = me.taxiRides ?? [];
    const requests = me.consentRequests ?? [];
    if (!hailBuilt) {
      hailBuilt = true;
      hail.removeAttribute('aria-busy');
      replaceChildren(hail, hailForm(ctx, (me.savedPlaces ?? []).map((p) => p.label).filter(Boolean), (id) => load({ focusId: id, force: true })));
    }
    const live = rides.filter((ride) => LIVE.has(ride.status));
    const state = JSON.stringify([live, requests.map((r) => [r.id, r.onlyRecord?.id]), rides.filter((r) => !LIVE.has(r.status)).map((r) => [r.id, r.status])]);
    if (force || state !== shown) {
      const before = JSON.parse(shown || '[[]]')[0];
      shown = state;
      const focusWasInside = current.contains(document.activeElement);
      replaceChildren(current, live.length ? h('ul', { class: 'cards' }, live.map((ride) => rideCard(ctx, ride, requests, (id) => load({ focusId: id, force: true })))) : h('p', { id: 'taxi-none' }, t('taxi.none')));
      const finished = rides.filter((ride) => !LIVE.has(ride.status)).slice(0, 5);
      replaceChildren(past, finished.length ? h('ul', { class: 'plain-list' }, finished.map((ride) => h('li', {}, t('taxi.pastRide', { route: route(ctx, ride), status: t(`taxiStatus.${ride.status}`) })))) : h('p', {}, t('taxi.pastNone')));
      // Say what changed, in words, when a ride moved on by itself (a company accepted it, the taxi arrived); what
      // the citizen did themself was already said.
      if (!force) {
        for (const was of before) if (!live.some((r) => r.id === was.id)) ctx.announce(t('taxi.ended'));
        for (const ride of live) {
          const was = before.find((r) => r.id === ride.id);
          if (was && was.status !== ride.status) ctx.announce(`${route(ctx, ride)}: ${explain(ctx, ride)}`, 'success');
        }
      }
      if (focusId) document.getElementById(focusId)?.focus();
      else if (focusWasInside && !current.contains(document.activeElement)) document.getElementById('taxi-current-heading')?.focus();
    }
    checked.textContent = t('taxi.checked', { time: new Intl.DateTimeFormat(document.documentElement.lang, { timeStyle: 'medium' }).format(new Date()) });
    if (live.length > 0) refreshTimer = setTimeout(() => load(), REFRESH_MS);
    return true;
  }
  load();
}

function route(ctx, ride) {
  return ctx.t('taxi.route', { from: ride.pickup?.label ?? '…', to: ride.destination?.label ?? '…' });
}

function explain(ctx, ride) {
  if (ride.status === 'ACCEPTED' && ride.etaMinutes) return ctx.t('taxi.explain.ACCEPTED', { minutes: ride.etaMinutes });
  return ctx.t(`taxi.explain.${ride.status}`);
}

function hailForm(ctx, places, reload) {
  const { t } = ctx;
  if (places.length < 2) return h('p', { id: 'taxi-no-places' }, t('taxi.noPlaces'));
  const select = (id, chosen) => h('select', { id, name: id }, places.map((label, i) => h('option', { value: label, selected: i === chosen }, label)));
  const from = select('taxi-from', 0);
  const to = select('taxi-to', 1);
  const error = h('p', { id: 'taxi-form-error', class: 'error-text', hidden: true });
  const submit = h('button', { type: 'submit', id: 'taxi-call' }, t('taxi.call'));
  const form = h(
    'form',
    { id: 'taxi-form', novalidate: true },
    h('div', { class: 'field' }, h('label', { for: 'taxi-from' }, t('taxi.from')), from),
    h('div', { class: 'field' }, h('label', { for: 'taxi-to' }, t('taxi.to')), to),
    error,
    h('div', { class: 'actions' }, submit),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    ctx.clearMessages();
    if (from.value === to.value) {
      error.textContent = t('taxi.samePlace');
      error.hidden = false;
      to.setAttribute('aria-invalid', 'true');
      to.setAttribute('aria-describedby', 'taxi-form-error');
      to.focus();
      return;
    }
    error.hidden = true;
    to.removeAttribute('aria-invalid');
    to.removeAttribute('aria-describedby');
    submit.disabled = true;
    try {
      const { data, errors } = await graphql('mutation PortalHailTaxi($input: HailTaxiInput!) { hailTaxi(input: $input) { id status } }', { input: { fromLabel: from.value, toLabel: to.value } });
      if (!data?.hailTaxi) throw new PortalError(errors?.[0]?.extensions?.code ?? 'GENERAL', errors?.[0]?.message);
      // Said once the rides are redrawn (the page is settled), as on every page that reloads after an answer.
      if (await reload(`ride-${data.hailTaxi.id}`)) ctx.announce(t('taxi.called'), 'success');
    } catch (error) {
      ctx.fail(error);
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

function rideCard(ctx, ride, requests, reload) {
  const { t } = ctx;
  const headingId = `ride-${ride.id}`;
  const actions = h('div', { class: 'actions' });
  const ask = requests.filter((request) => request.onlyRecord?.id === ride.id);
  const facts = h(
    'dl',
    { class: 'facts' },
    h('dt', {}, t('taxi.status')),
    h('dd', { class: 'taxi-status', 'data-status': ride.status }, explain(ctx, ride)),
    h('dt', {}, t('taxi.requestedAt')),
    h('dd', {}, ctx.dateTime(ride.requestedAt)),
  );
  const showCancel = (focus) => {
    const button = h('button', { type: 'button', class: 'danger-outline', 'data-action': 'cancel' }, t('taxi.cancel'), h('span', { class: 'visually-hidden' }, ` ${route(ctx, ride)}`));
    button.addEventListener('click', () => {
      ctx.clearMessages();
      const panel = confirmation(ctx, {
        text: t('taxi.confirmCancel', { route: route(ctx, ride) }),
        yes: t('taxi.yesCancel'),
        onNo: () => showCancel(true),
        onYes: async () => {
          const { data, errors } = await graphql('mutation PortalCancelRide($id: ID!) { updateRide(id: $id, status: CANCELLED) { id status } }', { id: ride.id });
          if (!data?.updateRide) throw new PortalError(errors?.[0]?.extensions?.code ?? 'GENERAL', errors?.[0]?.message);
          if (await reload('taxi-current-heading')) ctx.announce(t('taxi.cancelled'), 'success');
        },
      });
      replaceChildren(actions, panel.element);
      panel.focus();
    });
    replaceChildren(actions, button);
    if (focus) button.focus();
  };
  showCancel(false);
  return h(
    'li',
    { class: 'card' },
    h('h3', { id: headingId, tabindex: '-1' }, route(ctx, ride)),
    facts,
    ride.awaitingConsent ? (ask.length ? ask.map((request) => askCard(ctx, request, reload)) : h('p', { class: 'taxi-waiting' }, t('taxi.waiting'))) : null,
    actions,
  );
}

/** The one-ride permission: who would see what, for how long, and a yes and a no (no cancels nothing). */
function askCard(ctx, request, reload) {
  const { t } = ctx;
  const partner = ctx.organisation(request.requester.kind, request.requester.id, request.requester.name);
  const headingId = uniqueId('taxi-ask');
  const answer = async (approve, button) => {
    button.disabled = true;
    try {
      const { data, errors } = await graphql('mutation PortalAnswerRideConsent($id: ID!, $approve: Boolean!) { respondToConsentRequest(id: $id, approve: $approve) { id status } }', { id: request.id, approve });
      if (!data?.respondToConsentRequest) throw new PortalError(errors?.[0]?.extensions?.code ?? 'GENERAL', errors?.[0]?.message);
      if (await reload('taxi-current-heading')) ctx.announce(approve ? t('taxi.ask.approved', { partner }) : t('taxi.ask.declined'), approve ? 'success' : 'info');
    } catch (error) {
      button.disabled = false;
      ctx.fail(error);
    }
  };
  const yes = h('button', { type: 'button', 'data-action': 'approve-ride-consent' }, t('taxi.ask.yes', { partner }));
  const no = h('button', { type: 'button', class: 'secondary', 'data-action': 'decline-ride-consent' }, t('taxi.ask.no'), h('span', { class: 'visually-hidden' }, ` ${partner}`));
  yes.addEventListener('click', () => answer(true, yes));
  no.addEventListener('click', () => answer(false, no));
  return h(
    'section',
    { class: 'confirm taxi-ask', 'aria-labelledby': headingId },
    h('h4', { id: headingId }, t('taxi.ask.heading')),
    h('p', {}, t('taxi.ask.text', { partner })),
    h('p', { class: 'hint' }, request.summary),
    h('div', { class: 'actions' }, yes, no),
  );
}

/** A question in plain words with "yes" and "no"; focus moves to the question; "yes" runs once. */
function confirmation(ctx, { text, yes, onYes, onNo }) {
  const questionId = uniqueId('confirm');
  const yesButton = h('button', { type: 'button', class: 'danger' }, yes);
  const noButton = h('button', { type: 'button', class: 'secondary', onclick: onNo }, ctx.t('consent.no'));
  const question = h('p', { id: questionId, tabindex: '-1' }, text);
  yesButton.addEventListener('click', async () => {
    yesButton.disabled = true;
    noButton.disabled = true;
    try {
      await onYes();
    } catch (error) {
      yesButton.disabled = false;
      noButton.disabled = false;
      ctx.fail(error);
    }
  });
  const element = h('div', { class: 'confirm danger-zone', role: 'group', 'aria-labelledby': questionId }, question, h('div', { class: 'actions' }, yesButton, noButton));
  return { element, focus: () => question.focus() };
}
