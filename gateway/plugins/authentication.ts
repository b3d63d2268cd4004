import { z } from 'zod';
import { CitygraphError, type RequestCode } from '../../platform/errors.js';
import type { Logger } from '../../platform/logger.js';
import { KeyServiceUnavailableError } from '../auth/api-keys.js';
import type { Authenticator } from '../auth/authenticate.js';
import { header, RequestRefused, type GatewayPlugin } from '../pipeline.js';

const optionsSchema = z.object({
  authenticator: z.custom<Authenticator>((value) => typeof (value as Authenticator | undefined)?.authenticate === 'function', 'an Authenticator'),
  logger: z.custom<Logger>((value) => typeof (value as Logger | undefined)?.child === 'function', 'a pino logger'),
  /** Seconds a caller is asked to wait when API keys cannot be checked (the consent service is down). */
  keyServiceRetryAfterSeconds: z.number().int().positive().default(5),
});

/**
 * Who is asking (ARCHITECTURE §3): turns the Authorization, X-Purpose, X-Justification and X-End-User headers into
 * the request's principal, or refuses the request with 401, 403 or 400 before anything else runs. Deny by default:
 * a credential that is present but not valid is 401, never anonymous.
 */
export function useAuthentication(options: z.input<typeof optionsSchema>): GatewayPlugin {
  const { authenticator, logger: parent, keyServiceRetryAfterSeconds } = optionsSchema.parse(options);
  const logger = parent.child({ plugin: 'authentication' });
  return {
    name: 'authentication',
    async onRequest(request) {
      const { http: req, requestId } = request;
      try {
        const { caller, partner } = await authenticator.authenticate({
          authorization: header(req, 'authorization'),
          purpose: header(req, 'x-purpose'),
          justification: header(req, 'x-justification'),
          endUser: header(req, 'x-end-user'),
        });
        request.context = { principal: { ...caller, requestId }, requestId, clientAddress: req.socket?.remoteAddress, observed: {}, ...(partner ? { partner } : {}) };
      } catch (error) {
        if (error instanceof CitygraphError) {
          logger.debug({ requestId, code: error.code }, 'refused');
          throw new RequestRefused(error.code as RequestCode, error.message);
        }
        if (error instanceof KeyServiceUnavailableError) {
          logger.error({ requestId }, 'API keys cannot be checked: the consent service is unavailable');
          throw new RequestRefused('SUBGRAPH_UNAVAILABLE', 'API keys cannot be checked right now. Try again shortly.', { 'retry-after': String(keyServiceRetryAfterSeconds) }, 503);
        }
        throw error;
      }
    },
  };
}
