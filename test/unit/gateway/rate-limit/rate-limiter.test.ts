import { describe, expect, it } from '@jest/globals';
import { MemoryCounterStore } from '../../../../gateway/rate-limit/counter-store.js';
import { bucketKey, RateLimiter } from '../../../../gateway/rate-limit/rate-limiter.js';
import { MemoryTokenBuckets } from '../../../../gateway/rate-limit/token-bucket.js';
import type { Principal } from '../../../../platform/principal.js';

const rule = { perSecond: 10, burst: 3 };

describe('token buckets', () => {
  it('sheds a burst past the bucket and lets the caller in again as soon as one token has refilled', async () => {
    const buckets = new MemoryTokenBuckets();
    const at = (ms: number) => buckets.take('c', rule, 1_000_000 + ms);
    const burst = await Promise.all([at(0), at(0), at(0), at(0)]);
    expect(burst.map((d) => d.ok)).toEqual([true, true, true, false]);
    expect(burst[3]).toEqual({ ok: false, retryAfterMs: 100 });
    // A refused request takes nothing: 100 ms later (one token at 10 a second) the caller is in again.
    expect((await at(50)).ok).toBe(false);
    expect((await at(100)).ok).toBe(true);
    expect((await at(100)).ok).toBe(false);
  });

  it('never holds more than the burst, however long the caller was away', async () => {
    const buckets = new MemoryTokenBuckets();
    await buckets.take('c', rule, 0);
    const after = await Promise.all(Array.from({ length: 5 }, () => buckets.take('c', rule, 3_600_000)));
    expect(after.filter((d) => d.ok).length).toBe(3);
  });

  it('keeps at most maxKeys buckets, forgetting the least recently used', async () => {
    const buckets = new MemoryTokenBuckets(100);
    for (let i = 0; i < 1000; i += 1) await buckets.take(`caller-${i}`, rule, 0);
    expect(buckets.size).toBe(100);
    // The most recent callers are still remembered: caller-999 has two tokens left, not three.
    await buckets.take('caller-999', rule, 0);
    await buckets.take('caller-999', rule, 0);
    expect((await buckets.take('caller-999', rule, 0)).ok).toBe(false);
  });
});

const anonymous: Principal = { kind: 'anonymous', id: 'anonymous', roles: [], scopes: [], requestId: 'r' };
const official = (id: string): Principal => ({ kind: 'staff', id: 'transport', department: 'transport', official: id, roles: ['staff'], scopes: [], requestId: 'r' });

describe('rate limits per caller', () => {
  it('keys anonymous callers by address, staff by named official, citizens by id', () => {
    expect(bucketKey(anonymous, '10.0.0.1')).toBe('anonymous:10.0.0.1');
    expect(bucketKey(official('T-0042'), undefined)).toBe('staff:transport:T-0042');
    expect(bucketKey({ ...anonymous, kind: 'citizen', id: 'C-0001' }, '10.0.0.1')).toBe('citizen:C-0001');
  });

  it('limits one anonymous address without touching another, and one official without touching a colleague', async () => {
    const limiter = new RateLimiter(new MemoryCounterStore(), new MemoryTokenBuckets(), {
      anonymous: { perSecond: 1, burst: 2 },
      citizen: { perSecond: 1, burst: 2 },
      staff: { perSecond: 1, burst: 2 },
      partnerBurstSeconds: 10,
    });
    const a = await Promise.all([1, 2, 3].map(() => limiter.admitCaller(anonymous, '10.0.0.1')));
    expect(a.map((d) => d.ok)).toEqual([true, true, false]);
    expect(a[2]).toEqual({ ok: false, retryAfterSeconds: 1, limit: 'requests' });
    expect((await limiter.admitCaller(anonymous, '10.0.0.2')).ok).toBe(true);
    const staff = await Promise.all([1, 2, 3].map(() => limiter.admitCaller(official('T-0042'), undefined)));
    expect(staff.map((d) => d.ok)).toEqual([true, true, false]);
    expect((await limiter.admitCaller(official('T-0043'), undefined)).ok).toBe(true);
  });
});
