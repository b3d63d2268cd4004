import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signed webhooks (notifications to SMS and push gateways, partner events): the sender signs
 * `<timestamp>.<body>` with HMAC-SHA256 under a shared secret, so a receiver can check who sent it, that the body
 * is intact, and that it is fresh. The header is `t=<unix seconds>,v1=<hex MAC>` (the shape Stripe and Svix use,
 * which receivers already know how to check).
 */
export const WEBHOOK_SIGNATURE_HEADER = 'x-citygraph-signature';
/** The delivery's id: the same on every retry of one message, so that a receiver can drop what it already has. */
export const WEBHOOK_DELIVERY_HEADER = 'x-citygraph-delivery';
/** A signature older or newer than this is refused: a captured request cannot be replayed later. */
export const DEFAULT_REPLAY_WINDOW_SECONDS = 300;

function mac(secret: Uint8Array, timestamp: number, body: string): Buffer {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest();
}

export function signWebhook(secret: Uint8Array, body: string, now: Date = new Date()): string {
  const timestamp = Math.floor(now.getTime() / 1000);
  return `t=${timestamp},v1=${mac(secret, timestamp, body).toString('hex')}`;
}

export type WebhookVerdict = { ok: true } | { ok: false; reason: 'MALFORMED' | 'STALE' | 'BAD_SIGNATURE' };

/** Checks a webhook's signature header against its exact body, within the replay window. */
export function verifyWebhook(secret: Uint8Array, header: string | undefined, body: string, now: Date = new Date(), windowSeconds = DEFAULT_REPLAY_WINDOW_SECONDS): WebhookVerdict {
  const match = /^t=(\d{1,12}),v1=([0-9a-f]{64})$/.exec(header ?? '');
  if (!match) return { ok: false, reason: 'MALFORMED' };
  const timestamp = Number(match[1]);
  if (Math.abs(now.getTime() / 1000 - timestamp) > windowSeconds) return { ok: false, reason: 'STALE' };
  const given = Buffer.from(match[2]!, 'hex');
  return timingSafeEqual(given, mac(secret, timestamp, body)) ? { ok: true } : { ok: false, reason: 'BAD_SIGNATURE' };
}
