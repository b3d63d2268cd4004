import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { z } from 'zod';
import type { Logger } from '../../platform/logger.js';
import type { GatewayContext } from '../signed-data-source.js';
import { RateLimiter } from './rate-limiter.js';

const optionsSchema = z.object({
  limiter: z.instanceof(RateLimiter),
  logger: z.custom<Logger>((value) => typeof (value as Logger | undefined)?.child === 'function', 'a pino logger'),
});

export type RateLimitOptions = z.infer<typeof optionsSchema>;

/**
 * Rate limits for every caller but partners (whose key bucket and object quota the handler checks before the
 * safelist): anonymous callers per client address, citizens per id, staff per named official. Refused before
 * planning or any subgraph call, 429 RATE_LIMITED with Retry-After (the seconds until one token is back).
 */
export function useRateLimits(options: RateLimitOptions): ApolloServerPlugin<GatewayContext> {
  const { limiter, logger: parent } = optionsSchema.parse(options);
  const logger = parent.child({ plugin: 'rate-limits' });
  return {
    async requestDidStart({ contextValue }) {
      if (!contextValue.principal) return;
      // Taken at once (a token is spent even if parsing then fails); judged in didResolveOperation, the first
      // hook whose errors Apollo answers with their own status rather than as an internal error.
      const decided = limiter.admitCaller(contextValue.principal, contextValue.clientAddress);
      decided.catch(() => undefined);
      return {
        async didResolveOperation() {
          const decision = await decided;
          if (decision.ok) return;
          logger.debug({ kind: contextValue.principal.kind, requestId: contextValue.requestId }, 'request over its rate limit');
          // Apollo reads `http.headers` as a HeaderMap (typed loosely: other GraphQL servers' typings widen `http`).
          const extensions: Record<string, unknown> = { code: 'RATE_LIMITED', http: { status: 429, headers: new HeaderMap([['retry-after', String(decision.retryAfterSeconds)]]) } };
          throw new GraphQLError(`Too many requests. Try again in ${decision.retryAfterSeconds} s.`, { extensions });
        },
      };
    },
  };
}
