import { graphql } from '../api.js';
import { h, replaceChildren } from '../dom.js';

/**
 * Who looked: the access log, newest first, each entry as one plain sentence, with the log's own verification shown
 * as a badge in words (never colour alone). Older entries load a page at a time.
 */
const PAGE_SIZE = 20;

const LOG_QUERY = `query PortalAccessLog($first: Int!, $after: String) {
  me {
    id
    accessLog(first: $first, after: $after) {
      edges { node { seq at principal { kind id name official endUserHash } coordinate category purpose decision basis code breakGlass } }
      pageInfo { hasNextPage endCursor }
    }
    accessLogVerification { ok firstBadSeq checkedEntries }
  }
}`;

const BREAK_GLASS_QUERY = `query PortalBreakGlass {
  me { id breakGlassUses(first: 100) { id at department departmentName official justification } }
}`;

export function render(ctx, view) {
  const { t } = ctx;
  const badge = h('div', { id: 'log-verification' });
  const entries = h('ol', { class: 'log', id: 'log-entries' });
  const footer = h('div', { class: 'actions' });
  // Emergency access comes first (ARCHITECTURE §3): shown above everything else whenever there was any.
  const emergency = h('section', { id: 'break-glass', 'aria-labelledby': 'break-glass-heading', hidden: '' });
  view.append(emergency, h('p', {}, t('log.intro')), badge, h('p', { id: 'log-loading' }, t('app.loading')), entries, footer);
  graphql(BREAK_GLASS_QUERY, {})
    .then(({ data }) => {
      const uses = data.me?.breakGlassUses ?? [];
      if (uses.length === 0) return;
      replaceChildren(
        emergency,
        h('h2', { id: 'break-glass-heading' }, t('breakGlass.heading')),
        h('p', {}, t('breakGlass.intro')),
        h('ol', { class: 'log break-glass' }, ...uses.map((use) => breakGlassUse(ctx, use))),
      );
      emergency.removeAttribute('hidden');
    })
    .catch((error) => ctx.fail(error));

  const loadPage = async (after) => {
    try {
      const { data } = await graphql(LOG_QUERY, { first: PAGE_SIZE, after: after ?? null });
      view.querySelector('#log-loading')?.remove();
      const log = data.me?.accessLog;
      if (!after) replaceChildren(badge, verification(ctx, data.me?.accessLogVerification));
      const nodes = (log?.edges ?? []).map((edge) => edge.node);
      const firstNew = nodes.length ? entry(ctx, nodes[0]) : null;
      if (firstNew) entries.append(firstNew, ...nodes.slice(1).map((node) => entry(ctx, node)));
      if (!after && nodes.length === 0) replaceChildren(footer, h('p', {}, t('log.none')));
      else if (log?.pageInfo.hasNextPage) {
        replaceChildren(footer, h('button', { type: 'button', class: 'secondary', id: 'log-more', onclick: () => loadPage(log.pageInfo.endCursor) }, t('log.more')));
      } else replaceChildren(footer, h('p', {}, t('log.end')));
      if (after) {
        ctx.announce(t('log.moreShown', { count: nodes.length }));
        // Continue reading where the new entries start.
        firstNew?.focus();
      }
    } catch (error) {
      view.querySelector('#log-loading')?.remove();
      ctx.fail(error);
    }
  };
  loadPage(null);
}

function verification({ t }, result) {
  if (!result) return h('p', { class: 'notice' }, t('log.unverifiable'));
  if (result.ok) {
    return h('p', { class: 'verification verified' }, h('span', { class: 'badge' }, `✓ ${t('log.badgeVerified')}`), t('log.verified', { count: result.checkedEntries }));
  }
  const text = result.firstBadSeq == null ? t('log.brokenNoSeq') : t('log.broken', { seq: result.firstBadSeq });
  return h('p', { class: 'verification broken' }, h('span', { class: 'badge' }, `✗ ${t('log.badgeBroken')}`), text);
}

function breakGlassUse(ctx, use) {
  const { t } = ctx;
  const who = ctx.actor({ kind: 'STAFF', id: use.department, name: use.departmentName, official: use.official });
  const reason = use.justification == null ? t('breakGlass.reasonErased') : t('breakGlass.reason', { reason: use.justification });
  return h('li', { class: 'break-glass', 'data-id': use.id }, h('time', { datetime: use.at }, ctx.dateTime(use.at)), h('span', {}, t('breakGlass.entry', { date: ctx.dateTime(use.at), who })), h('span', { class: 'reason' }, reason));
}

function entry(ctx, node) {
  const { t } = ctx;
  const who = node.principal.kind === 'CITIZEN' && node.principal.id === ctx.session.citizenId ? t('who.you') : ctx.actor(node.principal);
  const what = ctx.has(`what.${node.coordinate}`) ? t(`what.${node.coordinate}`) : t(`whatCategory.${node.category}`);
  const purpose = node.purpose ? t(`purpose.${node.purpose}`) : t('purpose.unknown');
  let sentence;
  if ((node.basis ?? '').startsWith('REQUEST:')) {
    // A request for consent: nothing was released; the citizen sees who asked for what.
    sentence = t('log.requested', { who, what: t(`whatCategory.${node.category}`), purpose });
  } else if (node.decision === 'ALLOWED') {
    const basisKind = (node.basis ?? '').split(':')[0];
    const basis = ['STATUTE', 'CONSENT', 'SELF', 'BREAK_GLASS'].includes(basisKind) ? t(`basis.${basisKind}`) : t('basis.unknown');
    sentence = t('log.allowed', { who, what, purpose, basis });
  } else {
    const reason = ctx.has(`reason.${node.code}`) ? t(`reason.${node.code}`) : t('reason.unknown');
    sentence = t('log.denied', { who, what, purpose, reason });
  }
  const classes = [node.decision === 'ALLOWED' ? 'allowed' : 'denied', ...(node.breakGlass ? ['break-glass'] : [])].join(' ');
  const tag = node.breakGlass ? [h('strong', { class: 'tag' }, t('log.breakGlassTag'))] : [];
  return h('li', { class: classes, tabindex: '-1', 'data-seq': node.seq }, h('time', { datetime: node.at }, ctx.dateTime(node.at)), ...tag, h('span', {}, sentence));
}
