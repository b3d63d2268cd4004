import { Redis } from 'ioredis';

/** A bucket: holds at most `burst` tokens and gains `perSecond` a second; each request takes one. */
export interface BucketRule {
  perSecond: number;
  burst: number;
}

export type BucketDecision = { ok: true } | { ok: false; retryAfterMs: number };

/**
 * Token buckets by key. In memory for one gateway; in Redis when REDIS_URL is set, so that every gateway instance
 * draws from one bucket per caller. A refused request takes nothing: a caller that slows down gets through again as
 * soon as one token has refilled (a second or less at the default rates), never after a minute-long window.
 */
export interface TokenBucketStore {
  take(key: string, rule: BucketRule, now?: number): Promise<BucketDecision>;
  close(): Promise<void>;
}

function refill(tokens: number, since: number, now: number, rule: BucketRule): number {
  return Math.min(rule.burst, tokens + (Math.max(0, now - since) / 1000) * rule.perSecond);
}

function waitFor(tokens: number, rule: BucketRule): number {
  return Math.ceil(((1 - tokens) / rule.perSecond) * 1000);
}

/** At most `maxKeys` buckets: past that, the least recently used go first (a full bucket and no bucket are the same). */
export class MemoryTokenBuckets implements TokenBucketStore {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly maxKeys = 100_000) {}

  async take(key: string, rule: BucketRule, now = Date.now()): Promise<BucketDecision> {
    const bucket = this.buckets.get(key);
    const tokens = bucket ? refill(bucket.tokens, bucket.at, now, rule) : rule.burst;
    // Re-inserting moves the key to the end of the Map's order: the first key is always the least recently used.
    if (bucket) this.buckets.delete(key);
    else if (this.buckets.size >= this.maxKeys) this.buckets.delete(this.buckets.keys().next().value!);
    if (tokens < 1) {
      this.buckets.set(key, { tokens, at: now });
      return { ok: false, retryAfterMs: waitFor(tokens, rule) };
    }
    this.buckets.set(key, { tokens: tokens - 1, at: now });
    return { ok: true };
  }

  get size(): number {
    return this.buckets.size;
  }

  async close(): Promise<void> {}
}

/**
 * The same arithmetic in one Lua script, atomic across gateway instances. Time is the Redis server's, so that
 * instances with skewed clocks still agree; the key expires once the bucket would be full again.
 */
const TAKE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = burst
if state[1] then
  tokens = math.min(burst, tonumber(state[1]) + math.max(0, now - tonumber(state[2])) / 1000 * rate)
end
local ok = 0
if tokens >= 1 then
  tokens = tokens - 1
  ok = 1
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil((burst - tokens) / rate * 1000) + 1000)
return {ok, tostring(tokens)}
`;

export class RedisTokenBuckets implements TokenBucketStore {
  private readonly redis: Redis;

  constructor(url: string) {
    this.redis = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 2, enableOfflineQueue: true });
    this.redis.defineCommand('citygraphTake', { numberOfKeys: 1, lua: TAKE });
  }

  async take(key: string, rule: BucketRule): Promise<BucketDecision> {
    const take = (this.redis as unknown as { citygraphTake(key: string, rate: number, burst: number): Promise<[number, string]> }).citygraphTake;
    const [ok, tokens] = await take.call(this.redis, `citygraph:tb:${key}`, rule.perSecond, rule.burst);
    return ok === 1 ? { ok: true } : { ok: false, retryAfterMs: waitFor(Number(tokens), rule) };
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => undefined);
  }
}
