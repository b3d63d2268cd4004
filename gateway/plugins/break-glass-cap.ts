import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from '../signed-data-source.js';

/** How long an official past the break-glass cap is told to wait before trying again (the window is an hour). */
export const BREAK_GLASS_RETRY_AFTER_SECONDS = 300;

/**
 * Break-glass past the official's hourly cap (ARCHITECTURE §3): the consent service refuses every further citizen
 * with RATE_LIMITED on the field's path; the request as a whole is answered 429 with Retry-After, so that clients
 * and operators see a rate limit, not a partial success. Fields released before the cap (already logged) stay.
 */
export function useBreakGlassCap(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart({ contextValue }) {
      if (contextValue.principal?.purpose !== 'EMERGENCY') return {};
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          if (!response.body.singleResult.errors?.some((e) => e.extensions?.code === 'RATE_LIMITED')) return;
          response.http.status = 429;
          response.http.headers.set('retry-after', String(BREAK_GLASS_RETRY_AFTER_SECONDS));
        },
      };
    },
  };
}
