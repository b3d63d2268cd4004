import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from '@jest/globals';
import { RedisIdempotencyStore } from '../../gateway/resilience/idempotency.js';

/** The Redis idempotency store's bounds against a real Redis (npm test starts one and sets REDIS_URL). */
const redisUrl = process.env.REDIS_URL ?? '';
if (!redisUrl) console.warn('SKIPPED idempotency in Redis: REDIS_URL is not set (npm test starts a private redis-server and sets it)');

(redisUrl ? describe : describe.skip)('idempotency keys in Redis', () => {
  const store = new RedisIdempotencyStore(redisUrl, { perCallerEntries: 3, perCallerBytes: 1000, totalEntries: 100, totalBytes: 100_000 });
  afterAll(async () => {
    await store.close();
  });
  const answer = (text: string) => ({ status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ data: { text } }) });

  it('keeps at most the per-caller count of finished answers, dropping the oldest, and replays the rest', async () => {
    const caller = `citizen:${randomUUID()}`;
    for (let i = 0; i < 6; i += 1) {
      expect((await store.claim(`${caller}:k${i}`, 'h', caller)).kind).toBe('new');
      await store.complete(`${caller}:k${i}`, 'h', answer(`answer ${i}`));
    }
    const latest = await store.claim(`${caller}:k5`, 'h', caller);
    expect(latest.kind === 'done' && JSON.parse(latest.response.body).data.text).toBe('answer 5');
    expect((await store.claim(`${caller}:k0`, 'h', caller)).kind).toBe('new');
  });

  it('replays an answer too large to keep as 422 IDEMPOTENCY_KEY_REUSED, not by running it again', async () => {
    const caller = `citizen:${randomUUID()}`;
    await store.claim(`${caller}:big`, 'h', caller);
    await store.complete(`${caller}:big`, 'h', answer('x'.repeat(5000)));
    const again = await store.claim(`${caller}:big`, 'h', caller);
    expect(again.kind === 'done' && again.response.status).toBe(422);
  });
});
