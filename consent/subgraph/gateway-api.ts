import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorBody, sendJson } from '../../platform/http.js';
import type { Logger } from '../../platform/logger.js';
import { verifyServiceCall, SERVICE_HEADER } from '../../platform/service-auth.js';
import type { PartnerService } from '../services/partner-service.js';
import {
  AUTHENTICATE_KEY_PATH,
  TRANSPARENCY_HEAD_PATH,
  RECORD_REFUSAL_PATH,
  type AuthenticateKeyRequest,
  type AuthenticateKeyResponse,
  type TransparencyHeadResponse,
} from '../../contracts/consent-gateway/wire.js';
import { jwkOf } from '../../contracts/transparency-log/transparency-log.js';
import type { AccessLogService } from '../services/access-log-service.js';
import { z } from 'zod';
import { isPurpose, type Principal } from '../../platform/principal.js';
import { isDepartment } from '../../platform/services.js';
import type { ConsentStore } from './store.js';

/**
 * The gateway's one call into the consent service: who is behind an API key. Authenticated with the gateway's
 * service key; answers 200 with `{ partner: null }` for any key that is not valid, so a caller learns nothing more.
 */
const refusalBody = z.object({
  requestId: z.string().min(1).max(100),
  principal: z.object({
    kind: z.enum(['citizen', 'staff', 'partner', 'admin', 'anonymous']),
    id: z.string().min(1).max(200),
    department: z.string().max(50).optional(),
    official: z.string().max(100).optional(),
    purpose: z.string().max(50).optional(),
    endUser: z.string().max(64).optional(),
  }),
  citizenIds: z.array(z.string().regex(/^C-\d{4,9}$/)).min(1).max(10),
  code: z.enum(['FORBIDDEN', 'UNAUTHENTICATED', 'RATE_LIMITED', 'BAD_USER_INPUT', 'QUERY_TOO_COMPLEX']),
});

export function createGatewayApi(partners: PartnerService, gatewayKey: Uint8Array, logger: Logger, accessLog?: AccessLogService, store?: ConsentStore) {
  /** A gateway refusal naming citizens: one DENIED entry per citizen that exists (unknown ids get nothing). */
  async function recordRefusal(req: IncomingMessage, res: ServerResponse, body: string): Promise<boolean> {
    const header = req.headers[SERVICE_HEADER];
    const caller = verifyServiceCall(Array.isArray(header) ? header[0] : header, body, (name) => (name === ('gateway' as string) ? gatewayKey : undefined));
    if (!caller) {
      sendJson(res, 401, errorBody('UNAUTHENTICATED', 'Unknown service.'));
      return true;
    }
    const parsed = refusalBody.safeParse((() => {
      try {
        return JSON.parse(body) as unknown;
      } catch {
        return undefined;
      }
    })());
    if (!parsed.success) {
      sendJson(res, 400, errorBody('BAD_USER_INPUT', 'Malformed internal request.'));
      return true;
    }
    const { requestId, principal, citizenIds, code } = parsed.data;
    try {
      const known = (await store!.citizens.getMany(citizenIds)).filter((c): c is NonNullable<typeof c> => Boolean(c)).map((c) => c.id);
      const who: Principal = {
        kind: principal.kind,
        id: principal.id,
        ...(principal.department && isDepartment(principal.department) ? { department: principal.department } : {}),
        ...(principal.official ? { official: principal.official } : {}),
        ...(principal.purpose && isPurpose(principal.purpose) ? { purpose: principal.purpose } : {}),
        ...(principal.kind === 'partner' && principal.endUser ? { endUser: principal.endUser } : {}),
        roles: [],
        scopes: [],
        requestId,
      };
      await accessLog!.append(who, 'gateway', known.map((citizenId) => ({ citizenId, coordinate: 'Query.citizen', category: 'IDENTITY', allow: false, code })));
      res.writeHead(204).end();
    } catch (error) {
      logger.error({ err: error }, 'recording a gateway refusal failed');
      sendJson(res, 500, errorBody('INTERNAL_SERVER_ERROR', 'Internal error.'));
    }
    return true;
  }

  /** The witness's call: the newest head and a consistency proof from the head it last accepted. */
  async function transparencyHead(req: IncomingMessage, res: ServerResponse, body: string): Promise<boolean> {
    const header = req.headers[SERVICE_HEADER];
    const caller = verifyServiceCall(Array.isArray(header) ? header[0] : header, body, (name) => (name === ('gateway' as string) ? gatewayKey : undefined));
    if (!caller) {
      sendJson(res, 401, errorBody('UNAUTHENTICATED', 'Unknown service.'));
      return true;
    }
    let fromSize: unknown;
    try {
      fromSize = (JSON.parse(body) as { fromSize?: unknown }).fromSize;
    } catch {
      fromSize = undefined;
    }
    if (fromSize !== null && !(Number.isInteger(fromSize) && (fromSize as number) >= 0)) {
      sendJson(res, 400, errorBody('BAD_USER_INPUT', 'Malformed internal request.'));
      return true;
    }
    try {
      const head = await accessLog!.currentHead();
      const from = fromSize as number | null;
      // A head smaller than the witness's is answered without a proof: the witness refuses it as a rollback.
      const consistency = from === null || from > head.treeSize ? null : await accessLog!.tree.consistencyProof(from, head.treeSize);
      const answer: TransparencyHeadResponse = { head, consistency, authorityKey: jwkOf(accessLog!.tree.publicKey, accessLog!.tree.keyId) as TransparencyHeadResponse['authorityKey'] };
      sendJson(res, 200, answer);
    } catch (error) {
      logger.error({ err: error }, 'transparency head failed');
      sendJson(res, 500, errorBody('INTERNAL_SERVER_ERROR', 'Internal error.'));
    }
    return true;
  }

  return async function route(req: IncomingMessage, res: ServerResponse, body: string): Promise<boolean> {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path === TRANSPARENCY_HEAD_PATH && accessLog) return transparencyHead(req, res, body);
    if (path === RECORD_REFUSAL_PATH && accessLog) return recordRefusal(req, res, body);
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