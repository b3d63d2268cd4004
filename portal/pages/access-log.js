import { graphql } from '../api.js';
import { h, replaceChildren } from '../dom.js';
import { checkEntries, checkVisit, verifyHead } from '../transparency.js';

/**
 * Who looked: the access log, newest first, each entry as one plain sentence, with the log's own verification shown
 * as a badge in words (never colour alone). Older entries load a page at a time.
 */
const PAGE_SIZE = 20;

const LOG_QUERY = `query PortalAccessLog($first: Int!, $after: String) {
  me {
    id
    accessLog(first: $first, after: $after) {
      edges { node { seq at principal { kind id name official endUserHash } coordinate category purpose decision basis code breakGlass count grant { grantId version action status } leafIndex leaf proof { leafIndex treeSize auditPath } } }
      pageInfo { hasNextPage endCursor }
      head { treeSize rootHash timestamp signature keyId }
    }
    accessLogVerification { ok firstBadSeq checkedEntries }
  }
  consentAuthorityPublicKey
}`;

const CONSISTENCY_QUERY = `query PortalConsistency($fromSize: Int!, $toSize: Int!) {
  transparencyConsistency(fromSize: $fromSize, toSize: $toSize) { proof }
}`;

const BREAK_GLASS_QUERY = `query PortalBreakGlass {
  me { id breakGlassUses(first: 100) { id at department departmentName official justification } }
}`;

export function render(ctx, view) {
  const { t } = ctx;
  const badge = h('div', { id: 'log-verification' });
  // The check made here, in the browser: every entry's proof, the head's signature, consistency with the last visit.
  const browserCheck = h('div', { id: 'log-transparency', role: 'status' });
  let firstHead = null;
  const entries = h('ol', { class: 'log', id: 'log-entries' });
  const footer = h('div', { class: 'actions' });
  // Emergency access comes first (ARCHITECTURE §3): shown above everything else whenever there was any.
  const emergency = h('section', { id: 'break-glass', 'aria-labelledby': 'break-glass-heading', hidden: '' });
  view.append(emergency, h('p', {}, t('log.intro')), browserCheck, badge, h('p', { id: 'log-loading' }, t('app.loading')), entries, footer);
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
      if (log?.head) {
        const publicKey = data.consentAuthorityPublicKey;
        if (!after) {
          firstHead = log.head;
          const result = await checkVisit({
            citizenId: ctx.session.citizenId,
            publicKey,
            head: log.head,
            entries: nodes,
            consistency: async (fromSize, toSize) => (await graphql(CONSISTENCY_QUERY, { fromSize, toSize })).data.transparencyConsistency.proof,
          });
          replaceChildren(browserCheck, transparencyBadge(ctx, result));
        } else {
          // Older pages: their entries against their own head, which must be the first page's head or extend it.
          const sameHead = firstHead && log.head.treeSize === firstHead.treeSize && log.head.rootHash === firstHead.rootHash;
          const badSeq = (await verifyHead(publicKey, log.head)) ? await checkEntries(nodes, log.head) : nodes[0]?.seq ?? 0;
          if (badSeq !== null || (!sameHead && log.head.treeSize < (firstHead?.treeSize ?? 0))) {
            replaceChildren(browserCheck, transparencyBadge(ctx, { ok: false, problem: 'ENTRY', seq: badSeq ?? undefined }));
          }
        }
      }
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

/** The browser's own check, in words; a problem is a red warning (role alert), never colour alone. */
function transparencyBadge({ t }, result) {
  if (result.ok) {
    return h('p', { class: 'verification verified' }, h('span', { class: 'badge' }, `✓ ${t('log.badgeChecked')}`), t('log.checkedHere', { count: result.checked, size: result.treeSize }));
  }
  const text = {
    SIGNATURE: t('log.warnSignature'),
    ENTRY: result.seq == null ? t('log.warnEntryNoSeq') : t('log.warnEntry', { seq: result.seq }),
    ROLLBACK: t('log.warnRollback'),
    KEY_CHANGED: t('log.warnKey'),
    TRUNCATED: t('log.warnTruncated', { seq: result.seq }),
  }[result.problem];
  return h('p', { class: 'verification broken warning', role: 'alert', id: 'log-warning' }, h('span', { class: 'badge' }, `⚠ ${t('log.badgeWarning')}`), text);
}

function breakGlassUse(ctx, use) {
  const { t } = ctx;
  const who = ctx.actor({ kind: 'STAFF', id: use.department, name: use.departmentName, official: use.official });
  const reason = use.justification == null ? t('breakGlass.reasonErased') : t('breakGlass.reason', { reason: use.justification });
  return h('li', { class: 'break-glass', 'data-id': use.id }, h('time', { datetime: use.at }, ctx.dateTime(use.at)), h('span', {}, t('breakGlass.entry', { date: ctx.dateTime(use.at), who })), h('span', { class: 'reason' }, reason));
}

/**
 * Who acted, in words. A citizen is never named by their id in a leaf: SELF on their own data, a pseudonym (their
 * own log's tag, or UNKNOWN) on someone else's. The pseudonym is never shown; an older entry that still holds a
 * citizen's id shows the reader's own as "you" and anyone else's as "another citizen".
 */
function actorWords(ctx, principal) {
  if (principal.kind !== 'CITIZEN') return ctx.actor(principal);
  return principal.id === 'SELF' || principal.id === ctx.session.citizenId ? ctx.t('who.you') : ctx.t('who.anotherCitizen');
}

function entry(ctx, node) {
  const { t } = ctx;
  const who = actorWords(ctx, node.principal);
  const what = ctx.has(`what.${node.coordinate}`) ? t(`what.${node.coordinate}`) : t(`whatCategory.${node.category}`);
  const purpose = node.purpose ? t(`purpose.${node.purpose}`) : t('purpose.unknown');
  let sentence;
  if (node.grant && ctx.has(`log.grant.${node.grant.action}`)) {
    sentence = t(`log.grant.${node.grant.action}`, { who, what: t(`whatCategory.${node.category}`), purpose });
  } else if (node.coordinate === 'Mutation.respondToConsentRequest') {
    // The citizen answered a request in person (at a kiosk): the entry names where; the grant has its own entry.
    sentence = t(node.decision === 'ALLOWED' ? 'log.answeredYes' : 'log.answeredNo', { who, what: t(`whatCategory.${node.category}`), purpose });
  } else if ((node.basis ?? '').startsWith('REQUEST:')) {
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
