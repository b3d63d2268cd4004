import type { ApolloServerPlugin } from '@apollo/server';
import { countObjects, type RateLimiter } from '../rate-limit/rate-limiter.js';
import type { GatewayContext } from '../signed-data-source.js';

/**
 * Remembers the operation's name (for the request metrics) and kind (public answers keep queries only), stamps every error with the request id (the logs carry it too) and counts the objects a partner's response
 * resolved against the key's quota.
 */
export function useResponseAccounting(rateLimiter: RateLimiter): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operationName, operation, contextValue }) {
          if (!contextValue.observed) return;
          contextValue.observed.operationName = operationName;
          contextValue.observed.operationKind = operation?.operation;
        },
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          if (result.errors) {
            result.errors = result.errors.map((e) => ({ ...e, extensions: { ...e.extensions, requestId: contextValue.requestId } }));
          }
          if (contextValue.partner && result.data) await rateLimiter.countObjects(contextValue.partner, countObjects(result.data));
        },
      };
    },
  };
}
