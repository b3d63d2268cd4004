import crypto from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { pino } from 'pino';
import { MemoryIdempotencyStore, type Claim } from '../../../../gateway/resilience/idempotency.js';
import { SealedIdempotencyStore } from '../../../../gateway/resilience/sealed-idempotency.js';
import type { GraphQLHttpResponse } from '../../../../platform/http.js';
import { labelled } from '../../../support/labelled.js';

/**
 * The gateway's idempotency store holds nothing readable (issue 11 item 5): after a citizen's erasure, nothing the
 * gateway keeps for replays may tie the ids in their access-log leaves (a consent request, a grant) back to them.
 */
const CALLER = 'citizen:C-0001';
const CLIENT_KEY = 'respond-7f3a9c41';
const SCOPED = `${CALLER}:${CLIENT_KEY}`;
const sha256 = (text: string) => crypto.createHash('sha256').update(text).digest('hex');
const BODY = sha256('\n{"query":"mutation { respondToConsentRequest(input: {id: \\"CR-XYZ\\", approve: true}) { id grant { id } } }"}');
const OTHER_BODY = sha256('\n{"query":"mutation { respondToConsentRequest(input: {id: \\"CR-XYZ\\", approve: false}) { id } }"}');
const ANSWER: GraphQLHttpResponse = {
  status: 200,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ data: { respondToConsentRequest: { id: 'CR-XYZ', status: 'APPROVED', grant: { id: 'G-123' } } } }),
};

function sealedOver(inner: MemoryIdempotencyStore, key = crypto.randomBytes(32)): SealedIdempotencyStore {
  return new SealedIdempotencyStore(inner, key);
}

interface InnerEntry {
  caller: string;
  bodyHash: string;
  response?: GraphQLHttpResponse;
}

/** Everything the inner store holds: its entries and its per-caller budgets (Maps spread, so nothing is hidden). */
function innerState(inner: MemoryIdempotencyStore): string {
  const entries = inner['entries'] as Map<string, InnerEntry>;
  const callers = inner['callers'] as Map<string, { entries: number; bytes: number; keys: Map<string, true> }>;
  return JSON.stringify({
    entries: [...entries],
    callers: [...callers].map(([caller, usage]) => [caller, { ...usage, keys: [...usage.keys.keys()] }]),
  });
}

function innerEntries(inner: MemoryIdempotencyStore): Map<string, InnerEntry> {
  return inner['entries'] as Map<string, InnerEntry>;
}

/** A sealing store over a memory store that holds one finished answer (ANSWER under SCOPED), and that stored entry. */
async function oneSealedAnswer() {
  const inner = new MemoryIdempotencyStore();
  const store = sealedOver(inner);
  await store.claim(SCOPED, BODY, CALLER);
  await store.complete(SCOPED, BODY, ANSWER);
  const [entry] = [...innerEntries(inner).values()];
  return { store, entry };
}

function codeOf(claim: Claim): unknown {
  return claim.kind === 'done' ? JSON.parse(claim.response.body).errors?.[0]?.extensions?.code : undefined;
}

describe('the sealed idempotency store', () => {
  it('leaves the inner store holding no caller id, client key, body hash or answer in clear, and still replays the exact answer', async () => {
    const inner = new MemoryIdempotencyStore();
    const store = sealedOver(inner);
    expect((await store.claim(SCOPED, BODY, CALLER)).kind).toBe('new');
    const claimed = innerState(inner);
    await store.complete(SCOPED, BODY, ANSWER);
    const done = innerState(inner);
    for (const [label, state] of [['claimed', claimed], ['done', done]] as const) {
      for (const secret of ['C-0001', CLIENT_KEY, BODY, 'CR-XYZ', 'G-123', 'APPROVED', 'respondToConsentRequest']) {
        labelled(`${label}: ${secret}`, () => expect(state.includes(secret)).toBe(false));
      }
    }
    expect(inner.usage.entries).toBe(1);

    const replay = await store.claim(SCOPED, BODY, CALLER);
    expect(replay).toEqual({ kind: 'done', sameBody: true, response: ANSWER });
  });

  it('tells another body from the same one, while running and once done', async () => {
    const store = sealedOver(new MemoryIdempotencyStore());
    await store.claim(SCOPED, BODY, CALLER);
    expect(await store.claim(SCOPED, OTHER_BODY, CALLER)).toEqual({ kind: 'in-progress', sameBody: false });
    expect(await store.claim(SCOPED, BODY, CALLER)).toEqual({ kind: 'in-progress', sameBody: true });
    await store.complete(SCOPED, BODY, ANSWER);
    const other = await store.claim(SCOPED, OTHER_BODY, CALLER);
    expect(other.kind === 'done' && other.sameBody).toBe(false);
  });

  it('keys a client key per caller: the same Idempotency-Key from another caller is another entry', async () => {
    const store = sealedOver(new MemoryIdempotencyStore());
    await store.claim(SCOPED, BODY, CALLER);
    await store.complete(SCOPED, BODY, ANSWER);
    expect((await store.claim(`citizen:C-0002:${CLIENT_KEY}`, BODY, 'citizen:C-0002')).kind).toBe('new');
  });

  it('releases a key whose first attempt failed, so that a repeat runs', async () => {
    const store = sealedOver(new MemoryIdempotencyStore());
    await store.claim(SCOPED, BODY, CALLER);
    await store.release(SCOPED);
    expect((await store.claim(SCOPED, BODY, CALLER)).kind).toBe('new');
  });

  it('keeps the per-caller bounds: one caller’s oldest answers go first, not another caller’s', async () => {
    const inner = new MemoryIdempotencyStore({ perCallerEntries: 3, perCallerBytes: 1_000_000, totalEntries: 100, totalBytes: 10_000_000 });
    const store = sealedOver(inner);
    const run = async (caller: string, key: string) => {
      expect((await store.claim(`${caller}:${key}`, BODY, caller)).kind).toBe('new');
      await store.complete(`${caller}:${key}`, BODY, ANSWER);
    };
    await run('citizen:C-0002', 'theirs');
    for (let i = 0; i < 6; i += 1) await run(CALLER, `k${i}`);
    expect(inner.usage.entries).toBe(4);
    expect((inner['callers'] as Map<string, unknown>).size).toBe(2);
    expect((await store.claim('citizen:C-0002:theirs', BODY, 'citizen:C-0002')).kind).toBe('done');
    expect((await store.claim(`${CALLER}:k5`, BODY, CALLER)).kind).toBe('done');
    expect((await store.claim(`${CALLER}:k0`, BODY, CALLER)).kind).toBe('new');
  });

  it('answers a repeat of an answer too large to keep with the inner store’s note (422), not by running it again', async () => {
    const store = sealedOver(new MemoryIdempotencyStore({ perCallerEntries: 10, perCallerBytes: 1000, totalEntries: 100, totalBytes: 100_000 }));
    await store.claim(SCOPED, BODY, CALLER);
    await store.complete(SCOPED, BODY, { ...ANSWER, body: JSON.stringify({ data: { x: 'y'.repeat(5000) } }) });
    const again = await store.claim(SCOPED, BODY, CALLER);
    expect(again.kind === 'done' && again.response.status).toBe(422);
    expect(codeOf(again)).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(again.kind === 'done' && again.response.body.includes('too large')).toBe(true);
  });

  it('never serves a tampered sealed answer: the repeat gets 422 IDEMPOTENCY_KEY_REUSED, the request is not run again', async () => {
    const { store, entry } = await oneSealedAnswer();
    const sealed = entry!.response!.body;
    const at = Math.floor(sealed.length / 2);
    entry!.response = { ...entry!.response!, body: sealed.slice(0, at) + (sealed[at] === 'A' ? 'B' : 'A') + sealed.slice(at + 1) };

    const again = await store.claim(SCOPED, BODY, CALLER);
    expect(again.kind).toBe('done');
    expect(again.kind === 'done' && again.response.status).toBe(422);
    expect(codeOf(again)).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('logs a stored answer that does not open, without the caller or the key', async () => {
    const lines: string[] = [];
    const inner = new MemoryIdempotencyStore();
    const store = new SealedIdempotencyStore(inner, crypto.randomBytes(32), pino({ level: 'warn' }, { write: (line: string) => lines.push(line) }));
    await store.claim(SCOPED, BODY, CALLER);
    await store.complete(SCOPED, BODY, ANSWER);
    expect(await store.claim(SCOPED, BODY, CALLER)).toEqual({ kind: 'done', sameBody: true, response: ANSWER });
    expect(lines).toHaveLength(0);
    const [entry] = [...innerEntries(inner).values()];
    entry!.response = { ...entry!.response!, body: entry!.response!.body.slice(0, -4) + 'AAAA' };

    await store.claim(SCOPED, BODY, CALLER);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!).level).toBe(40);
    for (const secret of ['C-0001', CLIENT_KEY, BODY]) labelled(secret, () => expect(lines[0]!.includes(secret)).toBe(false));
  });

  it('never serves a sealed answer moved under another entry’s name', async () => {
    const inner = new MemoryIdempotencyStore();
    const store = sealedOver(inner);
    await store.claim(`${CALLER}:first`, BODY, CALLER);
    await store.complete(`${CALLER}:first`, BODY, ANSWER);
    const [firstName] = [...innerEntries(inner).keys()];
    await store.claim(`${CALLER}:second`, BODY, CALLER);
    await store.complete(`${CALLER}:second`, BODY, { ...ANSWER, body: '{"data":{"respondToConsentRequest":{"id":"CR-OTHER"}}}' });
    const second = [...innerEntries(inner).entries()].find(([name]) => name !== firstName)![1];
    second.response = innerEntries(inner).get(firstName!)!.response;

    const again = await store.claim(`${CALLER}:second`, BODY, CALLER);
    expect(again.kind === 'done' && again.response.body.includes('CR-XYZ')).toBe(false);
    expect(again.kind === 'done' && again.response.status).toBe(422);
    expect(codeOf(again)).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('never serves an answer it did not seal as it stands (one written into the store by someone else)', async () => {
    const { store, entry } = await oneSealedAnswer();
    entry!.response = { status: 200, headers: { 'content-type': 'application/json' }, body: '{"data":{"respondToConsentRequest":{"id":"CR-FORGED"}}}' };

    const again = await store.claim(SCOPED, BODY, CALLER);
    expect(again.kind === 'done' && again.response.body.includes('CR-FORGED')).toBe(false);
    expect(again.kind === 'done' && again.response.status).toBe(422);
  });

  it('opens nothing under another gateway key: its names are other names', async () => {
    const inner = new MemoryIdempotencyStore();
    const first = sealedOver(inner);
    await first.claim(SCOPED, BODY, CALLER);
    await first.complete(SCOPED, BODY, ANSWER);
    expect((await sealedOver(inner).claim(SCOPED, BODY, CALLER)).kind).toBe('new');
    expect((await first.claim(SCOPED, BODY, CALLER)).kind).toBe('done');
  });

  it('refuses a key that is not 32 bytes', () => {
    expect(() => new SealedIdempotencyStore(new MemoryIdempotencyStore(), new Uint8Array(16))).toThrow(/32 bytes/);
  });
});
