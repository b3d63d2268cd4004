import { Redis } from 'ioredis';
import type { GraphQLHttpResponse } from '../../platform/http.js';

/**
 * Idempotency keys for mutations: the first request with a key runs; a repeat with the same body replays the
 * stored answer; a repeat with another body is refused (422); a repeat while the first still runs is refused (409).
 * Keys are scoped to the caller, kept for a day, and released (not stored) when the first attempt failed with 5xx.
 * The store is bounded per caller and in total, in answers and in bytes: past a bound the least recently used
 * finished answers go first (a repeat of an evicted key runs again, as it would after a day). The stored answers
 * carry no personal value (plugins/idempotent-replay.ts redacts them before they get here).
 *
 * These stores are the bounds only: they keep what they are given as given. The gateway never hands them a caller
 * id, a client key, a body hash or an answer in clear; it wraps them in SealedIdempotencyStore
 * (sealed-idempotency.ts), so keys, callers and body hashes here are HMACs and answers are sealed.
 */
export type Claim =
  | { kind: 'new' }
  | { kind: 'in-progress'; sameBody: boolean }
  | { kind: 'done'; sameBody: boolean; response: GraphQLHttpResponse };

export interface IdempotencyStore {
  /** `caller` (kind and id) is whose budget the key counts against. */
  claim(key: string, bodyHash: string, caller: string): Promise<Claim>;
  complete(key: string, bodyHash: string, response: GraphQLHttpResponse): Promise<void>;
  release(key: string): Promise<void>;
  close(): Promise<void>;
}

export const IDEMPOTENCY_TTL_MS = 24 * 3600 * 1000;

export interface IdempotencyBounds {
  /** Finished answers kept for one caller, and their bytes. */
  perCallerEntries: number;
  perCallerBytes: number;
  /** Finished answers kept in all, and their bytes. */
  totalEntries: number;
  totalBytes: number;
}

export const DEFAULT_IDEMPOTENCY_BOUNDS: IdempotencyBounds = { perCallerEntries: 100, perCallerBytes: 1024 * 1024, totalEntries: 20_000, totalBytes: 32 * 1024 * 1024 };

/**
 * What a repeat gets when the first answer was larger than one caller may keep: the request was applied once. It
 * holds nothing about the request, so it is stored as it is, unsealed.
 */
export function answerTooLargeToKeep(): GraphQLHttpResponse {
  return {
    status: 422,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      errors: [{ message: 'This Idempotency-Key was already used; the request was applied once, and its answer was too large to keep for replay.', extensions: { code: 'IDEMPOTENCY_KEY_REUSED' } }],
    }),
  };
}

function sizeOf(response: GraphQLHttpResponse): number {
  return Buffer.byteLength(response.body) + 200;
}

interface Entry {
  caller: string;
  bodyHash: string;
  response?: GraphQLHttpResponse;
  bytes: number;
  expiresAt: number;
}

function judge(entry: Pick<Entry, 'bodyHash' | 'response'>, bodyHash: string): Claim {
  const sameBody = entry.bodyHash === bodyHash;
  return entry.response ? { kind: 'done', sameBody, response: entry.response } : { kind: 'in-progress', sameBody };
}

interface Usage {
  entries: number;
  bytes: number;
  /** This caller's finished keys, least recently used first (Map insertion order, refreshed on use). */
  keys: Map<string, true>;
}

export class MemoryIdempotencyStore implements IdempotencyStore {
  /** Every key, least recently used first. */
  private readonly entries = new Map<string, Entry>();
  private readonly callers = new Map<string, Usage>();
  private totalEntries = 0;
  private totalBytes = 0;

  constructor(private readonly bounds: IdempotencyBounds = DEFAULT_IDEMPOTENCY_BOUNDS) {}

  async claim(key: string, bodyHash: string, caller: string): Promise<Claim> {
    const now = Date.now();
    const existing = this.entries.get(key);
    if (existing && existing.expiresAt > now) {
      this.touch(key, existing);
      return judge(existing, bodyHash);
    }
    if (existing) this.drop(key, existing);
    this.entries.set(key, { caller, bodyHash, bytes: 0, expiresAt: now + IDEMPOTENCY_TTL_MS });
    return { kind: 'new' };
  }

  async complete(key: string, bodyHash: string, response: GraphQLHttpResponse): Promise<void> {
    const claimed = this.entries.get(key);
    if (!claimed) return;
    const { perCallerEntries, perCallerBytes, totalEntries, totalBytes } = this.bounds;
    const kept = sizeOf(response) > perCallerBytes ? answerTooLargeToKeep() : response;
    const bytes = sizeOf(kept);
    const usage = this.callers.get(claimed.caller) ?? { entries: 0, bytes: 0, keys: new Map<string, true>() };
    this.callers.set(claimed.caller, usage);
    // This caller's own oldest answers make room first; then everyone's oldest, for the total.
    while (usage.entries >= perCallerEntries || usage.bytes + bytes > perCallerBytes) {
      const oldest = usage.keys.keys().next().value;
      if (oldest === undefined) break;
      this.drop(oldest, this.entries.get(oldest)!);
    }
    while (this.totalEntries >= totalEntries || this.totalBytes + bytes > totalBytes) {
      const oldest = this.oldestFinished();
      if (!oldest) break;
      this.drop(oldest[0], oldest[1]);
    }
    this.entries.delete(key);
    this.entries.set(key, { caller: claimed.caller, bodyHash, response: kept, bytes, expiresAt: Date.now() + IDEMPOTENCY_TTL_MS });
    usage.entries += 1;
    usage.bytes += bytes;
    usage.keys.set(key, true);
    this.totalEntries += 1;
    this.totalBytes += bytes;
  }

  async release(key: string): Promise<void> {
    const entry = this.entries.get(key);
    if (entry) this.drop(key, entry);
  }

  /** Finished answers held, and their bytes (for tests and metrics). */
  get usage(): { entries: number; bytes: number; keys: number } {
    return { entries: this.totalEntries, bytes: this.totalBytes, keys: this.entries.size };
  }

  private oldestFinished(): [string, Entry] | undefined {
    for (const pair of this.entries) if (pair[1].response) return pair;
    return undefined;
  }

  private touch(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.entries.set(key, entry);
    const keys = this.callers.get(entry.caller)?.keys;
    if (entry.response && keys) {
      keys.delete(key);
      keys.set(key, true);
    }
  }

  private drop(key: string, entry: Entry): void {
    this.entries.delete(key);
    if (!entry.response) return;
    this.totalEntries -= 1;
    this.totalBytes -= entry.bytes;
    const usage = this.callers.get(entry.caller);
    if (!usage) return;
    usage.entries -= 1;
    usage.bytes -= entry.bytes;
    usage.keys.delete(key);
    if (usage.entries === 0) this.callers.delete(entry.caller);
  }

  async close(): Promise<void> {}
}

/**
 * Shared by every gateway instance: SET NX claims the key atomically. Each caller's finished keys are listed in a
 * sorted set by time: past the per-caller count the oldest are deleted. The total is Redis's to bound (maxmemory
 * with an LRU policy); an answer larger than one caller may keep is replaced by a short note, as in memory.
 */
export class RedisIdempotencyStore implements IdempotencyStore {
  private readonly redis: Redis;

  constructor(
    url: string,
    private readonly bounds: IdempotencyBounds = DEFAULT_IDEMPOTENCY_BOUNDS,
  ) {
    this.redis = new Redis(url, { maxRetriesPerRequest: 2 });
  }

  private name(key: string): string {
    return `citygraph:idem:${key}`;
  }

  async claim(key: string, bodyHash: string, caller: string): Promise<Claim> {
    const fresh = { bodyHash, caller };
    const set = await this.redis.set(this.name(key), JSON.stringify(fresh), 'PX', IDEMPOTENCY_TTL_MS, 'NX');
    if (set === 'OK') return { kind: 'new' };
    const stored = await this.redis.get(this.name(key));
    if (!stored) return this.claim(key, bodyHash, caller);
    return judge(JSON.parse(stored) as Pick<Entry, 'bodyHash' | 'response'>, bodyHash);
  }

  async complete(key: string, bodyHash: string, response: GraphQLHttpResponse): Promise<void> {
    const stored = await this.redis.get(this.name(key));
    const caller = stored ? (JSON.parse(stored) as { caller?: string }).caller ?? 'unknown' : 'unknown';
    const kept = sizeOf(response) > this.bounds.perCallerBytes ? answerTooLargeToKeep() : response;
    const index = `citygraph:idem-caller:${caller}`;
    const now = Date.now();
    await this.redis
      .multi()
      .set(this.name(key), JSON.stringify({ bodyHash, caller, response: kept }), 'PX', IDEMPOTENCY_TTL_MS)
      .zadd(index, now, key)
      .zremrangebyscore(index, 0, now - IDEMPOTENCY_TTL_MS)
      .pexpire(index, IDEMPOTENCY_TTL_MS)
      .exec();
    const excess = (await this.redis.zcard(index)) - this.bounds.perCallerEntries;
    if (excess > 0) {
      const oldest = await this.redis.zrange(index, 0, excess - 1);
      if (oldest.length > 0) await this.redis.multi().del(...oldest.map((k) => this.name(k))).zrem(index, ...oldest).exec();
    }
  }

  async release(key: string): Promise<void> {
    await this.redis.del(this.name(key));
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => undefined);
  }
}
