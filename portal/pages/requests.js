import { graphql } from '../api.js';
import { h, replaceChildren, uniqueId } from '../dom.js';

/**
 * Requests to you: departments and companies asking for your permission. Each request in plain words (who, what,
 * why in their words, until when), with one large button per answer and a confirmation before anything changes.
 * Below: who you stopped from asking, each with a way to let them ask again.
 */
const GRAPH_LANGUAGE = { en: 'EN', 'zh-Hans': 'ZH_HANS' };

const REQUESTS_QUERY = `query PortalConsentRequests($language: Language!) {
  me {
    id
    consentRequests(status: PENDING) { id requester { id name kind } purpose summary(language: $language) reason validUntil expiresAt }
    blockedRequesters { id name kind }
  }
}`;

const ANSWERS = {
  approve: { button: 'request.approve', confirm: 'request.confirmApprove', yes: 'request.yesApprove', done: 'request.doneApprove', style: 'primary' },
  decline: { button: 'request.decline', confirm: 'request.confirmDecline', yes: 'request.yesDecline', done: 'request.doneDecline', style: 'secondary' },
  block: { button: 'request.block', confirm: 'request.confirmBlock', yes: 'request.yesBlock', done: 'request.doneBlock', style: 'danger' },
};

export function render(ctx, view) {
  const { t } = ctx;
  const list = h('div', { id: 'request-list', 'aria-busy': 'true' }, h('p', {}, t('app.loading')));
  const blocked = h('div', { id: 'blocked-list' });
  view.append(h('p', {}, t('requests.intro')), h('h2', {}, t('requests.listHeading')), list, h('h2', {}, t('blocked.heading')), blocked);

  // Answers whether the page now shows the store's state: a success is said only then (see `card`).
  const load = async (focusId) => {
    try {
      const { data } = await graphql(REQUESTS_QUERY, { language: GRAPH_LANGUAGE[ctx.language] ?? 'EN' });
      list.removeAttribute('aria-busy');
      const requests = data.me?.consentRequests ?? [];
      replaceChildren(list, requests.length ? h('ul', { class: 'cards' }, requests.map((request) => card(ctx, request, load))) : h('p', { id: 'requests-none' }, t('requests.none')));
      const blockedList = data.me?.blockedRequesters ?? [];
      replaceChildren(blocked, blockedList.length ? h('ul', { class: 'cards' }, blockedList.map((grantee) => blockedCard(ctx, grantee, load))) : h('p', {}, t('blocked.none')));
      if (focusId) document.getElementById(focusId)?.focus();
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

function card(ctx, request, reload) {
  const { t } = ctx;
  const requester = ctx.organisation(request.requester.kind, request.requester.id, request.requester.name);
  const w = { requester, what: request.summary, date: ctx.date(request.validUntil) };
  const headingId = `request-${request.id}`;
  const actionsArea = h('div', { class: 'actions' });

  const showButtons = (focusAnswer) => {
    replaceChildren(
      actionsArea,
      Object.entries(ANSWERS).map(([answer, spec]) =>
        h(
          'button',
          { type: 'button', class: spec.style === 'primary' ? '' : spec.style === 'danger' ? 'danger-outline' : 'secondary', 'data-answer': answer, onclick: () => confirmAnswer(answer) },
          t(spec.button),
          h('span', { class: 'visually-hidden' }, ` ${t('request.forRequester', { requester })}`),
        ),
      ),
    );
    if (focusAnswer) actionsArea.querySelector(`[data-answer="${focusAnswer}"]`)?.focus();
  };

  const confirmAnswer = (answer) => {
    const spec = ANSWERS[answer];
    ctx.clearMessages();
    const panel = confirmation(ctx, {
      text: t(spec.confirm, w),
      yes: t(spec.yes),
      danger: spec.style === 'danger',
      onNo: () => {
        showButtons(answer);
        ctx.announce(t('consent.cancelled'));
      },
      onYes: async () => {
        if (answer === 'block') {
          await graphql('mutation PortalBlockRequester($id: ID!) { blockRequester(requesterId: $id) { id } }', { id: request.requester.id });
        } else {
          await graphql('mutation PortalAnswerRequest($id: ID!, $approve: Boolean!) { respondToConsentRequest(id: $id, approve: $approve) { id status } }', { id: request.id, approve: answer === 'approve' });
        }
        // Said once the list is redrawn: a button pressed in the old list meanwhile would be lost with it.
        if (await reload('page-heading')) ctx.announce(t(spec.done, w), 'success');
      },
    });
    replaceChildren(actionsArea, panel.element);
    panel.focus();
  };

  showButtons();
  return h(
    'li',
    { class: 'card' },
    h('h3', { id: headingId, tabindex: '-1' }, requester),
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, t('request.what')),
      h('dd', {}, request.summary),
      h('dt', {}, t('request.why')),
      h('dd', {}, request.reason),
      h('dt', {}, t('request.until')),
      h('dd', {}, ctx.date(request.validUntil)),
      h('dt', {}, t('request.answerBy')),
      h('dd', {}, ctx.date(request.expiresAt)),
    ),
    actionsArea,
  );
}

function blockedCard(ctx, grantee, reload) {
  const { t } = ctx;
  const requester = ctx.organisation(grantee.kind, grantee.id, grantee.name);
  const button = h('button', { type: 'button', class: 'secondary', 'data-unblock': grantee.id }, t('blocked.unblock'), h('span', { class: 'visually-hidden' }, ` ${requester}`));
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      await graphql('mutation PortalUnblockRequester($id: ID!) { unblockRequester(requesterId: $id) { id } }', { id: grantee.id });
      if (await reload('page-heading')) ctx.announce(t('blocked.doneUnblock', { requester }), 'success');
    } catch (error) {
      button.disabled = false;
      ctx.fail(error);
    }
  });
  return h('li', { class: 'card' }, h('h3', {}, requester), h('div', { class: 'actions' }, button));
}

/** A question in plain words with "yes" and "no"; focus moves to the question; "yes" runs once. */
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
