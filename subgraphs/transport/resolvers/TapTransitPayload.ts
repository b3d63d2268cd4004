import type { TapTransitPayloadResolvers } from '../__generated__/resolvers-types.js';

/** A refused pass is a field error at `trip` (PASS_REFUSED), the rest of the answer intact. */
export const TapTransitPayload: TapTransitPayloadResolvers = {
  trip: (payload) => {
    if ('refusal' in payload) throw payload.refusal;
    return payload.trip;
  },
};
