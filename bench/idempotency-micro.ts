/**
 * What sealing the gateway's idempotency store costs (gateway/resilience/sealed-idempotency.ts): one idempotent
 * mutation's claim and complete, and one replay's claim, against the bounded memory store alone and wrapped in the
 * sealing layer. In this process, no I/O; the median over timed blocks, per mutation and replay.
 */
import { randomBytes } from 'node:crypto';
import { MemoryIdempotencyStore, type IdempotencyStore } from '../gateway/resilience/idempotency.js';
import { SealedIdempotencyStore } from '../gateway/resilience/sealed-idempotency.js';

export interface IdempotencyMicroResults {
  plainUs: number;
  sealedUs: number;
}

/** An answer of the size a consent mutation's is (a grant with its receipt), ids and all. */
const ANSWER = {
  status: 200,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ data: { respondToConsentRequest: { id: 'CR-3f1c2a0e-8d5b-4f7a-9a41-2b6c0f9e7d13', status: 'APPROVED', grant: { id: 'CG-6a0b', receipt: 'x'.repeat(1200) } } } }),
};

async function medianPerRound(make: () => IdempotencyStore, blocks: number, perBlock: number): Promise<number> {
  const run = async (store: IdempotencyStore, n: number, from: number): Promise<void> => {
    for (let i = from; i < from + n; i += 1) {
      const caller = `citizen:C-${(i % 1000).toString().padStart(4, '0')}`;
      const key = `${caller}:key-${i}`;
      await store.claim(key, 'body-hash', caller);
      await store.complete(key, 'body-hash', ANSWER);
      const replay = await store.claim(key, 'body-hash', caller);
      if (replay.kind !== 'done') throw new Error('the replay found no answer');
    }
  };
  // Warm the JIT; a fresh store per block keeps every block within the store's bounds (no eviction measured).
  await run(make(), perBlock * 3, 0);
  const perRound: number[] = [];
  for (let b = 0; b < blocks; b += 1) {
    const store = make();
    const t0 = process.hrtime.bigint();
    await run(store, perBlock, b * perBlock);
    perRound.push(Number(process.hrtime.bigint() - t0) / 1000 / perBlock);
  }
  perRound.sort((a, b) => a - b);
  return perRound[Math.floor(perRound.length / 2)]!;
}

export async function runIdempotencyMicro(): Promise<IdempotencyMicroResults> {
  const key = new Uint8Array(randomBytes(32));
  const bounds = { perCallerEntries: 100, perCallerBytes: 1024 * 1024, totalEntries: 100_000, totalBytes: 256 * 1024 * 1024 };
  const plainUs = await medianPerRound(() => new MemoryIdempotencyStore(bounds), 15, 2000);
  const sealedUs = await medianPerRound(() => new SealedIdempotencyStore(new MemoryIdempotencyStore(bounds), key), 15, 2000);
  return { plainUs, sealedUs };
}
