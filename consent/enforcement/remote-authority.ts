import { BadUserInputError, ForbiddenError, NotFoundError, SubgraphUnavailableError, type ConsentCode } from '../../platform/errors.js';
import { PRINCIPAL_HEADER } from '../../platform/principal.js';
import { toBase64Url } from '../../platform/sodium.js';
import { SERVICE_HEADER, signServiceCall } from '../../platform/service-auth.js';
import type { SubgraphName } from '../../platform/services.js';
import { inSpan, injectTraceHeaders, SpanKind } from '../../platform/tracing.js';
import type { SubgraphDataKey } from '../crypto/field-cipher.js';
import type { NotificationAudience, NotificationChannel } from '../domain/notifications.js';
import type { TemplateId } from '../notify/templates.js';
import type { AccessRecord, Caller, CitizenDecision, ConsentAuthority, DataCategory, DecisionRequest, SealItem } from './types.js';
import { httpRequest, type HttpClientResponse } from '../../platform/http-client.js';

type WireKey = { key: string; version: number };
type WireKeys = Partial<Record<DataCategory, WireKey>>;

/** Wire shape of a decision: keys travel as base64url and are turned back into bytes at once. */
export interface WireDecision extends Omit<CitizenDecision, 'keys'> {
  keys?: WireKeys;
}

export function toWireKeys(keys: Partial<Record<DataCategory, SubgraphDataKey>>): WireKeys {
  return Object.fromEntries(Object.entries(keys).map(([category, key]) => [category, { key: toBase64Url(key.key), version: key.version }]));
}

function fromWireKeys(wire: WireKeys): Partial<Record<DataCategory, SubgraphDataKey>> {
  return Object.fromEntries(Object.entries(wire).map(([category, key]) => [category, { key: new Uint8Array(Buffer.from(key.key, 'base64url')), version: key.version }]));
}

/** A department's own processing forwards no principal: it names its purpose, and its service key says who it is. */
function withCaller(caller: Caller, payload: Record<string, unknown>): Record<string, unknown> {
  if (caller.principal.kind !== 'service') return payload;
  return { ...payload, service: { purpose: caller.principal.purpose, requestId: caller.principal.requestId } };
}

/** A message a department asks the consent service to send (consent/services/notification-service.ts). */
export type NotificationItem = CitizenNotificationItem | AudienceNotificationItem;

/** To one named citizen. */
export interface CitizenNotificationItem {
  /** The department's own idempotency key: the same key twice is one message. */
  key: string;
  citizenId: string;
  channel: NotificationChannel;
  template: TemplateId;
  /** Codes, ids and times only (the template checks them): never a personal value. */
  params: Record<string, string>;
}

/** What became of one of a department's own messages, by its key (consent/services/notification-service.ts `statusOf`). */
export interface NotificationStatusItem {
  key: string;
  status: 'PENDING' | 'SENDING' | 'RETRYING' | 'DELIVERED' | 'FAILED' | 'REFUSED';
  attempts: number;
  lastError: string | null;
  deliveredAt: string | null;
}

/**
 * To an audience the consent service resolves (the residents of a district, under the statute naming the home
 * district; the partners subscribed to a topic). The department never learns who was in it.
 */
export interface AudienceNotificationItem {
  key: string;
  audience: NotificationAudience;
  /** For residents (default EMAIL); a partner is always called on its webhook. */
  channel?: NotificationChannel;
  template: TemplateId;
  params: Record<string, string>;
}

/** Sends notifications through the consent service, which alone may open contact details. */
export interface NotificationSender {
  notify(caller: Caller, items: readonly NotificationItem[]): Promise<{ accepted: number }>;
  /** The department's own messages by key, for its own processing (unknown keys left out). */
  notificationStatus(caller: Caller, keys: readonly string[]): Promise<NotificationStatusItem[]>;
}

/** One-ride consents (consent/services/ride-consent-service.ts), asked for and ended by transport's dispatcher. */
export interface RideConsents {
  askRideConsent(caller: Caller, citizenId: string, rideId: string): Promise<{ requested: number }>;
  endRideConsent(caller: Caller, citizenId: string, rideId: string): Promise<{ ended: number }>;
  /** The partners the citizen can still be asked about for this ride (ids and public display names). */
  rideConsentQuestions(caller: Caller, citizenId: string, rideId: string): Promise<RideConsentQuestion[]>;
  /** A kiosk's in-person answer (consent/services/kiosk-consent-service.ts): a fresh face authorises it, in the same call. */
  answerRideConsentByFace(caller: Caller, answer: RideConsentFaceAnswer): Promise<RideConsentFaceResult>;
}

/** Which partner may be asked to see a ride: ids and the public display name, nothing about the citizen. */
export interface RideConsentQuestion {
  partnerId: string;
  partnerName: string;
}

/** The citizen's answer to one ride's request to one partner, with the embedding of a picture taken for it. */
export interface RideConsentFaceAnswer {
  citizenId: string;
  rideId: string;
  partnerId: string;
  approve: boolean;
  embedding: readonly number[];
}

/** The face check's refusal or mismatch (nothing answered), or on a match what became of the request. */
export type RideConsentFaceResult =
  | { allowed: false; code: ConsentCode }
  | { allowed: true; matched: false }
  | { allowed: true; matched: true; status: 'APPROVED' | 'DECLINED' };

/** The answer to a 1:1 face check: the consent decision's refusal, or whether the face matched (never a distance). */
export type FaceCheckAnswer = { allowed: true; matched: boolean } | { allowed: false; code: ConsentCode };

/** Checks a face against one named citizen's template in the consent service, for the caller's principal. */
export interface FaceVerifier {
  verifyFace(caller: Caller, citizenId: string, embedding: readonly number[]): Promise<FaceCheckAnswer>;
}

/**
 * The consent service did not answer: what needed it (a decision, a key, a face check) is SUBGRAPH_UNAVAILABLE at
 * its own path, like a field of a department that is down (ARCHITECTURE §7), never an internal error.
 */
export class ConsentUnavailableError extends SubgraphUnavailableError {
  readonly status: number | undefined;
  constructor(status?: number) {
    super('consent');
    this.status = status;
    this.name = 'ConsentUnavailableError';
  }
}

/**
 * The consent authority over HTTP, used by every department subgraph. Each call forwards the signed principal the
 * subgraph received (the consent service verifies it) and is itself authenticated with the subgraph's service key.
 */
export class RemoteConsentAuthority implements ConsentAuthority {
  constructor(
    private readonly baseUrl: string,
    private readonly subgraph: SubgraphName,
    private readonly serviceKey: Uint8Array,
    private readonly timeoutMs = 2000,
  ) {}

  /** Each call is a client span (`consent /internal/<op>`) whose `traceparent` the consent service continues. */
  private call<T>(path: string, caller: Caller, payload: unknown, onRefusal?: (response: HttpClientResponse) => Promise<never | undefined>): Promise<T> {
    return inSpan(`consent ${path}`, SpanKind.CLIENT, { 'citygraph.subgraph': this.subgraph, 'citygraph.peer': 'consent', 'http.route': path }, async (span) => {
      const body = JSON.stringify(withCaller(caller, payload as Record<string, unknown>));
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        [PRINCIPAL_HEADER]: caller.signed ?? '',
        [SERVICE_HEADER]: signServiceCall(this.subgraph, body, this.serviceKey),
      };
      injectTraceHeaders(headers);
      let response: HttpClientResponse;
      try {
        response = await httpRequest(`${this.baseUrl}${path}`, { method: 'POST', headers, body, timeoutMs: this.timeoutMs });
      } catch {
        throw new ConsentUnavailableError();
      }
      span.setAttribute('http.response.status_code', response.status);
      if (!response.ok && onRefusal) await onRefusal(response);
      if (!response.ok) throw new ConsentUnavailableError(response.status);
      return (await response.json()) as T;
    });
  }

  async decide(caller: Caller, request: DecisionRequest): Promise<CitizenDecision[]> {
    const answer = await this.call<{ decisions: WireDecision[] }>('/internal/decide', caller, request);
    return answer.decisions.map(({ keys, ...d }) => ({ ...d, ...(keys ? { keys: fromWireKeys(keys) } : {}) }));
  }

  async grantHolders(caller: Caller, subgraph: SubgraphName, citizenId: string, category: DataCategory, recordId?: string): Promise<string[]> {
    return (await this.call<{ partners: string[] }>('/internal/grant-holders', caller, { subgraph, citizenId, category, ...(recordId ? { recordId } : {}) })).partners;
  }

  async writable(caller: Caller, subgraph: SubgraphName, citizenIds: readonly string[]): Promise<string[]> {
    if (citizenIds.length === 0) return [];
    return (await this.call<{ writable: string[] }>('/internal/writable', caller, { subgraph, citizenIds })).writable;
  }

  async seal(caller: Caller, subgraph: SubgraphName, items: readonly SealItem[]): Promise<Array<string | null>> {
    if (items.length === 0) return [];
    const answer = await this.call<{ sealed: Array<string | null> }>('/internal/seal', caller, { subgraph, items }, async (response) => {
      if (response.status !== 403) return undefined;
      throw new ForbiddenError('This value cannot be written here.');
    });
    return answer.sealed;
  }

  async recordAccess(caller: Caller, subgraph: SubgraphName, records: readonly AccessRecord[]): Promise<void> {
    await this.call('/internal/access-log', caller, { subgraph, records });
  }

  askRideConsent(caller: Caller, citizenId: string, rideId: string): Promise<{ requested: number }> {
    return this.call('/internal/ride-consent/ask', caller, { subgraph: this.subgraph, citizenId, rideId });
  }

  endRideConsent(caller: Caller, citizenId: string, rideId: string): Promise<{ ended: number }> {
    return this.call('/internal/ride-consent/end', caller, { subgraph: this.subgraph, citizenId, rideId });
  }

  async rideConsentQuestions(caller: Caller, citizenId: string, rideId: string): Promise<RideConsentQuestion[]> {
    return (await this.call<{ questions: RideConsentQuestion[] }>('/internal/ride-consent/questions', caller, { subgraph: this.subgraph, citizenId, rideId })).questions;
  }

  /** Bad input (an embedding, an answered request) is BAD_USER_INPUT and an unknown request NOT_FOUND, with the service's words. */
  answerRideConsentByFace(caller: Caller, answer: RideConsentFaceAnswer): Promise<RideConsentFaceResult> {
    return this.call<RideConsentFaceResult>('/internal/ride-consent/answer-by-face', caller, { subgraph: this.subgraph, ...answer }, async (response) => {
      if (response.status !== 400 && response.status !== 404) return undefined;
      const body = (await response.json().catch(() => ({}))) as { errors?: Array<{ message?: unknown; extensions?: { code?: unknown } }> };
      const first = body.errors?.[0];
      const message = typeof first?.message === 'string' ? first.message : 'That answer cannot be given.';
      if (response.status === 404 && first?.extensions?.code === 'NOT_FOUND') throw new NotFoundError('That one-ride consent request');
      if (response.status === 400) throw new BadUserInputError(message);
      return undefined;
    });
  }

  /** Puts messages in the consent service's notification outbox, as this department's own processing (caller). */
  async notify(caller: Caller, items: readonly NotificationItem[]): Promise<{ accepted: number }> {
    if (items.length === 0) return { accepted: 0 };
    return this.call<{ accepted: number }>('/internal/notify', caller, { subgraph: this.subgraph, items }, async (response) => {
      if (response.status === 403) throw new ForbiddenError('No statute lets this department send these notifications.');
      if (response.status === 400) throw new BadUserInputError('These notifications do not fit their templates.');
      return undefined;
    });
  }

  /** What became of this department's own messages, by key; asked as the department's own processing (caller). */
  async notificationStatus(caller: Caller, keys: readonly string[]): Promise<NotificationStatusItem[]> {
    if (keys.length === 0) return [];
    return (await this.call<{ messages: NotificationStatusItem[] }>('/internal/notification-status', caller, { subgraph: this.subgraph, keys })).messages;
  }

  /** The consent service decides BIOMETRIC for the caller, logs it, and compares; an invalid embedding is BAD_USER_INPUT. */
  verifyFace(caller: Caller, citizenId: string, embedding: readonly number[]): Promise<FaceCheckAnswer> {
    return this.call<FaceCheckAnswer>('/internal/verify-face', caller, { subgraph: this.subgraph, citizenId, embedding }, async (response) => {
      if (response.status !== 400) return undefined;
      const body = (await response.json().catch(() => ({}))) as { errors?: Array<{ message?: unknown }> };
      const message = body.errors?.[0]?.message;
      throw new BadUserInputError(typeof message === 'string' ? message : 'The face embedding is not valid.', { argument: 'embedding' });
    });
  }
}
