import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { errorBody, sendJson } from '../../platform/http.js';
import type { Logger } from '../../platform/logger.js';
import { PRINCIPAL_HEADER, PURPOSES, verifyPrincipalForConsent, type Principal } from '../../platform/principal.js';
import type { DepartmentPurposes } from '../../contracts/department-purposes/department-purposes.js';
import { isDepartment, isSubgraphName, SUBGRAPH_NAMES, type SubgraphName } from '../../platform/services.js';
import { toWireKeys } from '../enforcement/remote-authority.js';
import { verifyServiceCall, SERVICE_HEADER } from '../../platform/service-auth.js';
import { DATA_CATEGORIES, type ConsentAuthority } from '../enforcement/types.js';
import type { FaceService } from '../biometrics/face-service.js';
import { CitygraphError } from '../../platform/errors.js';
import { DISTRICT_ID, NOTIFICATION_CHANNELS, PARTNER_TOPIC_IDS } from '../domain/notifications.js';
import { TEMPLATE_IDS } from '../notify/templates.js';
import type { NotificationService } from '../services/notification-service.js';
import type { RideConsentService } from '../services/ride-consent-service.js';
import type { KioskConsentService } from '../services/kiosk-consent-service.js';

/** What the internal API needs beyond the authority: the one-ride consents, and their answers given in person at a kiosk. */
export interface InternalApiExtras {
  rideConsents?: RideConsentService;
  kioskConsents?: KioskConsentService;
}

const citizenIds = z.array(z.string().min(1).max(64)).max(5000);
const decideBody = z.object({
  subgraph: z.enum(SUBGRAPH_NAMES),
  citizenIds,
  categories: z.array(z.enum(DATA_CATEGORIES)).max(16),
  fields: z.array(z.string().min(3).max(128)).max(256).optional(),
});
const sealBody = z.object({
  subgraph: z.enum(SUBGRAPH_NAMES),
  items: z
    .array(z.object({ citizenId: z.string().min(1).max(64), type: z.string().min(1).max(64), field: z.string().min(1).max(64), recordId: z.string().min(1).max(128), value: z.unknown() }))
    .max(10_000),
});
const grantHoldersBody = z.object({ subgraph: z.enum(SUBGRAPH_NAMES), citizenId: z.string().min(1).max(64), category: z.enum(DATA_CATEGORIES), recordId: z.string().min(1).max(128).optional() });
const writableBody = z.object({ subgraph: z.enum(SUBGRAPH_NAMES), citizenIds });
/**
 * A department's own processing names its purpose instead of forwarding a principal (ARCHITECTURE §4, one door), and
 * nothing else: it acts only as itself. (A department once could name a partner to decide "as" for a webhook it
 * sent; that handed the department the keys the partner's grant opens, and logged its reading as the partner's.
 * Anything more than the purpose and the request id is refused.)
 */
const serviceBody = z.object({
  service: z.strictObject({
    purpose: z.enum(PURPOSES),
    requestId: z.string().min(1).max(128),
  }),
});
// Only the shape here: FaceService validates the values themselves and answers why an embedding is refused.
const verifyFaceBody = z.object({ subgraph: z.enum(SUBGRAPH_NAMES), citizenId: z.string().min(1).max(64), embedding: z.array(z.number()).max(4096) });
const notificationCore = { key: z.string().min(1).max(128), template: z.enum(TEMPLATE_IDS), params: z.record(z.string(), z.string().max(64)) };
const notifyBody = z.object({
  subgraph: z.enum(SUBGRAPH_NAMES),
  items: z
    .array(
      z.union([
        z.strictObject({ ...notificationCore, citizenId: z.string().min(1).max(64), channel: z.enum(NOTIFICATION_CHANNELS) }),
        z.strictObject({
          ...notificationCore,
          audience: z.union([z.strictObject({ residentsOf: z.string().regex(DISTRICT_ID) }), z.strictObject({ partnersSubscribedTo: z.enum(PARTNER_TOPIC_IDS) })]),
          channel: z.enum(NOTIFICATION_CHANNELS).optional(),
        }),
      ]),
    )
    .max(10_000),
});
const notificationStatusBody = z.object({ subgraph: z.enum(SUBGRAPH_NAMES), keys: z.array(z.string().min(1).max(128)).max(5000) });
const rideBody = z.object({ subgraph: z.enum(SUBGRAPH_NAMES), citizenId: z.string().min(1).max(64), rideId: z.string().min(1).max(128) });
// Only the shape here, as for verify-face: FaceService validates the embedding's values.
const kioskRideAnswerBody = rideBody.extend({ partnerId: z.string().min(1).max(64), approve: z.boolean(), embedding: z.array(z.number()).max(4096) });
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
  /** `principal`: the consent MAC key of the principals signed for each subgraph (platform/keys.ts). */
  keys: { service: ReadonlyMap<SubgraphName, Uint8Array>; principal: ReadonlyMap<SubgraphName, Uint8Array> },
  logger: Logger,
  purposes: DepartmentPurposes,
  faces?: FaceService,
  notifications?: NotificationService,
  extras: InternalApiExtras = {},
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
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      sendJson(res, 400, errorBody('BAD_USER_INPUT', 'Not JSON.'));
      return true;
    }
    const signed = String(req.headers[PRINCIPAL_HEADER] ?? '');
    let principal: Principal;
    if (signed === '') {
      // No forwarded principal: the department's own processing. Who it is comes from the service key alone, and it
      // may act only for a purpose its department is bound to; statutes then release exactly what they name.
      const service = serviceBody.safeParse(json);
      if (!service.success || !isDepartment(caller) || !purposes.allows(caller, service.data.service.purpose)) {
        sendJson(res, 403, errorBody('FORBIDDEN', 'A department may act on its own only for one of its purposes.'));
        return true;
      }
      principal = { kind: 'service', id: caller, department: caller, roles: [], scopes: [], purpose: service.data.service.purpose, requestId: service.data.service.requestId };
    } else {
      // The consent MAC, not the subgraph's: the department holds its own principal key and could make any principal
      // its own server accepts, but only the gateway can make one that is accepted here.
      const verified = verifyPrincipalForConsent(signed, caller, principalKeys.get(caller)!);
      // A `service` principal is never signed: one arriving signed was made by someone holding the MAC key.
      if (!verified.ok || verified.principal.kind === 'service') {
        sendJson(res, 401, errorBody('UNAUTHENTICATED', 'The principal is not valid.'));
        return true;
      }
      principal = verified.principal;
    }
    const asker = signed === '' ? { principal } : { principal, signed };
    const parsedSubgraph = (json as { subgraph?: unknown })?.subgraph;
    if (parsedSubgraph !== caller) {
      sendJson(res, 403, errorBody('FORBIDDEN', 'A subgraph may only ask about its own data.'));
      return true;
    }
    try {
      if (path === '/internal/decide') {
        const input = decideBody.parse(json);
        const decisions = await authority.decide(asker, input);
        sendJson(res, 200, { decisions: decisions.map((d) => ({ ...d, keys: d.keys ? toWireKeys(d.keys) : undefined })) });
        return true;
      }
      if (path === '/internal/grant-holders') {
        const input = grantHoldersBody.parse(json);
        sendJson(res, 200, { partners: await authority.grantHolders(asker, input.subgraph, input.citizenId, input.category, input.recordId) });
        return true;
      }
      if (path === '/internal/writable') {
        const input = writableBody.parse(json);
        sendJson(res, 200, { writable: await authority.writable(asker, input.subgraph, input.citizenIds) });
        return true;
      }
      if (path === '/internal/seal') {
        const input = sealBody.parse(json);
        sendJson(res, 200, { sealed: await authority.seal(asker, input.subgraph, input.items) });
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
      if (path === '/internal/notify' && notifications) {
        // Only a department's own processing enqueues: a citizen's or an official's request is not a sender.
        if (principal.kind !== 'service' || !isDepartment(caller) || !principal.purpose) {
          sendJson(res, 403, errorBody('FORBIDDEN', 'Only a department service may send notifications.'));
          return true;
        }
        const input = notifyBody.parse(json);
        sendJson(res, 200, await notifications.enqueue(caller, principal.purpose, input.items));
        return true;
      }
      if (path === '/internal/notification-status' && notifications) {
        // A department's own processing reads its own messages only (the key space is its own: `<department>:<key>`).
        if (principal.kind !== 'service' || !isDepartment(caller)) {
          sendJson(res, 403, errorBody('FORBIDDEN', 'Only a department service may read its messages.'));
          return true;
        }
        const input = notificationStatusBody.parse(json);
        sendJson(res, 200, { messages: await notifications.statusOf(caller, input.keys) });
        return true;
      }
      if (path === '/internal/ride-consent/answer-by-face' && extras.kioskConsents && isDepartment(caller)) {
        // A kiosk's request (forwarded principal): the face in the same call authorises the citizen's answer.
        const input = kioskRideAnswerBody.parse(json);
        sendJson(res, 200, await extras.kioskConsents.answerRide(asker, caller, input));
        return true;
      }
      if (path === '/internal/ride-consent/questions' && extras.rideConsents) {
        // Transport's own processing for taxi help, like asking: which partners the citizen can still be asked about.
        if (principal.kind !== 'service' || caller !== 'transport' || principal.purpose !== 'TAXI_ASSIST') {
          sendJson(res, 403, errorBody('FORBIDDEN', 'Only the taxi dispatcher lists one-ride questions.'));
          return true;
        }
        const input = rideBody.parse(json);
        sendJson(res, 200, { questions: await extras.rideConsents.questions(caller, input.citizenId, input.rideId) });
        return true;
      }
      if ((path === '/internal/ride-consent/ask' || path === '/internal/ride-consent/end') && extras.rideConsents) {
        // Transport's dispatcher only, as its own processing for taxi help: no citizen or partner asks on a ride's behalf.
        if (principal.kind !== 'service' || caller !== 'transport' || principal.purpose !== 'TAXI_ASSIST') {
          sendJson(res, 403, errorBody('FORBIDDEN', 'Only the taxi dispatcher asks for or ends one-ride consents.'));
          return true;
        }
        const input = rideBody.parse(json);
        const answer = path.endsWith('/ask')
          ? await extras.rideConsents.ask(caller, principal.purpose, input.citizenId, input.rideId)
          : await extras.rideConsents.end(caller, input.citizenId, input.rideId);
        sendJson(res, 200, answer);
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
      if (error instanceof CitygraphError && error.code === 'BAD_USER_INPUT') {
        sendJson(res, 400, errorBody('BAD_USER_INPUT', error.message));
        return true;
      }
      if (error instanceof CitygraphError && error.code === 'FORBIDDEN') {
        sendJson(res, 403, errorBody('FORBIDDEN', error.message));
        return true;
      }
      if (error instanceof CitygraphError && error.code === 'NOT_FOUND') {
        sendJson(res, 404, errorBody('NOT_FOUND', error.message));
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
