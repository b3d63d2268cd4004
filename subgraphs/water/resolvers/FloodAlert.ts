import type { FloodAlertResolvers } from '../__generated__/resolvers-types.js';

export const FloodAlert: FloodAlertResolvers = {
  district: (alert) => ({ id: alert.districtId }),
};
