/**
 * The notification outbox's rules (no I/O): which channel needs which contact field, how long to wait before the
 * next attempt, and what an attempt's outcome makes of a message.
 */
export const NOTIFICATION_CHANNELS = ['EMAIL', 'SMS'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];
export type NotificationStatus = 'PENDING' | 'SENDING' | 'RETRYING' | 'DELIVERED' | 'FAILED' | 'REFUSED';

/** The one `@personal` field of Citizen a delivery on each channel opens: nothing else is released for it. */
export const CONTACT_FIELD: Record<NotificationChannel, 'email' | 'phone'> = { EMAIL: 'email', SMS: 'phone' };

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
