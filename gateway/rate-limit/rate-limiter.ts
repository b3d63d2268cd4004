import type { AuthenticatedPartner } from '../../contracts/consent-gateway/wire.js';
import type { Principal } from '../../platform/principal.js';
import type { CounterStore } from './counter-store.js';
import type { BucketRule, TokenBucketStore } from './token-bucket.js';

export const DEFAULT_REQUESTS_PER_MINUTE = 600;
export const DEFAULT_OBJECTS_PER_MINUTE = 60_000;
const WINDOW_MS = 60_000;

/** Requests a second and burst for each kind of caller (platform/config.ts: HUB_RATE_*). */
export interface RateRules {
  anonymous: BucketRule;
  citizen: BucketRule;
  /** Staff per named official; administrators (few, and staff too) by the same rule. */
  staff: BucketRule;
  /** A partner's bucket holds this many seconds of its requests-per-minute rate. */
  partnerBurstSeconds: number;
}

export const DEFAULT_RATE_RULES: RateRules = {
  anonymous: { perSecond: 50, burst: 100 },
  citizen: { perSecond: 20, burst: 60 },
  staff: { perSecond: 50, burst: 150 },
  partnerBurstSeconds: 10,
};

export type RateDecision = { ok: true } | { ok: false; retryAfterSeconds: number; limit: 'requests' | 'objects' };

/**
 * Who a bucket belongs to: an anonymous caller by its client address, a citizen by id, staff by named official
 * (officials of one department do not share a bucket), an administrator by subject, a partner by key.
 */
export function bucketKey(principal: Principal, clientAddress: string | undefined): string {
  switch (principal.kind) {
    case 'anonymous':
      return `anonymous:${clientAddress ?? 'unknown'}`;
    case 'staff':
      return `staff:${principal.department ?? principal.id}:${principal.official ?? ''}`;
    default:
      return `${principal.kind}:${principal.id}`;
  }
}

function seconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}

/**
 * Token buckets for every kind of caller, refilling continuously, so that a burst is shed and a caller who slows
 * down is let in again within a second or two. Partners also have a quota of resolved objects per minute
 * (configurable per partner): the objects a response resolved are counted when it answers, and a key over its
 * object quota is refused until the window ends.
 */
export class RateLimiter {
  constructor(
    private readonly counters: CounterStore,
    private readonly buckets: TokenBucketStore,
    private readonly rules: RateRules = DEFAULT_RATE_RULES,
  ) {}

  /** A partner key's request bucket (its requests per minute, `partnerBurstSeconds` of them at once) and object quota. */
  async admit(partner: AuthenticatedPartner): Promise<RateDecision> {
    const requestsPerMinute = partner.partner.limits?.requestsPerMinute ?? DEFAULT_REQUESTS_PER_MINUTE;
    const objectLimit = partner.partner.limits?.objectsPerMinute ?? DEFAULT_OBJECTS_PER_MINUTE;
    const rule = { perSecond: requestsPerMinute / 60, burst: Math.max(1, Math.ceil((requestsPerMinute * this.rules.partnerBurstSeconds) / 60)) };
    const [requests, objects] = await Promise.all([this.buckets.take(`partner:${partner.keyId}`, rule), this.counters.peek(`${partner.keyId}:objects`, WINDOW_MS)]);
    if (!requests.ok) return { ok: false, retryAfterSeconds: seconds(requests.retryAfterMs), limit: 'requests' };
    if (objects.total >= objectLimit) return { ok: false, retryAfterSeconds: seconds(objects.resetAt - Date.now()), limit: 'objects' };
    return { ok: true };
  }

  /** Every other caller: one bucket per caller (see bucketKey). Partners go through `admit`. */
  async admitCaller(principal: Principal, clientAddress: string | undefined): Promise<RateDecision> {
    if (principal.kind === 'partner') return { ok: true };
    const decision = await this.buckets.take(bucketKey(principal, clientAddress), this.rules[principal.kind === 'admin' || principal.kind === 'service' ? 'staff' : principal.kind]);
    return decision.ok ? decision : { ok: false, retryAfterSeconds: seconds(decision.retryAfterMs), limit: 'requests' };
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
