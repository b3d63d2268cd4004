import { rememberLoaded } from '../../../platform/loaders.js';
import { BadUserInputError, ForbiddenError, NotFoundError } from '../../../platform/errors.js';
import type { MutationResolvers } from '../__generated__/resolvers-types.js';
import { assertCitizen, assertLicensingOfficer } from '../domain/access.js';
import { validateApplication } from '../domain/application-input.js';
import { nextStatus } from '../domain/application-workflow.js';
import { licenceExpiry, renews } from '../domain/licence-status.js';
import { afterCall, isOpenCall } from '../domain/reminders.js';
import { TransitionConflictError, type BusinessRecord } from '../store.js';

export const Mutation: MutationResolvers = {
  async applyForIntegratedLicence(_parent, { input }, ctx) {
    const citizenId = assertCitizen(ctx.principal);
    const application = validateApplication(input);
    // Only a citizen the consent service knows, and whose data was not erased, may have records written about them.
    if (!(await ctx.sealer.mayWrite(citizenId))) throw new ForbiddenError('No records can be kept for this account: it is unknown or its data was erased.');
    const submittedAt = ctx.now.toISOString();

    let business: BusinessRecord;
    if (application.kind === 'existing') {
      const found = await ctx.businesses.load(application.businessId);
      // The same answer whether the business does not exist or belongs to someone else: ownership is not revealed.
      if (!found || found.citizenId !== citizenId) {
        throw new BadUserInputError('businessId is not a business you own.', { field: 'businessId' });
      }
      business = found;
    } else {
      business = await ctx.store.createBusiness({ ...application.business, citizenId, createdAt: submittedAt });
      rememberLoaded(ctx.businesses, [business]);
    }

    return ctx.store.createApplication({
      citizenId,
      businessId: business.id,
      permits: application.permits,
      status: 'SUBMITTED',
      submittedAt,
      updatedAt: null,
      licenceId: null,
    });
  },

  async reviewLicenceApplication(_parent, { id, decision }, ctx) {
    assertLicensingOfficer(ctx.principal);
    const application = await ctx.store.applications.get(id);
    if (!application) throw new NotFoundError(`Licence application ${id}`);
    const status = nextStatus(application.status, decision);
    const at = ctx.now.toISOString();
    // The claim comes first so that two officers cannot both approve (and issue two licences). The store has no
    // transactions: a failure after the claim leaves the application in its old status with the move claimed.
    try {
      await ctx.store.claimTransition({ applicationId: id, from: application.status, to: status, decision, at, by: ctx.principal.id });
    } catch (error) {
      if (error instanceof TransitionConflictError) {
        throw new BadUserInputError('Someone else decided this application in the meantime; load it again.', { status: application.status, decision });
      }
      throw error;
    }

    let licenceId = application.licenceId;
    if (status === 'APPROVED') {
      const earlier = await ctx.licencesByBusiness.load(application.businessId);
      const licence = await ctx.store.issueLicence({
        businessId: application.businessId,
        permits: application.permits,
        status: 'ACTIVE',
        issuedAt: at,
        expiresAt: licenceExpiry(ctx.now).toISOString(),
        renewedAt: null,
        applicationId: id,
      });
      const renewed = earlier.filter((old) => !old.renewedAt && renews(application.permits, old, ctx.now));
      await ctx.store.markRenewed(renewed.map((old) => old.id), at);
      ctx.licencesByBusiness.clear(application.businessId);
      licenceId = licence.id;
    }
    const updated = { ...application, status, updatedAt: at, licenceId };
    await ctx.store.updateApplication(id, { status, updatedAt: at, licenceId });
    return updated;
  },

  async recordReminderCall(_parent, { id, outcome }, ctx) {
    assertLicensingOfficer(ctx.principal);
    const reminder = await ctx.store.reminders.get(id);
    if (!reminder || !isOpenCall(reminder)) throw new BadUserInputError('This is not a reminder call still to be made.', { argument: 'id' });
    const updated = { ...reminder, ...afterCall(reminder, outcome, ctx.now), handledBy: ctx.principal.official ?? ctx.principal.id };
    await ctx.store.saveReminders([updated]);
    return updated;
  },
};
