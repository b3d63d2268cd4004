import { graphql } from '../api.js';
import { h, replaceChildren } from '../dom.js';

/**
 * What the law allows: every statute that lets a department see some of your information without asking you, in
 * plain words, with the exact pieces of information it names and the law it comes from. Statutes name fields of
 * every citizen's record, so each of them applies to you.
 */
const GRAPH_LANGUAGE = { en: 'EN', 'zh-Hans': 'ZH_HANS' };

const STATUTES_QUERY = `query PortalStatutes($language: Language!) {
  statutes { id department purpose fields legalReference description(language: $language) }
}`;

export function render(ctx, view) {
  const { t } = ctx;
  const list = h('div', { id: 'statute-list', 'aria-busy': 'true' }, h('p', {}, t('app.loading')));
  view.append(h('p', {}, t('law.intro')), list);
  (async () => {
    try {
      const { data } = await graphql(STATUTES_QUERY, { language: GRAPH_LANGUAGE[ctx.language] ?? 'EN' });
      list.removeAttribute('aria-busy');
      const statutes = data.statutes ?? [];
      replaceChildren(list, statutes.length ? h('ul', { class: 'cards', id: 'statutes' }, statutes.map((statute) => card(ctx, statute))) : h('p', {}, t('law.none')));
    } catch (error) {
      list.removeAttribute('aria-busy');
      replaceChildren(list);
      ctx.fail(error);
    }
  })();
}

function card(ctx, statute) {
  const { t } = ctx;
  const who = ctx.organisation('DEPARTMENT', statute.department, statute.department);
  const fields = ctx.list(statute.fields.map((coordinate) => (ctx.has(`what.${coordinate}`) ? t(`what.${coordinate}`) : coordinate)));
  return h(
    'li',
    { class: 'card', 'data-statute': statute.id },
    h('h3', {}, t('law.title', { who, purpose: t(`purpose.${statute.purpose}`) })),
    h('p', {}, statute.description),
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, t('law.fields')),
      h('dd', {}, fields),
      h('dt', {}, t('law.reference')),
      h('dd', {}, statute.legalReference),
    ),
  );
}
