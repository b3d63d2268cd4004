import { BadUserInputError, ForbiddenError } from '../../../platform/errors.js';
import type { CitizenResolvers, NotificationResolvers } from '../__generated__/resolvers-types.js';
import { render, titleOf } from '../../notify/templates.js';

const MAX_PAGE = 100;

/** The citizen's own notifications: what the city told them, under which statute, and whether it arrived. */
export const citizenNotifications: Pick<CitizenResolvers, 'notifications'> = {
  notifications(parent, { first }, ctx) {
    if (ctx.principal.kind !== 'citizen' || ctx.principal.id !== parent.id) throw new ForbiddenError('Only the citizen can see this.');
    const size = first ?? 20;
    if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE) throw new BadUserInputError(`first must be from 1 to ${MAX_PAGE}.`);
    return ctx.services.notifications.listFor(parent.id, size);
  },
};

export const Notification: NotificationResolvers = {
  kind: (record) => record.template,
  title: (record, { language }) => titleOf(record.template, language ?? 'EN'),
  text: (record, { language }) => render(record.template, record.params, language ?? 'EN'),
  // A message a worker holds right now is still on its way: before its first attempt ends it is PENDING, after a
  // failed one RETRYING.
  status: (record) => (record.status === 'SENDING' ? (record.attempts > 1 ? 'RETRYING' : 'PENDING') : record.status),
};
