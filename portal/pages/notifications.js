import { graphql } from '../api.js';
import { h, replaceChildren } from '../dom.js';

/**
 * What the city has told you: each message, which department sent it and under which law it could use your contact
 * details, and whether it arrived. The text comes from the graph in the portal's language.
 */
const GRAPH_LANGUAGE = { en: 'EN', 'zh-Hans': 'ZH_HANS' };

const NOTIFICATIONS_QUERY = `query PortalNotifications($language: Language!) {
  me { notifications(first: 50) { id department channel statute title(language: $language) text(language: $language) status attempts createdAt deliveredAt } }
  statutes { id legalReference }
}`;

export function render(ctx, view) {
  const { t } = ctx;
  const list = h('div', { id: 'notification-list', 'aria-busy': 'true' }, h('p', {}, t('app.loading')));
  view.append(h('p', {}, t('notifications.intro')), list);
  (async () => {
    try {
      const { data } = await graphql(NOTIFICATIONS_QUERY, { language: GRAPH_LANGUAGE[ctx.language] ?? 'EN' });
      list.removeAttribute('aria-busy');
      const notifications = data.me?.notifications ?? [];
      // The statute is shown by its legal reference, never by its code.
      const laws = new Map((data.statutes ?? []).map((statute) => [statute.id, statute.legalReference]));
      replaceChildren(list, notifications.length ? h('ul', { class: 'cards', id: 'notifications' }, notifications.map((n) => card(ctx, n, laws))) : h('p', {}, t('notifications.none')));
    } catch (error) {
      list.removeAttribute('aria-busy');
      replaceChildren(list);
      ctx.fail(error);
    }
  })();
}

function card(ctx, notification, laws) {
  const { t } = ctx;
  const who = ctx.organisation('DEPARTMENT', notification.department, notification.department);
  const status = t(`notifications.status.${notification.status}`, { date: notification.deliveredAt ? ctx.dateTime(notification.deliveredAt) : '', attempts: String(notification.attempts) });
  return h(
    'li',
    { class: 'card', 'data-notification': notification.id, 'data-status': notification.status },
    h('h3', {}, notification.title),
    h('p', {}, notification.text),
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, t('notifications.from')),
      h('dd', {}, t('notifications.fromValue', { who, channel: t(`notifications.channel.${notification.channel}`), date: ctx.dateTime(notification.createdAt) })),
      h('dt', {}, t('notifications.status')),
      h('dd', {}, status),
      h('dt', {}, t('notifications.law')),
      h('dd', {}, laws.get(notification.statute) ?? ''),
    ),
  );
}
