import { devSignIn, PortalError, signInOptions } from '../api.js';
import { h, replaceChildren } from '../dom.js';
import { saveSession } from '../prefs.js';

const CITIZEN_ID = /^C-\d{4,9}$/;

/**
 * Sign-in. In development the gateway's dev sign-in issues a token for a citizen number; in production the city's
 * OIDC login would be used, which is not configured yet: the page says so plainly instead of pretending.
 */
export function render(ctx, view) {
  const { t } = ctx;
  view.append(h('p', {}, t('signIn.intro')), h('p', {}, t('app.loading')));
  signInOptions()
    .then((options) => replaceChildren(view, h('p', {}, t('signIn.intro')), options.devSignIn ? devForm(ctx) : oidcNotice(ctx)))
    .catch((error) => ctx.fail(error));
}

function oidcNotice({ t }) {
  return h(
    'div',
    {},
    h('p', { class: 'notice', id: 'oidc-note' }, t('signIn.oidcNotReady')),
    h('div', { class: 'actions' }, h('button', { type: 'button', disabled: true, 'aria-describedby': 'oidc-note' }, t('signIn.oidcButton'))),
  );
}

function devForm(ctx) {
  const { t } = ctx;
  const error = h('span', { class: 'error-text', id: 'citizen-id-error', hidden: true });
  const input = h('input', {
    type: 'text',
    id: 'citizen-id',
    name: 'citizenId',
    autocomplete: 'username',
    autocapitalize: 'characters',
    spellcheck: 'false',
    'aria-describedby': 'citizen-id-hint',
  });
  const button = h('button', { type: 'submit' }, t('signIn.button'));
  const showError = (message) => {
    error.textContent = message;
    error.hidden = false;
    input.setAttribute('aria-invalid', 'true');
    input.setAttribute('aria-describedby', 'citizen-id-error citizen-id-hint');
    input.focus();
  };
  const form = h(
    'form',
    {
      novalidate: true,
      onsubmit: async (event) => {
        event.preventDefault();
        ctx.clearMessages();
        const citizenId = input.value.trim().toUpperCase();
        if (!CITIZEN_ID.test(citizenId)) return showError(t('signIn.invalid'));
        button.disabled = true;
        try {
          const session = await devSignIn(citizenId);
          saveSession({ token: session.token, citizenId: session.citizenId });
          location.assign('/portal/my-data');
        } catch (failure) {
          button.disabled = false;
          if (failure instanceof PortalError && failure.code === 'BAD_USER_INPUT') showError(t('signIn.invalid'));
          else ctx.fail(failure);
        }
      },
    },
    h('p', { class: 'notice' }, t('signIn.devNote')),
    h('div', { class: 'field' }, h('label', { for: 'citizen-id' }, t('signIn.idLabel')), h('span', { class: 'hint', id: 'citizen-id-hint' }, t('signIn.idHint')), error, input),
    h('div', { class: 'actions' }, button),
  );
  return form;
}
