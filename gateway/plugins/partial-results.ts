import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import { z } from 'zod';
import type { Logger } from '../../platform/logger.js';
import type { GatewayContext } from '../signed-data-source.js';

const optionsSchema = z.object({
  logger: z.custom<Logger>((value) => typeof (value as Logger | undefined)?.child === 'function', 'a pino logger'),
});

/**
 * Whether an error's path names a field of the answer: every key along it present, or an ancestor null (the error
 * nulled it). A fetch the planner made only for another department's `@requires` (sensors' `District.gaugeLevels`
 * for water's `floodRisk`) asked for fields the client never selected; when that department is down the gateway
 * answers them with an error each (gateway/unanswered-fetch.ts), at a path that is not in the answer.
 */
export function pathInAnswer(data: unknown, path: ReadonlyArray<string | number>): boolean {
  let current = data;
  for (const segment of path) {
    if (current === null) return true;
    if (typeof current !== 'object' || current === undefined || !(segment in (current as object))) return false;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return true;
}

/**
 * The client sees SUBGRAPH_UNAVAILABLE only where its answer has a hole: the errors of fields it did not select
 * (see `pathInAnswer`) are left out; the field that needed them carries its own error (water's `floodRisk`).
 */
export function usePartialResults(options: z.input<typeof optionsSchema>): ApolloServerPlugin<GatewayContext> {
  const logger = optionsSchema.parse(options).logger.child({ plugin: 'partial-results' });
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          if (!result.errors || result.data === undefined) return;
          const kept = result.errors.filter((e: GraphQLFormattedError) => e.extensions?.code !== 'SUBGRAPH_UNAVAILABLE' || !e.path || pathInAnswer(result.data, e.path));
          if (kept.length === result.errors.length) return;
          logger.debug({ requestId: contextValue.requestId, left: result.errors.length - kept.length }, 'errors of fields the client did not select left out');
          result.errors = kept;
        },
      };
    },
  };
}
