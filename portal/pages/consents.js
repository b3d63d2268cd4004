import { graphql } from '../api.js';
import { h, replaceChildren, uniqueId } from '../dom.js';

/**
 * Who may see my data: every consent in words, one clear button per action, and a confirmation in plain words
 * before anything changes. Nothing happens on a single tap.
 */
const GRAPH_LANGUAGE = { en: 'EN', 'zh-Hans': 'ZH_HANS' };

const CONSENTS_QUERY = `query PortalConsents($language: Language!) {
  me { id consents { id grantee { id name kind } purpose categories summary(language: $language) status validUntil } }
  grantees { id name kind }
}`;

const GRANT = `mutation PortalGrantConsent($input: GrantConsentInput!) {
  grantConsent(input: $input) { id status }
}`;

const ACTIONS = {
  pause: { mutation: 'pauseConsent', button: 'consent.pause', confirm: 'consent.confirmPause', yes: 'consent.yesPause', done: 'consent.donePause', style: 'secondary' },
  resume: { mutation: 'resumeConsent', button: 'consent.resume', confirm: 'consent.confirmResume', yes: 'consent.yesResume', done: 'consent.doneResume', style: 'secondary' },
  revoke: { mutation: 'revokeConsent', button: 'consent.revoke', confirm: 'consent.confirmRevoke', yes: 'consent.yesRevoke', done: 'consent.doneRevoke', style: 'danger' },
};

const PURPOSES = ['SERVICE_DELIVERY', 'PUBLIC_HEALTH', 'TRANSIT_ACCESS', 'TAXI_ASSIST', 'LICENSING', 'FLOOD_RESPONSE', 'EMERGENCY', 'RESEARCH'];
const CATEGORIES = ['IDENTITY', 'CONTACT', 'HEALTH', 'LOCATION', 'FINANCIAL', 'BIOMETRIC'];

export function render(ctx, view) {
  const { t } = ctx;
  const list = h('div', { id: 'consent-list', 'aria-busy': 'true' }, h('p', {}, t('app.loading')));
  const grantArea = h('div', { id: 'grant-area' });
  view.append(h('p', {}, t('consents.intro')), h('h2', {}, t('consents.listHeading')), list, grantArea);

  const load = async (focusConsentId) => {
    try {
      const { data } = await graphql(CONSENTS_QUERY, { language: GRAPH_LANGUAGE[ctx.language] ?? 'EN' });
      list.removeAttribute('aria-busy');
      // Consents still in force come first (newest first, as the graph gives them); ended ones follow.
      const ended = (consent) => consent.status === 'REVOKED' || consent.status === 'EXPIRED';
      const all = data.me?.consents ?? [];
      const consents = [...all.filter((c) => !ended(c)), ...all.filter(ended)];
      replaceChildren(list, consents.length ? h('ul', { class: 'cards' }, consents.map((consent) => card(ctx, consent, load))) : h('p', {}, t('consents.none')));
      if (!grantArea.hasChildNodes()) grantArea.append(grantForm(ctx, data.grantees, load));
      if (focusConsentId) document.getElementById(`consent-${focusConsentId}`)?.focus();
      return true;
    } catch (error) {
      list.removeAttribute('aria-busy');
      replaceChildren(list);
      ctx.fail(error);
      return false;
    }
  };
  load();
}

function words(ctx, consent) {
  return {
    grantee: ctx.organisation(consent.grantee.kind, consent.grantee.id, consent.grantee.name),
    categories: ctx.list(consent.categories.map((code) => ctx.t(`category.${code}`))),
    purpose: ctx.t(`purpose.${consent.purpose}`),
    date: ctx.date(consent.validUntil),
  };
}

function card(ctx, consent, reload) {
  const { t } = ctx;
  const w = words(ctx, consent);
  const headingId = `consent-${consent.id}`;
  const actionsArea = h('div', { class: 'actions' });
  const available = consent.status === 'ACTIVE' ? ['pause', 'revoke'] : consent.status === 'PAUSED' ? ['resume', 'revoke'] : [];

  const showButtons = (focusAction) => {
    replaceChildren(
      actionsArea,
      available.map((action) =>
        h(
          'button',
          { type: 'button', class: ACTIONS[action].style === 'danger' ? 'danger-outline' : 'secondary', 'data-action': action, onclick: () => confirmAction(action) },
          t(ACTIONS[action].button),
          // The visible word comes first in the accessible name; the rest says which consent it acts on.
          h('span', { class: 'visually-hidden' }, ` ${t('consent.forGrantee', { grantee: w.grantee })}`),
        ),
      ),
    );
    if (focusAction) actionsArea.querySelector(`[data-action="${focusAction}"]`)?.focus();
  };

  const confirmAction = (action) => {
    const spec = ACTIONS[action];
    ctx.clearMessages();
    const panel = confirmation(ctx, {
      text: t(spec.confirm, w),
      yes: t(spec.yes),
      danger: spec.style === 'danger',
      onNo: () => {
        showButtons(action);
        ctx.announce(t('consent.cancelled'));
      },
      onYes: async () => {
        await graphql(`mutation PortalChangeConsent($id: ID!) { ${spec.mutation}(id: $id) { id status } }`, { id: consent.id });
        // Said once the list is redrawn (the page is settled), as on every page that reloads after an answer.
        if (await reload(consent.id)) ctx.announce(t(spec.done, w), 'success');
      },
    });
    replaceChildren(actionsArea, panel.element);
    panel.focus();
  };

  showButtons();
  return h(
    'li',
    { class: available.length ? 'card' : 'card ended' },
    h('h3', { id: headingId, tabindex: '-1' }, w.grantee),
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, t('consent.purpose')),
      h('dd', {}, w.purpose),
      h('dt', {}, t('consent.categories')),
      h('dd', {}, w.categories),
      h('dt', {}, t('consent.covers')),
      h('dd', {}, consent.summary),
      h('dt', {}, t('consent.until')),
      h('dd', {}, w.date),
      h('dt', {}, t('consent.status')),
      h('dd', {}, t(`consentStatus.${consent.status}`)),
    ),
    actionsArea,
  );
}

/**
 * A question in plain words with "yes" and "no". Focus moves to the question so that a screen reader reads it;
 * "yes" runs the action once (its button is disabled meanwhile), "no" changes nothing.
 */
function confirmation(ctx, { text, yes, danger, onYes, onNo }) {
  const questionId = uniqueId('confirm');
  const yesButton = h('button', { type: 'button', class: danger ? 'danger' : '' }, yes);
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
  const element = h('div', { class: danger ? 'confirm danger-zone' : 'confirm', role: 'group', 'aria-labelledby': questionId }, question, h('div', { class: 'actions' }, yesButton, noButton));
  return { element, focus: () => question.focus() };
}

function isoDay(date) {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}

function grantForm(ctx, grantees, reload) {
  const { t } = ctx;
  const today = new Date();
  const tomorrow = new Date(today.getFullYear(), today.getMonth(), today.getDate() + 1);
  const inAYear = new Date(today.getFullYear() + 1, today.getMonth(), today.getDate());

  const granteeSelect = h('select', { id: 'grant-grantee', name: 'granteeId' }, grantees.map((g) => h('option', { value: g.id }, ctx.organisation(g.kind, g.id, g.name))));
  const purposeSelect = h('select', { id: 'grant-purpose', name: 'purpose' }, PURPOSES.map((p) => h('option', { value: p }, t(`purpose.${p}`))));
  const categoryError = h('span', { class: 'error-text', id: 'grant-categories-error', hidden: true }, t('grant.needCategory'));
  const checkboxes = CATEGORIES.map((code) => h('input', { type: 'checkbox', id: `grant-category-${code}`, name: 'categories', value: code }));
  const categories = h(
    'fieldset',
    { id: 'grant-categories' },
    h('legend', {}, t('grant.categories')),
    categoryError,
    CATEGORIES.map((code, i) => h('div', { class: 'checkbox' }, checkboxes[i], h('label', { for: `grant-category-${code}` }, t(`category.${code}`)))),
  );
  const dateError = h('span', { class: 'error-text', id: 'grant-until-error', hidden: true }, t('grant.needFutureDate'));
  const dateInput = h('input', { type: 'date', id: 'grant-until', name: 'validUntil', min: isoDay(tomorrow), value: isoDay(inAYear), 'aria-describedby': 'grant-until-hint' });
  const submit = h('button', { type: 'submit' }, t('grant.button'));
  const confirmArea = h('div');

  const setError = (input, error, show, hintId) => {
    error.hidden = !show;
    if (input) {
      input.setAttribute('aria-invalid', show ? 'true' : 'false');
      input.setAttribute('aria-describedby', show ? `${error.id}${hintId ? ` ${hintId}` : ''}` : (hintId ?? ''));
    }
  };

  const form = h(
    'form',
    {
      id: 'grant-form',
      novalidate: true,
      'aria-labelledby': 'grant-heading',
      onsubmit: (event) => {
        event.preventDefault();
        ctx.clearMessages();
        const chosen = checkboxes.filter((box) => box.checked).map((box) => box.value);
        const day = dateInput.value;
        const noCategory = chosen.length === 0;
        const badDate = !/^\d{4}-\d{2}-\d{2}$/.test(day) || day < isoDay(tomorrow);
        setError(null, categoryError, noCategory);
        setError(dateInput, dateError, badDate, 'grant-until-hint');
        if (noCategory) return checkboxes[0].focus();
        if (badDate) return dateInput.focus();
        // The permission lasts to the end of the chosen day, in the citizen's own time zone.
        const validUntil = new Date(`${day}T23:59:59`).toISOString();
        const grantee = grantees.find((g) => g.id === granteeSelect.value);
        const w = {
          grantee: ctx.organisation(grantee.kind, grantee.id, grantee.name),
          categories: ctx.list(chosen.map((code) => t(`category.${code}`))),
          purpose: t(`purpose.${purposeSelect.value}`),
          date: ctx.date(day),
        };
        submit.hidden = true;
        const panel = confirmation(ctx, {
          text: t('grant.confirm', w),
          yes: t('grant.yes'),
          danger: false,
          onNo: () => {
            replaceChildren(confirmArea);
            submit.hidden = false;
            submit.focus();
            ctx.announce(t('consent.cancelled'));
          },
          onYes: async () => {
            const { data } = await graphql(GRANT, { input: { granteeId: grantee.id, purpose: purposeSelect.value, categories: chosen, validUntil } });
            replaceChildren(confirmArea);
            submit.hidden = false;
            form.reset();
            dateInput.value = isoDay(inAYear);
            if (await reload(data.grantConsent.id)) ctx.announce(t('grant.done', w), 'success');
          },
        });
        replaceChildren(confirmArea, panel.element);
        panel.focus();
      },
    },
    h('h2', { id: 'grant-heading' }, t('grant.heading')),
    h('div', { class: 'field' }, h('label', { for: 'grant-grantee' }, t('grant.grantee')), granteeSelect),
    h('div', { class: 'field' }, h('label', { for: 'grant-purpose' }, t('grant.purpose')), purposeSelect),
    categories,
    h('div', { class: 'field' }, h('label', { for: 'grant-until' }, t('grant.until')), h('span', { class: 'hint', id: 'grant-until-hint' }, t('grant.untilHint')), dateError, dateInput),
    h('div', { class: 'actions' }, submit),
    confirmArea,
  );
  return form;
}
