import { describe, expect, it } from '@jest/globals';
import { MemoryIdempotencyStore } from '../../../../gateway/resilience/idempotency.js';
import type { GraphQLHttpResponse } from '../../../../platform/http.js';

const answer = (bytes: number): GraphQLHttpResponse => ({ status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ data: { x: 'y'.repeat(bytes) } }) });

async function run(store: MemoryIdempotencyStore, caller: string, key: string, bytes = 100): Promise<void> {
  expect((await store.claim(`${caller}:${key}`, 'h', caller)).kind).toBe('new');
  await store.complete(`${caller}:${key}`, 'h', answer(bytes));
}

describe('the idempotency store is bounded', () => {
  it('keeps at most its per-caller count for one caller, evicting that caller’s least recently used answers, not others’', async () => {
    const store = new MemoryIdempotencyStore({ perCallerEntries: 3, perCallerBytes: 1_000_000, totalEntries: 100, totalBytes: 10_000_000 });
    await run(store, 'citizen:C-0002', 'theirs');
    for (let i = 0; i < 150; i += 1) await run(store, 'citizen:C-0001', `k${i}`);
    expect(store.usage.entries).toBe(4);
    expect((await store.claim('citizen:C-0002:theirs', 'h', 'citizen:C-0002')).kind).toBe('done');
    expect((await store.claim('citizen:C-0001:k149', 'h', 'citizen:C-0001')).kind).toBe('done');
    expect((await store.claim('citizen:C-0001:k0', 'h', 'citizen:C-0001')).kind).toBe('new');
  });

  it('keeps one caller within its bytes: 150 large answers do not pin 150 copies (the ~270 MB of issue 15)', async () => {
    const store = new MemoryIdempotencyStore({ perCallerEntries: 1000, perCallerBytes: 100_000, totalEntries: 100_000, totalBytes: 10_000_000 });
    for (let i = 0; i < 150; i += 1) await run(store, 'citizen:C-0001', `k${i}`, 30_000);
    expect(store.usage.bytes).toBeLessThanOrEqual(100_000);
    expect(store.usage.entries).toBe(3);
  });

  it('answers a repeat of a key whose answer was too large to keep with 422, without running it again', async () => {
    const store = new MemoryIdempotencyStore({ perCallerEntries: 10, perCallerBytes: 1000, totalEntries: 100, totalBytes: 100_000 });
    await run(store, 'citizen:C-0001', 'big', 5000);
    const again = await store.claim('citizen:C-0001:big', 'h', 'citizen:C-0001');
    expect(again.kind === 'done' && again.response.status).toBe(422);
    expect(again.kind === 'done' && JSON.parse(again.response.body).errors[0].extensions.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('keeps the total within its count and bytes across many callers, least recently used first', async () => {
    const store = new MemoryIdempotencyStore({ perCallerEntries: 100, perCallerBytes: 1_000_000, totalEntries: 50, totalBytes: 20_000 });
    for (let i = 0; i < 500; i += 1) await run(store, `anonymous:${i}`, 'k', 100);
    expect(store.usage.entries).toBeLessThanOrEqual(50);
    expect(store.usage.bytes).toBeLessThanOrEqual(20_000);
    expect(store.usage.keys).toBe(store.usage.entries);
    expect((await store.claim('anonymous:499:k', 'h', 'anonymous:499')).kind).toBe('done');
    expect((await store.claim('anonymous:0:k', 'h', 'anonymous:0')).kind).toBe('new');
  });

  it('never evicts a request still running: its key stays claimed', async () => {
    const store = new MemoryIdempotencyStore({ perCallerEntries: 1, perCallerBytes: 1_000_000, totalEntries: 1, totalBytes: 1_000_000 });
    expect((await store.claim('c:running', 'h', 'c')).kind).toBe('new');
    for (let i = 0; i < 10; i += 1) await run(store, 'c', `k${i}`);
    expect((await store.claim('c:running', 'h', 'c')).kind).toBe('in-progress');
  });
});
