import { Redis } from 'ioredis';

/**
 * Fixed one-minute windows per key and counter. In memory for one gateway; in Redis when REDIS_URL is set, so that
 * every gateway instance shares one partner's quota.
 */
export interface CounterStore {
  /** Adds `amount` to the counter for the current window and answers the new total and when the window ends. */
  add(key: string, amount: number, windowMs: number): Promise<{ total: number; resetAt: number }>;
  /** Reads the counter without changing it. */
  peek(key: string, windowMs: number): Promise<{ total: number; resetAt: number }>;
  close(): Promise<void>;
}

function windowOf(now: number, windowMs: number): { start: number; resetAt: number } {
  const start = Math.floor(now / windowMs) * windowMs;
  return { start, resetAt: start + windowMs };
}

export class MemoryCounterStore implements CounterStore {
  private readonly counters = new Map<string, { start: number; total: number }>();

  async add(key: string, amount: number, windowMs: number) {
    const { start, resetAt } = windowOf(Date.now(), windowMs);
    const current = this.counters.get(key);
    const total = (current && current.start === start ? current.total : 0) + amount;
    this.counters.set(key, { start, total });
    if (this.counters.size > 100_000) this.sweep(start);
    return { total, resetAt };
  }

  async peek(key: string, windowMs: number) {
    const { start, resetAt } = windowOf(Date.now(), windowMs);
    const current = this.counters.get(key);
    return { total: current && current.start === start ? current.total : 0, resetAt };
  }

  private sweep(currentStart: number): void {
    for (const [key, value] of this.counters) if (value.start < currentStart) this.counters.delete(key);
  }

  async close(): Promise<void> {}
}

export class RedisCounterStore implements CounterStore {
  private readonly redis: Redis;

  constructor(url: string) {
    this.redis = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 2, enableOfflineQueue: true });
  }

  async add(key: string, amount: number, windowMs: number) {
    const { start, resetAt } = windowOf(Date.now(), windowMs);
    const redisKey = `citygraph:rl:${key}:${start}`;
    const [[, total]] = (await this.redis.multi().incrby(redisKey, amount).pexpire(redisKey, windowMs * 2).exec()) as [[Error | null, number]];
    return { total: Number(total), resetAt };
  }

  async peek(key: string, windowMs: number) {
    const { start, resetAt } = windowOf(Date.now(), windowMs);
    const total = Number((await this.redis.get(`citygraph:rl:${key}:${start}`)) ?? 0);
    return { total, resetAt };
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => undefined);
  }
}
