import { describe, expect, it } from '@jest/globals';
import { parse } from 'graphql';
import { BoundedCache, documentBytes } from '../../../../gateway/resilience/bounded-cache.js';

describe('bounded document and plan caches', () => {
  it('holds 10,000 distinct parsed queries within its byte bound, forgetting the least recently used', async () => {
    const cache = new BoundedCache(4 * 1024 * 1024, documentBytes);
    for (let n = 0; n < 10_000; n += 1) await cache.set(`q${n}`, parse(`query D${n} { d${n}: districts { id n${n}: name floodRisk { l${n}: level score } } }`));
    expect(cache.usage.bytes).toBeLessThanOrEqual(4 * 1024 * 1024);
    expect(cache.usage.entries).toBeLessThan(10_000);
    expect(await cache.get('q9999')).toBeDefined();
    expect(await cache.get('q0')).toBeUndefined();
  });

  it('keeps what is used: a repeated query survives a stream of new ones', async () => {
    const cache = new BoundedCache<string>(1000, () => 100);
    await cache.set('hot', 'x');
    for (let n = 0; n < 100; n += 1) {
      await cache.set(`cold${n}`, 'y');
      expect(await cache.get('hot')).toBe('x');
    }
  });
});
