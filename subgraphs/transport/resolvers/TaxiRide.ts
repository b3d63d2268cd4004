import type { TaxiRideResolvers } from '../__generated__/resolvers-types.js';

/** A ride as stored; its places are opened by the consent transform. */
export const TaxiRide: TaxiRideResolvers = {
  awaitingConsent: (ride) => ride.status === 'REQUESTED' && ride.oneRideConsent === 'ASKED',
};
