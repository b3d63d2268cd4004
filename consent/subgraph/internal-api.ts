import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { errorBody, sendJson } from '../../platform/http.js';
import type { Logger } from '../../platform/logger.js';
import { PRINCIPAL_HEADER, verifyPrincipal } from '../../platform/principal.js';
import { isSubgraphName, SUBGRAPH_NAMES, type SubgraphName } from '../../platform/services.js';
import { toWireKey } from '../enforcement/remote-authority.js';
import { verifyServiceCall, SERVICE_HEADER } from '../../platform/service-auth.js';
import { DATA_CATEGORIES, type ConsentAuthority } from '../enforcement/types.js';
import type { FaceService } from '../biometrics/face-service.js';
import { CitygraphError } from '../../platform/errors.js';

const citizenIds = z.array(z.string().min(1).max(64)).max(5000);
const decideBody = z.object({
  subgraph: z.enum(SUBGRAPH_NAMES),
  citizenIds,
  categories: z.array(z.enum(DATA_CATEGORIES)).max(16),
  fields: z.array(z.string().min(3).max(128)).max(256).optional(),
});
const writeKeysBody = z.object({ subgraph: z.enum(SUBGRAPH_NAMES), citizenIds });
// Only the shape here: FaceService validates the values themselves and answers why an embedding is refused.
const verifyFaceBody = z.object({ subgraph: z.enum(SUBGRAPH_NAMES), citizenId: z.string().min(1).max(64), embedding: z.array(z.number()).max(4096) });
const accessLogBody = z.object({
  subgraph: z.enum(SUBGRAPH_NAMES),
  records: z
    .array(
      z.object({
        citizenId: z.string().min(1).max(64),
        coordinate: z.string().min(3).max(128),
        category: z.enum(DATA_CATEGORIES),
        allow: z.boolean(),
        code: z.enum(['CONSENT_REQUIRED', 'CONSENT_REVOKED', 'CONSENT_EXPIRED', 'CONSENT_PAUSED', 'DATA_ERASED', 'RATE_LIMITED']).optional(),
        basis: z.string().max(128).optional(),
      }),
    )
    .max(100_000),
});

/**
 * The consent service's internal API for the department subgraphs. A call must be authenticated twice: by the
 * calling subgraph's service key (who asks) and by the principal the gateway signed for that subgraph (on whose
 * behalf). A subgraph can only ask about its own data and only for a principal the gateway actually sent it.
 */
export function createInternalApi(
  authority: ConsentAuthority,
  keys: { service: ReadonlyMap<SubgraphName, Uint8Array>; principal: ReadonlyMap<SubgraphName, Uint8Array> },
  logger: Logger,
  faces?: FaceService,
) {
  const serviceKeys = keys.service;
  const principalKeys = keys.principal;

  return async function route(req: IncomingMessage, res: ServerResponse, body: string): Promise<boolean> {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (!path.startsWith('/internal/')) return false;
    const header = req.headers[SERVICE_HEADER];
    const caller = verifyServiceCall(Array.isArray(header) ? header[0] : header, body, (name) => (isSubgraphName(name) ? serviceKeys.get(name) : undefined));
    if (!caller) {
      sendJson(res, 401, errorBody('UNAUTHENTICATED', 'Unknown service.'));
      return true;
    }
    const signed = String(req.headers[PRINCIPAL_HEADER] ?? '');
    const verified = verifyPrincipal(signed, caller, principalKeys.get(caller)!);
    if (!verified.ok) {
      sendJson(res, 401, errorBody('UNAUTHENTICATED', 'The principal is not valid.'));
      return true;
    }
    const asker = { principal: verified.principal, signed };
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      sendJson(res, 400, errorBody('BAD_USER_INPUT', 'Not JSON.'));
      return true;
    }
    const parsedSubgraph = (json as { subgraph?: unknown })?.subgraph;
    if (parsedSubgraph !== caller) {
      sendJson(res, 403, errorBody('FORBIDDEN', 'A subgraph may only ask about its own data.'));
      return true;
    }
    try {
      if (path === '/internal/decide') {
        const input = decideBody.parse(json);
        const decisions = await authority.decide(asker, input);
        sendJson(res, 200, { decisions: decisions.map((d) => ({ ...d, key: d.key ? toWireKey(d.key) : undefined })) });
        return true;
      }
      if (path === '/internal/write-keys') {
        const input = writeKeysBody.parse(json);
        const keys = await authority.writeKeys(asker, input.subgraph, input.citizenIds);
        sendJson(res, 200, { keys: Object.fromEntries([...keys].map(([id, key]) => [id, toWireKey(key)])) });
        return true;
      }
      if (path === '/internal/verify-face' && faces) {
        // A 1:1 face check for the forwarded principal: decided and logged by FaceService, answered as match or not.
        const input = verifyFaceBody.parse(json);
        try {
          sendJson(res, 200, await faces.verify(asker, input.citizenId, input.embedding));
        } catch (error) {
          if (!(error instanceof CitygraphError) || error.code !== 'BAD_USER_INPUT') throw error;
          sendJson(res, 400, errorBody('BAD_USER_INPUT', error.message));
        }
        return true;
      }
      if (path === '/internal/access-log') {
        const input = accessLogBody.parse(json);
        await authority.recordAccess(asker, input.subgraph, input.records);
        sendJson(res, 200, { recorded: input.records.length });
        return true;
      }
    } catch (error) {
      if (error instanceof z.ZodError) {
        sendJson(res, 400, errorBody('BAD_USER_INPUT', 'Malformed internal request.'));
        return true;
      }
      logger.error({ err: error, path }, 'internal API call failed');
      sendJson(res, 500, errorBody('INTERNAL_SERVER_ERROR', 'Internal error.'));
      return true;
    }
    sendJson(res, 404, errorBody('NOT_FOUND', 'Not found.'));
    return true;
  };
}
