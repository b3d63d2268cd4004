import type { AuthenticatedPartner } from '../../contracts/consent-gateway/wire.js';
import type { CounterStore } from './counter-store.js';

export const DEFAULT_REQUESTS_PER_MINUTE = 600;
export const DEFAULT_OBJECTS_PER_MINUTE = 60_000;
const WINDOW_MS = 60_000;

export type RateDecision = { ok: true } | { ok: false; retryAfterSeconds: number; limit: 'requests' | 'objects' };

/**
 * Per-key limits on requests and on resolved objects per minute (configurable per partner). A request is counted
 * when it arrives; the objects it resolved are counted when it answers, and a key over its object quota is refused
 * until the window ends. Other keys are unaffected.
 */
export class RateLimiter {
  constructor(private readonly counters: CounterStore) {}

  async admit(partner: AuthenticatedPartner): Promise<RateDecision> {
    const requestLimit = partner.partner.limits?.requestsPerMinute ?? DEFAULT_REQUESTS_PER_MINUTE;
    const objectLimit = partner.partner.limits?.objectsPerMinute ?? DEFAULT_OBJECTS_PER_MINUTE;
    const [requests, objects] = await Promise.all([
      this.counters.add(`${partner.keyId}:requests`, 1, WINDOW_MS),
      this.counters.peek(`${partner.keyId}:objects`, WINDOW_MS),
    ]);
    const retryAfterSeconds = Math.max(1, Math.ceil((requests.resetAt - Date.now()) / 1000));
    if (requests.total > requestLimit) return { ok: false, retryAfterSeconds, limit: 'requests' };
    if (objects.total >= objectLimit) return { ok: false, retryAfterSeconds, limit: 'objects' };
    return { ok: true };
  }

  async countObjects(partner: AuthenticatedPartner, objects: number): Promise<void> {
    if (objects > 0) await this.counters.add(`${partner.keyId}:objects`, objects, WINDOW_MS);
  }
}

/** How many objects a response resolved: every object in `data`, at any depth. */
export function countObjects(value: unknown): number {
  if (value === null || typeof value !== 'object') return 0;
  if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + countObjects(item), 0);
  let count = 1;
  for (const child of Object.values(value as Record<string, unknown>)) count += countObjects(child);
  return count;
}
