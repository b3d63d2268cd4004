import crypto, { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { RedisIdempotencyStore } from '../../gateway/resilience/idempotency.js';
import { SealedIdempotencyStore } from '../../gateway/resilience/sealed-idempotency.js';
import { citizenToken, startTestHub, type TestHub } from '../support/hub.js';
import { labelled } from '../support/labelled.js';

/**
 * The Redis idempotency store's bounds against a real Redis (npm test starts one and sets REDIS_URL), and what it
 * holds at rest once the gateway seals it (issue 11 item 5): no caller id, client key, body hash or answer in clear.
 */
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

/** Every idempotency key in Redis and its value (strings and sorted sets), as one text to search. */
async function idempotencyAtRest(redis: Redis): Promise<string> {
  const dump: string[] = [];
  for (const key of await redis.keys('citygraph:idem*')) {
    const type = await redis.type(key);
    const value = type === 'string' ? await redis.get(key) : type === 'zset' ? await redis.zrange(key, 0, -1, 'WITHSCORES') : `<${type}>`;
    dump.push(key, JSON.stringify(value));
  }
  return dump.join('\n');
}

function expectNoneOf(label: string, text: string, secrets: readonly string[]): void {
  for (const secret of secrets) labelled(`${label}: ${secret}`, () => expect(text.includes(secret)).toBe(false));
}

(redisUrl ? describe : describe.skip)('idempotency keys in Redis, sealed', () => {
  const redis = new Redis(redisUrl);
  const inner = new RedisIdempotencyStore(redisUrl, { perCallerEntries: 3, perCallerBytes: 10_000, totalEntries: 100, totalBytes: 100_000 });
  const store = new SealedIdempotencyStore(inner, crypto.randomBytes(32));
  afterAll(async () => {
    await store.close();
    await redis.quit();
  });
  const answer = { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ data: { respondToConsentRequest: { id: 'CR-XYZ', status: 'APPROVED', grant: { id: 'G-123' } } } }) };

  it('holds no caller id, client key, body hash or answer at rest, and replays the exact answer', async () => {
    const caller = 'citizen:C-0001';
    const clientKey = `respond-${randomUUID()}`;
    const bodyHash = crypto.createHash('sha256').update(clientKey).digest('hex');
    expect((await store.claim(`${caller}:${clientKey}`, bodyHash, caller)).kind).toBe('new');
    const claimed = await idempotencyAtRest(redis);
    await store.complete(`${caller}:${clientKey}`, bodyHash, answer);
    const done = await idempotencyAtRest(redis);
    expect(done.length).toBeGreaterThan(claimed.length);
    for (const [label, state] of [['claimed', claimed], ['done', done]] as const) expectNoneOf(label, state, ['C-0001', clientKey, bodyHash, 'CR-XYZ', 'G-123', 'APPROVED']);

    expect(await store.claim(`${caller}:${clientKey}`, bodyHash, caller)).toEqual({ kind: 'done', sameBody: true, response: answer });
    const other = await store.claim(`${caller}:${clientKey}`, 'another body', caller);
    expect(other.kind === 'done' && other.sameBody).toBe(false);
  });

  it('keeps the per-caller count with the caller sealed: that caller’s oldest go first', async () => {
    const caller = `citizen:${randomUUID()}`;
    for (let i = 0; i < 5; i += 1) {
      expect((await store.claim(`${caller}:k${i}`, 'h', caller)).kind).toBe('new');
      await store.complete(`${caller}:k${i}`, 'h', answer);
    }
    expect((await store.claim(`${caller}:k4`, 'h', caller)).kind).toBe('done');
    expect((await store.claim(`${caller}:k2`, 'h', caller)).kind).toBe('done');
    expect((await store.claim(`${caller}:k0`, 'h', caller)).kind).toBe('new');
  });
});

(redisUrl ? describe : describe.skip)('the gateway’s idempotency keys in Redis', () => {
  let hub: TestHub;
  const redis = new Redis(redisUrl);
  beforeAll(async () => {
    hub = await startTestHub({ citizens: 20, sensors: 200, env: { REDIS_URL: redisUrl } });
  });
  afterAll(async () => {
    await hub?.close();
    await redis.quit();
  });
  const GRANT = 'mutation ($input: GrantConsentInput!) { grantConsent(input: $input) { id grantee { id } purpose status } }';

  it('hold nothing that ties a citizen to an answer: neither their id, their key nor the grant id, and replay it', async () => {
    const token = await citizenToken(hub, 'C-0001');
    const clientKey = `grant-${randomUUID()}`;
    const send = async () => {
      const response = await fetch(hub.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': clientKey },
        body: JSON.stringify({ query: GRANT, variables: { input: { granteeId: 'transport', purpose: 'TAXI_ASSIST', categories: ['LOCATION'], validUntil: '2030-01-01T00:00:00Z' } } }),
      });
      return { replayed: response.headers.get('idempotent-replayed'), body: (await response.json()) as any };
    };
    const before = new Set(await redis.keys('citygraph:idem:*'));
    const first = await send();
    expect(first.body.errors).toBeUndefined();
    const grantId: string = first.body.data.grantConsent.id;
    expect(grantId.length).toBeGreaterThan(4);

    // The gateway kept the answer in this Redis (one new entry), and nothing of it is readable.
    expect((await redis.keys('citygraph:idem:*')).filter((key) => !before.has(key))).toHaveLength(1);
    const atRest = await idempotencyAtRest(redis);
    expectNoneOf('at rest', atRest, ['C-0001', clientKey, grantId, 'TAXI_ASSIST', 'grantConsent']);

    const again = await send();
    expect(again.replayed).toBe('true');
    expect(again.body).toEqual(first.body);
  });
});
