import type { GraphQLFormattedError } from 'graphql';
import type { Logger } from './logger.js';
import { PUBLIC_CODES } from './errors.js';

/**
 * The one place that decides what an error may tell a client: allowlisted codes keep their message; anything
 * else (a database error, a bug, a network failure) becomes a generic internal error. Stack traces and internal
 * details never leave.
 */
export function createErrorFormatter(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = String(formatted.extensions?.code ?? 'INTERNAL_SERVER_ERROR');
    const { stacktrace: _stack, exception: _exception, http: _http, ...extensions } = (formatted.extensions ?? {}) as Record<string, unknown>;
    if (PUBLIC_CODES.has(code)) {
      return { ...formatted, extensions: { ...extensions, code } };
    }
    const original = (error as { originalError?: unknown })?.originalError ?? error;
    logger.error({ err: original, path: formatted.path }, 'internal error');
    return {
      message: 'Internal error. The request id identifies it in the service logs.',
      ...(formatted.path ? { path: formatted.path } : {}),
      ...(formatted.locations ? { locations: formatted.locations } : {}),
      extensions: { code: 'INTERNAL_SERVER_ERROR', ...(extensions.requestId ? { requestId: extensions.requestId } : {}) },
    };
  };
}
