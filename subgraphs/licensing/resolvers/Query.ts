import { BadUserInputError } from '../../../platform/errors.js';
import type { QueryResolvers } from '../__generated__/resolvers-types.js';
import { assertLicensingOfficer, assertMayLookUp, mayReadBusinessOf } from '../domain/access.js';
import { expiryWindow } from '../domain/expiry-window.js';

/** The most applications or call tasks one page lists. */
const MAX_APPLICATIONS_PAGE = 200;

export const Query: QueryResolvers = {
  async business(_parent, { id }, ctx) {
    assertMayLookUp(ctx.principal);
    const business = await ctx.businesses.load(id);
    return business && mayReadBusinessOf(ctx.principal, business.citizenId) ? business : null;
  },

  async licence(_parent, { id }, ctx) {
    assertMayLookUp(ctx.principal);
    const licence = await ctx.licences.load(id);
    if (!licence) return null;
    const business = await ctx.businesses.load(licence.businessId);
    return business && mayReadBusinessOf(ctx.principal, business.citizenId) ? licence : null;
  },

  async expiringLicences(_parent, { withinDays }, ctx) {
    assertLicensingOfficer(ctx.principal);
    const { from, until } = expiryWindow(withinDays, ctx.now);
    const licences = await ctx.store.expiringBetween(from, until);
    // A suspended licence is not to be renewed as it stands, and a renewed one needs no reminder.
    return licences.filter((licence) => licence.status !== 'SUSPENDED' && !licence.renewedAt);
  },

  async licenceApplications(_parent, { status, first }, ctx) {
    assertLicensingOfficer(ctx.principal);
    const limit = first ?? 50;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_APPLICATIONS_PAGE) {
      throw new BadUserInputError(`first must be from 1 to ${MAX_APPLICATIONS_PAGE}.`, { argument: 'first' });
    }
    return ctx.store.applicationsInStatus(status, limit);
  },

  async openReminderCalls(_parent, { first }, ctx) {
    assertLicensingOfficer(ctx.principal);
    const limit = first ?? 50;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_APPLICATIONS_PAGE) {
      throw new BadUserInputError(`first must be from 1 to ${MAX_APPLICATIONS_PAGE}.`, { argument: 'first' });
    }
    return ctx.store.openCalls(limit);
  },

  async licenceApplication(_parent, { id }, ctx) {
    assertMayLookUp(ctx.principal);
    const application = await ctx.store.applications.get(id);
    return application && mayReadBusinessOf(ctx.principal, application.citizenId) ? application : null;
  },
};
