import { graphql } from '../api.js';
import { h, replaceChildren } from '../dom.js';

/**
 * Erase or export. The export is the graph's own `me { export { ... } }` document (every department's part),
 * saved as one JSON file. Erasure takes two deliberate steps: "Erase my data", then "Yes, erase everything for good".
 */
const EXPORT_QUERY = `query PortalExport {
  me { id export { citizenId generatedAt identity health licensing transport } }
}`;

const ERASE = `mutation PortalErase { eraseMyData { erasedAt receipt } }`;

const SECTIONS = ['identity', 'health', 'licensing', 'transport'];

export function render(ctx, view) {
  view.append(exportSection(ctx), eraseSection(ctx));
}

function exportSection(ctx) {
  const { t } = ctx;
  const button = h('button', { type: 'button', id: 'export-button' }, t('export.button'));
  button.addEventListener('click', async () => {
    ctx.clearMessages();
    button.disabled = true;
    try {
      const { data, errors } = await graphql(EXPORT_QUERY);
      const document = data.me?.export ?? { citizenId: ctx.session.citizenId, generatedAt: new Date().toISOString() };
      // A department that could not answer is named in the file rather than silently missing from it.
      const unavailable = SECTIONS.flatMap((section) => {
        const error = errors.find((e) => e.path?.[2] === section);
        return error ? [{ section, code: error.extensions?.code ?? 'INTERNAL_SERVER_ERROR' }] : [];
      });
      const file = `my-city-data-${ctx.session.citizenId}-${new Date().toISOString().slice(0, 10)}.json`;
      download(file, JSON.stringify(unavailable.length ? { ...document, unavailable } : document, null, 2));
      ctx.announce(t('export.done', { file }), 'success');
    } catch (error) {
      ctx.fail(error);
    } finally {
      button.disabled = false;
    }
  });
  return h(
    'section',
    { 'aria-labelledby': 'export-heading' },
    h('h2', { id: 'export-heading' }, t('export.heading')),
    h('p', {}, t('export.intro')),
    h('div', { class: 'actions' }, button),
  );
}

function download(fileName, text) {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const link = h('a', { href: url, download: fileName, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has started the download by now; free the memory a little later.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

function eraseSection(ctx) {
  const { t } = ctx;
  const area = h('div', { id: 'erase-area' });

  const showStart = (focus) => {
    const start = h('button', { type: 'button', class: 'danger-outline', id: 'erase-start', onclick: showConfirm }, t('erase.start'));
    replaceChildren(area, h('div', { class: 'actions' }, start));
    if (focus) start.focus();
  };

  function showConfirm() {
    ctx.clearMessages();
    const question = h('h3', { id: 'erase-confirm-heading', tabindex: '-1' }, t('erase.confirmHeading'));
    const yes = h('button', { type: 'button', class: 'danger', id: 'erase-yes' }, t('erase.yes'));
    const no = h(
      'button',
      {
        type: 'button',
        class: 'secondary',
        id: 'erase-no',
        onclick: () => {
          showStart(true);
          ctx.announce(t('erase.cancelled'));
        },
      },
      t('erase.no'),
    );
    yes.addEventListener('click', async () => {
      yes.disabled = true;
      no.disabled = true;
      try {
        const { data } = await graphql(ERASE);
        const heading = h('h3', { id: 'erase-done', tabindex: '-1' }, t('erase.done', { date: ctx.dateTime(data.eraseMyData.erasedAt) }));
        replaceChildren(area, heading, h('p', { id: 'erase-receipt-label' }, t('erase.receipt')), h('p', { class: 'receipt', id: 'erase-receipt' }, data.eraseMyData.receipt));
        ctx.announce(t('erase.done', { date: ctx.dateTime(data.eraseMyData.erasedAt) }), 'success');
        heading.focus();
      } catch (error) {
        yes.disabled = false;
        no.disabled = false;
        ctx.fail(error);
      }
    });
    replaceChildren(
      area,
      h('div', { class: 'confirm danger-zone', role: 'group', 'aria-labelledby': 'erase-confirm-heading' }, question, h('p', {}, t('erase.confirmText')), h('div', { class: 'actions' }, yes, no)),
    );
    question.focus();
  }

  showStart(false);
  return h('section', { 'aria-labelledby': 'erase-heading' }, h('h2', { id: 'erase-heading' }, t('erase.heading')), h('p', {}, t('erase.intro')), area);
}
