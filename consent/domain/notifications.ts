/**
 * The notification outbox's rules (no I/O): which channel needs which contact field, how long to wait before the
 * next attempt, and what an attempt's outcome makes of a message.
 */
export const NOTIFICATION_CHANNELS = ['EMAIL', 'SMS'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];
export type NotificationStatus = 'PENDING' | 'SENDING' | 'RETRYING' | 'DELIVERED' | 'FAILED' | 'REFUSED';

/** A partner's signed webhook (the URL it subscribed with): carries no personal value, so no statute is involved. */
export const PARTNER_WEBHOOK = 'PARTNER_WEBHOOK';
export type DeliveryChannel = NotificationChannel | typeof PARTNER_WEBHOOK;

/** What partners may subscribe to, and which departments may publish on it. */
export const PARTNER_TOPICS = { ROAD_HAZARDS: ['water', 'transport'] } as const;
export type PartnerTopic = keyof typeof PARTNER_TOPICS;
export const PARTNER_TOPIC_IDS = Object.keys(PARTNER_TOPICS) as PartnerTopic[];

/**
 * Whom a broadcast is for. `residentsOf`: the citizens whose sealed home district is this one, found by opening
 * every citizen's district under the statute that names it (no index of districts exists: 16 values would make any
 * index a plaintext one). `partnersSubscribedTo`: the partners subscribed to a topic.
 */
export type NotificationAudience = { residentsOf: string } | { partnersSubscribedTo: PartnerTopic };

/** The field a district broadcast opens for every citizen to find the residents. */
export const HOME_DISTRICT_FIELD = 'homeDistrict';
export const DISTRICT_ID = /^D-\d{2}$/;

/** The one `@personal` field of Citizen a delivery on each channel opens: nothing else is released for it. */
export const CONTACT_FIELD: Record<NotificationChannel, 'email' | 'phone'> = { EMAIL: 'email', SMS: 'phone' };

export function isCitizenChannel(channel: DeliveryChannel): channel is NotificationChannel {
  return channel !== PARTNER_WEBHOOK;
}

/**
 * Exponential back-off with full jitter (the AWS architecture blog's variant: no synchronised retry storms), from
 * one second doubling up to ten minutes. `random` is in [0, 1).
 */
export function retryDelayMs(attempt: number, random: number): number {
  const ceiling = Math.min(600_000, 1000 * 2 ** Math.max(0, attempt - 1));
  return Math.max(250, Math.floor(ceiling * random));
}

export type AttemptOutcome = { delivered: true } | { delivered: false; error: string; permanent: boolean };

/** What a message becomes after an attempt: delivered, retried later, or given up after `maxAttempts`. */
export function afterAttempt(attempts: number, maxAttempts: number, outcome: AttemptOutcome, now: Date, random: number) {
  if (outcome.delivered) return { status: 'DELIVERED' as const, deliveredAt: now.toISOString(), lastError: null };
  if (outcome.permanent || attempts >= maxAttempts) return { status: 'FAILED' as const, lastError: outcome.error };
  return { status: 'RETRYING' as const, lastError: outcome.error, nextAttemptAt: new Date(now.getTime() + retryDelayMs(attempts, random)).toISOString() };
}
