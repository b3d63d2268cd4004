import { createHash, createHmac } from 'node:crypto';
import { BadUserInputError } from '../../platform/errors.js';
import type { Logger } from '../../platform/logger.js';
import { signWebhook, WEBHOOK_DELIVERY_HEADER, WEBHOOK_SIGNATURE_HEADER } from '../../platform/webhook-signature.js';
import { postWebhook, screenWebhookUrl, WebhookTargetRefusedError } from '../../platform/webhook-target.js';
import type { TaxiRideRecord, TaxiWebhookDeliveryRecord, TaxiWebhookRecord, TransportStore } from './store.js';

/**
 * Taxi offers POSTed to partners (docs/taxi-partners.md). A partner registers a URL and is shown a secret once; the
 * secret is derived from transport's webhook key (only the transport process holds it, ARCHITECTURE §5) and the
 * registration's version, so nothing secret is stored. Each offer is one delivery with a fixed id, tried with
 * back-off until the partner answers 2xx, only while the ride is still offered. Its body is a thin event: the ride's
 * id, status and time, no personal value. The partner reads the pickup with its own request (`offeredRides`), which
 * its grant decides and the citizen's log records as its reading: transport is never handed a place on a partner's
 * behalf (a department acts only as itself, consent/subgraph/internal-api.ts).
 */
export const WEBHOOK_EVENT_HEADER = 'x-citygraph-event';
export const OFFER_EVENT = 'taxi.ride.offered';
const SECRET_PREFIX = 'whsec_';
const MAX_URL_LENGTH = 2000;

export interface WebhookSettings {
  /** Transport's root of partners' secrets (HUB_TRANSPORT_WEBHOOK_KEY). */
  key: Uint8Array;
  /** Plain http is refused in production (a partner's URL is reached over the internet). */
  allowHttp: boolean;
  /** Whether a URL may point into a private network (HUB_WEBHOOK_ALLOW_PRIVATE; platform/webhook-target.ts). */
  allowPrivate: boolean;
  /** Attempts before a delivery is given up (FAILED), and the first back-off; each retry waits twice as long. */
  maxAttempts: number;
  firstRetryMs: number;
  timeoutMs: number;
}

export const DEFAULT_WEBHOOK_RETRY = { maxAttempts: 8, firstRetryMs: 1000, timeoutMs: 5000 };

/** The HMAC-SHA256 key of one registration: derived, so re-registering (a new version) retires the old one. */
export function webhookSecret(key: Uint8Array, partnerId: string, version: number): Uint8Array {
  return new Uint8Array(createHmac('sha256', key).update(`citygraph-taxi-webhook-v1|${partnerId}|${version}`).digest());
}

/** The secret as shown to the partner once: `whsec_` and the key in base64url (the partner decodes it to verify). */
export function showSecret(secret: Uint8Array): string {
  return `${SECRET_PREFIX}${Buffer.from(secret).toString('base64url')}`;
}

/** The key a partner verifies with, from the secret it was shown. */
export function secretKey(shown: string): Uint8Array {
  return new Uint8Array(Buffer.from(shown.slice(SECRET_PREFIX.length), 'base64url'));
}

/**
 * A webhook URL a partner registers: its form (`checkWebhookUrl`), and a host that is not, and does not resolve to,
 * an address inside the city's network unless private targets are allowed. Each delivery checks the address again.
 */
export async function screenTaxiWebhookUrl(url: string, settings: Pick<WebhookSettings, 'allowHttp' | 'allowPrivate'>): Promise<string> {
  const checked = checkWebhookUrl(url, settings.allowHttp);
  await screenWebhookUrl(new URL(checked), { allowPrivate: settings.allowPrivate });
  return checked;
}

/** A webhook URL: http(s), no credentials, no fragment, at most 2,000 characters; https only in production. */
export function checkWebhookUrl(url: string, allowHttp: boolean): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new BadUserInputError('The webhook URL is not a URL.', { argument: 'url' });
  }
  const schemes = allowHttp ? ['https:', 'http:'] : ['https:'];
  if (url.length > MAX_URL_LENGTH || !schemes.includes(parsed.protocol) || parsed.username || parsed.password || parsed.hash) {
    throw new BadUserInputError(`The webhook URL must be ${allowHttp ? 'http or https' : 'https'}, without a user name, password or #fragment, at most ${MAX_URL_LENGTH} characters.`, { argument: 'url' });
  }
  return parsed.toString();
}

/** The delivery id of one offer: the same on every retry, opaque to anyone but transport. */
export function deliveryId(rideId: string, partnerId: string): string {
  return `WD-${createHash('sha256').update(`${OFFER_EVENT}|${rideId}|${partnerId}`).digest('base64url').slice(0, 32)}`;
}

/** Queues the offer of `ride` for each of these partners that registered a webhook. */
export async function queueOfferDeliveries(store: TransportStore, ride: TaxiRideRecord, partnerIds: readonly string[], at: string): Promise<void> {
  const hooks = await store.taxiWebhooks.getMany(partnerIds);
  await store.queueWebhookDeliveries(
    partnerIds
      .filter((_, i) => hooks[i])
      .map((partnerId) => ({ id: deliveryId(ride.id, partnerId), rideId: ride.id, partnerId, createdAt: at, status: 'PENDING' as const, attempts: 0, nextAttemptAt: at })),
  );
}

/** The body of an offer: which ride, its status and when it was asked for; nothing about the citizen. */
export interface OfferBody {
  type: typeof OFFER_EVENT;
  deliveryId: string;
  ride: { id: string; status: string; requestedAt: string };
}

function offerBody(ride: TaxiRideRecord, delivery: TaxiWebhookDeliveryRecord): OfferBody {
  return { type: OFFER_EVENT, deliveryId: delivery.id, ride: { id: ride.id, status: ride.status, requestedAt: ride.requestedAt } };
}

/** Tries one delivery once: answers what to store about it. A ride no longer offered is dropped, unsent. */
export async function attemptDelivery(
  store: TransportStore,
  settings: WebhookSettings,
  delivery: TaxiWebhookDeliveryRecord,
  now: Date,
  logger: Logger,
): Promise<Partial<TaxiWebhookDeliveryRecord>> {
  const [ride, hook] = await Promise.all([store.taxiRides.get(delivery.rideId), store.taxiWebhooks.get(delivery.partnerId)]);
  if (!ride || ride.status !== 'OFFERED' || !hook) return { status: 'DROPPED' };
  const body = JSON.stringify(offerBody(ride, delivery));
  const status = await post(hook, settings, delivery.id, body, now);
  const attempts = delivery.attempts + 1;
  if (status === 'REFUSED') {
    // The URL now leads into the city's network (its name resolves elsewhere than when it was registered): never sent.
    logger.warn({ deliveryId: delivery.id, partnerId: delivery.partnerId, attempts }, 'taxi offer webhook target refused: it is not a public address');
    return { status: 'FAILED', attempts };
  }
  if (status >= 200 && status < 300) return { status: 'DELIVERED', attempts, lastStatus: status };
  // Logged by ids and status only: the body may carry the pickup.
  logger.warn({ deliveryId: delivery.id, partnerId: delivery.partnerId, status, attempts }, 'taxi offer webhook not accepted; will retry');
  if (attempts >= settings.maxAttempts) return { status: 'FAILED', attempts, lastStatus: status };
  const wait = Math.min(settings.firstRetryMs * 2 ** (attempts - 1), 5 * 60_000);
  return { attempts, lastStatus: status, nextAttemptAt: new Date(now.getTime() + wait * (0.8 + Math.random() * 0.4)).toISOString() };
}

/** The partner's HTTP status (0 when unreachable), or REFUSED when its URL now leads to an address it may not. */
async function post(hook: TaxiWebhookRecord, settings: WebhookSettings, id: string, body: string, now: Date): Promise<number | 'REFUSED'> {
  const secret = webhookSecret(settings.key, hook.id, hook.version);
  try {
    return await postWebhook(hook.url, {
      headers: { 'content-type': 'application/json', [WEBHOOK_SIGNATURE_HEADER]: signWebhook(secret, body, now), [WEBHOOK_DELIVERY_HEADER]: id, [WEBHOOK_EVENT_HEADER]: OFFER_EVENT },
      body,
      timeoutMs: settings.timeoutMs,
      allowPrivate: settings.allowPrivate,
    });
  } catch (error) {
    return error instanceof WebhookTargetRefusedError ? 'REFUSED' : 0;
  } finally {
    secret.fill(0);
  }
}
