import nodemailer, { type Transporter } from 'nodemailer';
import type { HubConfig } from '../../platform/config.js';
import { signWebhook, WEBHOOK_DELIVERY_HEADER, WEBHOOK_SIGNATURE_HEADER } from '../../platform/webhook-signature.js';
import { postWebhook, WebhookTargetRefusedError } from '../../platform/webhook-target.js';
import type { AttemptOutcome, NotificationChannel } from '../domain/notifications.js';

/** One message ready to go: the address opened under a statute, and the city's text in both languages. */
export interface Outgoing {
  /** The notification's id: the same on every attempt, so that receivers can drop a repeat. */
  id: string;
  to: string;
  subject: string;
  text: string;
  /** A partner's message: whose webhook `to` is, and what happened, as codes (never a personal value). */
  partnerId?: string;
  event?: { topic: string; template: string; params: Record<string, string> };
}

export interface Channel {
  send(message: Outgoing): Promise<AttemptOutcome>;
  close(): Promise<void>;
}

/** The development SMTP sink's address when no relay is configured (bin/start.ts runs it; see platform/mail-sink.ts). */
export function smtpUrlOf(config: HubConfig): string {
  return config.notify.smtpUrl ?? `smtp://${config.host}:${config.notify.smtpPort}`;
}

/**
 * E-mail over SMTP to the configured relay. The Message-ID is derived from the notification's id, so a message
 * re-sent after a crash is recognisably the same one (receivers, mail clients and the sink deduplicate on it).
 */
export function emailChannel(config: HubConfig): Channel {
  const transport: Transporter = nodemailer.createTransport({ url: smtpUrlOf(config), pool: true, maxConnections: 16, connectionTimeout: 5000, socketTimeout: 10_000 } as Parameters<typeof nodemailer.createTransport>[0]);
  const from = config.notify.from;
  const domain = from.slice(from.indexOf('@') + 1);
  return {
    async send(message) {
      try {
        await transport.sendMail({ from, to: message.to, subject: message.subject, text: message.text, messageId: `<${message.id}@${domain}>`, headers: { [WEBHOOK_DELIVERY_HEADER]: message.id } });
        return { delivered: true };
      } catch (error) {
        // A 5xx reply refuses this address for good; anything else (connection, 4xx) may pass on a later attempt.
        const responseCode = (error as { responseCode?: number }).responseCode;
        return { delivered: false, error: responseCode ? `SMTP_${responseCode}` : 'SMTP_UNREACHABLE', permanent: responseCode !== undefined && responseCode >= 500 };
      }
    },
    async close() {
      transport.close();
    },
  };
}

/**
 * A signed webhook (SMS gateway, app push): POST `{id, to, text}` with the HMAC of timestamp and body
 * (platform/webhook-signature.ts) and the delivery id. 2xx delivers; 4xx other than 408 and 429 is permanent, and so
 * is a 3xx (redirects are not followed). `allowPrivate`: whether the URL may point into a private network (the
 * operator's own SMS gateway may; a partner's URL may only when HUB_WEBHOOK_ALLOW_PRIVATE says so); a refused target
 * is a permanent failure, with nothing sent.
 */
export function webhookChannel(
  url: string,
  secret: Uint8Array,
  timeoutMs = 5000,
  bodyOf: (message: Outgoing) => object = (m) => ({ id: m.id, to: m.to, text: m.text }),
  allowPrivate = true,
): Channel {
  return {
    async send(message) {
      const body = JSON.stringify(bodyOf(message));
      try {
        const status = await postWebhook(url, {
          headers: { 'content-type': 'application/json', [WEBHOOK_SIGNATURE_HEADER]: signWebhook(secret, body), [WEBHOOK_DELIVERY_HEADER]: message.id },
          body,
          timeoutMs,
          allowPrivate,
        });
        if (status >= 200 && status < 300) return { delivered: true };
        const retryable = status >= 500 || status === 408 || status === 429;
        return { delivered: false, error: `HTTP_${status}`, permanent: !retryable };
      } catch (error) {
        if (error instanceof WebhookTargetRefusedError) return { delivered: false, error: 'WEBHOOK_TARGET_REFUSED', permanent: true };
        return { delivered: false, error: 'WEBHOOK_UNREACHABLE', permanent: false };
      }
    },
    async close() {},
  };
}

/**
 * Partners' webhooks (`partner subscribe`): POST `{id, topic, template, params, text}` to the URL the partner
 * subscribed with, signed (platform/webhook-signature.ts) with that partner's own secret, shown to it at
 * subscription. The same rules as any webhook: 2xx delivers, 4xx other than 408 and 429 is permanent. The target is
 * checked again at every delivery (a name that now resolves into a private network is refused unless allowed).
 */
export function partnerWebhookChannel(secretOf: (partnerId: string) => Uint8Array, options: { allowPrivate: boolean; timeoutMs?: number }): Channel {
  return {
    async send(message) {
      if (!message.partnerId || !message.event) return { delivered: false, error: 'NOT_A_PARTNER_MESSAGE', permanent: true };
      return webhookChannel(message.to, secretOf(message.partnerId), options.timeoutMs ?? 5000, (m) => ({ id: m.id, ...m.event, text: m.text }), options.allowPrivate).send(message);
    },
    async close() {},
  };
}

/** The channels this configuration can deliver on: e-mail always (relay or sink), SMS when its webhook is set. */
export function channelsOf(config: HubConfig): Partial<Record<NotificationChannel, Channel>> {
  const secret = config.notify.webhookSecret ? new Uint8Array(Buffer.from(config.notify.webhookSecret, 'base64')) : undefined;
  return {
    EMAIL: emailChannel(config),
    ...(config.notify.smsUrl && secret ? { SMS: webhookChannel(config.notify.smsUrl, secret) } : {}),
  };
}
