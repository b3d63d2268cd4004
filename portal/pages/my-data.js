import { errorCodeAt, graphql } from '../api.js';
import { h, replaceChildren } from '../dom.js';

/** Everything the graph holds about the signed-in citizen, grouped by the department that keeps it. */
export const MY_DATA_QUERY = `query PortalMyData {
  me {
    id
    name
    phone
    dateOfBirth
    homeAddress
    healthCode { status reasons updatedAt }
    healthDeclarations(last: 10) { id submittedAt symptoms temperature }
    checkIns(last: 10) { id at facility { name } }
    businesses { id name tradingAddress licences { id permits status expiresAt } }
    licenceApplications { id status permits submittedAt business { name } }
    trips(last: 10) { id at station { name } }
    savedPlaces { id label address }
    taxiRides(last: 10) { id status requestedAt pickup { label } destination { label } }
  }
}`;

export function render(ctx, view) {
  const { t } = ctx;
  view.setAttribute('aria-busy', 'true');
  view.append(h('p', {}, t('app.loading')));
  graphql(MY_DATA_QUERY)
    .then(({ data, errors }) => {
      view.removeAttribute('aria-busy');
      if (!data.me) return replaceChildren(view, h('p', { class: 'notice' }, t('myData.noRecord', { id: ctx.session.citizenId })));
      replaceChildren(view, ...sections(ctx, data.me, errors));
    })
    .catch((error) => {
      view.removeAttribute('aria-busy');
      replaceChildren(view);
      ctx.fail(error);
    });
}

function sections(ctx, me, errors) {
  const { t } = ctx;
  const erased = errorCodeAt(errors, ['me', 'name']) === 'DATA_ERASED';
  /** One fact: its value in words, or why it cannot be shown (erased, refused, department unavailable). */
  const fact = (labelKey, field, show) => {
    const code = errorCodeAt(errors, ['me', field]);
    const value = me[field];
    let content;
    if (code) content = code === 'DATA_ERASED' ? t('value.erased') : t('value.unavailable');
    else if (value === null || value === undefined || (Array.isArray(value) && value.length === 0)) content = t('value.none');
    else content = show(value);
    return [h('dt', {}, t(labelKey)), h('dd', {}, content)];
  };
  const list = (items, line) => h('ul', {}, items.map((item) => h('li', {}, line(item))));
  const permits = (codes) => ctx.list(codes.map((code) => t(`permit.${code}`)));

  const department = (titleKey, ...facts) => h('section', { class: 'department', 'aria-labelledby': `dept-${titleKey}` }, h('h2', { id: `dept-${titleKey}` }, t(`dept.${titleKey}`)), h('dl', { class: 'facts' }, ...facts));

  return [
    h('p', {}, t('myData.intro')),
    erased ? h('p', { class: 'notice' }, t('myData.erased')) : null,
    department(
      'register',
      fact('field.name', 'name', (v) => v),
      fact('field.phone', 'phone', (v) => v),
      fact('field.dateOfBirth', 'dateOfBirth', (v) => ctx.date(v)),
      fact('field.homeAddress', 'homeAddress', (v) => v),
    ),
    department(
      'health',
      fact('field.healthCode', 'healthCode', (code) =>
        h(
          'span',
          {},
          code.status ? t(`health.${code.status}`) : t('value.none'),
          code.reasons?.length ? [h('br'), `${t('field.healthReasons')}: ${ctx.list(code.reasons)}`] : null,
          code.updatedAt ? [h('br'), `${t('field.healthUpdated')}: ${ctx.dateTime(code.updatedAt)}`] : null,
        ),
      ),
      fact('field.declarations', 'healthDeclarations', (items) =>
        list(items, (d) => {
          const symptoms = d.symptoms?.length ? t('declaration.symptoms', { list: ctx.list(d.symptoms) }) : t('declaration.noSymptoms');
          return d.temperature == null
            ? t('declaration.noTemperature', { date: ctx.dateTime(d.submittedAt), symptoms })
            : t('declaration.line', { date: ctx.dateTime(d.submittedAt), temperature: d.temperature, symptoms });
        }),
      ),
      fact('field.checkIns', 'checkIns', (items) => list(items, (c) => t('checkIn.line', { place: c.facility?.name ?? t('place.unknown'), date: ctx.dateTime(c.at) }))),
    ),
    department(
      'licensing',
      fact('field.businesses', 'businesses', (items) =>
        list(items, (b) => [
          t('business.line', { name: b.name, address: b.tradingAddress }),
          b.licences.length
            ? h('ul', {}, b.licences.map((l) => h('li', {}, t('licence.line', { permits: permits(l.permits), status: t(`licenceStatus.${l.status}`), date: ctx.date(l.expiresAt) }))))
            : null,
        ]),
      ),
      fact('field.applications', 'licenceApplications', (items) =>
        list(items, (a) => t('application.line', { business: a.business?.name ?? '', permits: permits(a.permits), date: ctx.date(a.submittedAt), status: t(`applicationStatus.${a.status}`) })),
      ),
    ),
    department(
      'transport',
      fact('field.trips', 'trips', (items) => list(items, (trip) => t('trip.line', { station: trip.station?.name ?? t('place.unknown'), date: ctx.dateTime(trip.at) }))),
      fact('field.savedPlaces', 'savedPlaces', (items) => list(items, (p) => t('savedPlace.line', { label: p.label ?? '', address: p.address ?? '' }))),
      fact('field.taxiRides', 'taxiRides', (items) =>
        list(items, (r) =>
          t('taxi.line', {
            date: ctx.dateTime(r.requestedAt),
            from: r.pickup?.label ?? t('place.unknown'),
            to: r.destination?.label ?? t('place.unknown'),
            status: t(`taxiStatus.${r.status}`),
          }),
        ),
      ),
    ),
  ];
}
