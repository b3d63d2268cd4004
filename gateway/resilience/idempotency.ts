import { Redis } from 'ioredis';
import type { GraphQLHttpResponse } from '../../platform/http.js';

/**
 * Idempotency keys for mutations: the first request with a key runs; a repeat with the same body replays the
 * stored answer; a repeat with another body is refused (422); a repeat while the first still runs is refused (409).
 * Keys are scoped to the caller, kept for a day, and released (not stored) when the first attempt failed with 5xx.
 */
export type Claim =
  | { kind: 'new' }
  | { kind: 'in-progress'; sameBody: boolean }
  | { kind: 'done'; sameBody: boolean; response: GraphQLHttpResponse };

export interface IdempotencyStore {
  claim(key: string, bodyHash: string): Promise<Claim>;
  complete(key: string, bodyHash: string, response: GraphQLHttpResponse): Promise<void>;
  release(key: string): Promise<void>;
  close(): Promise<void>;
}

export const IDEMPOTENCY_TTL_MS = 24 * 3600 * 1000;

interface Entry {
  bodyHash: string;
  response?: GraphQLHttpResponse;
  expiresAt: number;
}

function judge(entry: Entry, bodyHash: string): Claim {
  const sameBody = entry.bodyHash === bodyHash;
  return entry.response ? { kind: 'done', sameBody, response: entry.response } : { kind: 'in-progress', sameBody };
}

export class MemoryIdempotencyStore implements IdempotencyStore {
  private readonly entries = new Map<string, Entry>();

  async claim(key: string, bodyHash: string): Promise<Claim> {
    const now = Date.now();
    const existing = this.entries.get(key);
    if (existing && existing.expiresAt > now) return judge(existing, bodyHash);
    if (this.entries.size > 100_000) for (const [k, e] of this.entries) if (e.expiresAt <= now) this.entries.delete(k);
    this.entries.set(key, { bodyHash, expiresAt: now + IDEMPOTENCY_TTL_MS });
    return { kind: 'new' };
  }

  async complete(key: string, bodyHash: string, response: GraphQLHttpResponse): Promise<void> {
    this.entries.set(key, { bodyHash, response, expiresAt: Date.now() + IDEMPOTENCY_TTL_MS });
  }

  async release(key: string): Promise<void> {
    this.entries.delete(key);
  }

  async close(): Promise<void> {}
}

/** Shared by every gateway instance: SET NX claims the key atomically. */
export class RedisIdempotencyStore implements IdempotencyStore {
  private readonly redis: Redis;

  constructor(url: string) {
    this.redis = new Redis(url, { maxRetriesPerRequest: 2 });
  }

  private name(key: string): string {
    return `citygraph:idem:${key}`;
  }

  async claim(key: string, bodyHash: string): Promise<Claim> {
    const fresh: Entry = { bodyHash, expiresAt: Date.now() + IDEMPOTENCY_TTL_MS };
    const set = await this.redis.set(this.name(key), JSON.stringify(fresh), 'PX', IDEMPOTENCY_TTL_MS, 'NX');
    if (set === 'OK') return { kind: 'new' };
    const stored = await this.redis.get(this.name(key));
    if (!stored) return this.claim(key, bodyHash);
    return judge(JSON.parse(stored) as Entry, bodyHash);
  }

  async complete(key: string, bodyHash: string, response: GraphQLHttpResponse): Promise<void> {
    const entry: Entry = { bodyHash, response, expiresAt: Date.now() + IDEMPOTENCY_TTL_MS };
    await this.redis.set(this.name(key), JSON.stringify(entry), 'PX', IDEMPOTENCY_TTL_MS);
  }

  async release(key: string): Promise<void> {
    await this.redis.del(this.name(key));
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => undefined);
  }
}
