import { NotFoundError } from '../../../platform/errors.js';
import type { ReminderResolvers, RiskReasonResolvers } from '../__generated__/resolvers-types.js';
import { reasonText } from '../domain/risk.js';

export const Reminder: ReminderResolvers = {
  async licence(reminder, _args, ctx) {
    const licence = await ctx.licences.load(reminder.licenceId);
    if (!licence) throw new NotFoundError(`Licence ${reminder.licenceId}`);
    return licence;
  },
};

export const RiskReason: RiskReasonResolvers = {
  text: (reason, { language }) => reasonText(reason, language ?? 'EN'),
};
