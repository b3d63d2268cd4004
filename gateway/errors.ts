import type { GraphQLFormattedError } from 'graphql';
import { createErrorFormatter } from '../platform/format-error.js';
import type { Logger } from '../platform/logger.js';

/**
 * Apollo's own request errors, renamed to the hub's stable codes (ARCHITECTURE §7) before the shared formatter
 * applies the allowlist.
 */
export function createGatewayErrorFormatter(logger: Logger) {
  const format = createErrorFormatter(logger);
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = formatted.extensions?.code;
    let renamed = formatted;
    if (code === 'GRAPHQL_PARSE_FAILED' && /more th(?:an|at) \d+ tokens/.test(formatted.message)) {
      renamed = { ...formatted, message: 'The query has more than 2000 tokens.', extensions: { ...formatted.extensions, code: 'QUERY_TOO_COMPLEX' } };
    } else if (code === 'BAD_REQUEST' && /(mutation operation from a POST request|GET requests only support query operations)/i.test(formatted.message)) {
      renamed = { ...formatted, message: 'Mutations must be sent with POST.', extensions: { ...formatted.extensions, code: 'METHOD_NOT_ALLOWED' } };
    } else if (code === 'PERSISTED_QUERY_NOT_SUPPORTED') {
      renamed = { ...formatted, message: 'Send the full query text; only registered partners may send a document hash.', extensions: { ...formatted.extensions, code: 'PERSISTED_QUERY_NOT_ALLOWED' } };
    }
    return format(renamed, error);
  };
}
