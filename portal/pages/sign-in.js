import { devSignIn, PortalError, signInOptions } from '../api.js';
import { h, replaceChildren } from '../dom.js';
import { finishSignIn, isReturnFromSignIn, startSignIn } from '../oidc.js';
import { saveSession } from '../prefs.js';

const CITIZEN_ID = /^C-\d{4,9}$/;

/**
 * Sign-in. The city login (OpenID Connect, code + PKCE: portal/oidc.js) wherever the hub names a provider; in
 * development also the gateway's dev sign-in by citizen number (loopback only). Without a provider the page says so
 * plainly instead of pretending. The city login sends the citizen back to this page, which finishes the sign-in.
 */
export function render(ctx, view) {
  const { t } = ctx;
  if (isReturnFromSignIn()) {
    view.append(h('p', {}, t('signIn.finishing')));
    finishSignIn()
      .then((session) => {
        saveSession(session);
        location.assign('/portal/my-data');
      })
      .catch((error) => {
        // Start again from a clean page, saying what happened.
        renderOptions(ctx, view);
        signInFailed(ctx, error);
      });
    return;
  }
  view.append(h('p', {}, t('signIn.intro')), h('p', {}, t('app.loading')));
  renderOptions(ctx, view);
}

function renderOptions(ctx, view) {
  const { t } = ctx;
  signInOptions()
    .then((options) => replaceChildren(view, h('p', {}, t('signIn.intro')), options.oidc?.configured ? cityLogin(ctx, options.oidc) : oidcNotice(ctx), options.devSignIn ? devForm(ctx) : null))
    .catch((error) => ctx.fail(error));
}

function signInFailed(ctx, error) {
  if (error instanceof PortalError && (error.code === 'SIGN_IN_FAILED' || error.code === 'SIGN_IN_CANCELLED')) {
    ctx.warn(ctx.t(error.code === 'SIGN_IN_CANCELLED' ? 'signIn.cancelled' : 'signIn.failed'));
  } else ctx.fail(error);
}

function cityLogin(ctx, oidc) {
  const { t } = ctx;
  const button = h('button', { type: 'button', id: 'city-login', 'aria-describedby': 'city-login-hint' }, t('signIn.oidcButton'));
  button.addEventListener('click', () => {
    ctx.clearMessages();
    button.disabled = true;
    startSignIn(oidc).catch((error) => {
      button.disabled = false;
      signInFailed(ctx, error);
    });
  });
  return h('div', {}, h('p', { class: 'hint', id: 'city-login-hint' }, t('signIn.oidcHint')), h('div', { class: 'actions' }, button));
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
