import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorBody, sendJson } from '../../platform/http.js';
import type { Logger } from '../../platform/logger.js';
import { verifyServiceCall, SERVICE_HEADER } from '../../platform/service-auth.js';
import type { PartnerService } from '../services/partner-service.js';
import { AUTHENTICATE_KEY_PATH, type AuthenticateKeyRequest, type AuthenticateKeyResponse } from '../../contracts/consent-gateway/wire.js';

/**
 * The gateway's one call into the consent service: who is behind an API key. Authenticated with the gateway's
 * service key; answers 200 with `{ partner: null }` for any key that is not valid, so a caller learns nothing more.
 */
export function createGatewayApi(partners: PartnerService, gatewayKey: Uint8Array, logger: Logger) {
  return async function route(req: IncomingMessage, res: ServerResponse, body: string): Promise<boolean> {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path !== AUTHENTICATE_KEY_PATH) return false;
    const header = req.headers[SERVICE_HEADER];
    const caller = verifyServiceCall(Array.isArray(header) ? header[0] : header, body, (name) => (name === ('gateway' as string) ? gatewayKey : undefined));
    if (!caller) {
      sendJson(res, 401, errorBody('UNAUTHENTICATED', 'Unknown service.'));
      return true;
    }
    let key: unknown;
    try {
      key = (JSON.parse(body) as Partial<Record<keyof AuthenticateKeyRequest, unknown>>).key;
    } catch {
      key = undefined;
    }
    if (typeof key !== 'string' || key.length > 200) {
      sendJson(res, 400, errorBody('BAD_USER_INPUT', 'Malformed internal request.'));
      return true;
    }
    try {
      const answer: AuthenticateKeyResponse = { partner: (await partners.authenticate(key)) ?? null };
      sendJson(res, 200, answer);
    } catch (error) {
      logger.error({ err: error }, 'key authentication failed');
      sendJson(res, 500, errorBody('INTERNAL_SERVER_ERROR', 'Internal error.'));
    }
    return true;
  };
}
