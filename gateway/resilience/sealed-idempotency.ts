import crypto from 'node:crypto';
import type { Logger } from '../../platform/logger.js';
import type { GraphQLHttpResponse } from '../../platform/http.js';
import { answerTooLargeToKeep, type Claim, type IdempotencyStore } from './idempotency.js';

/** What the gateway derives this store's key with from its own service key (no secret of its own, ARCHITECTURE §5). */
export const IDEMPOTENCY_KEY_LABEL = 'citygraph/gateway/idempotency';

/** Set only on answers this layer sealed; the inner store never reads headers. */
const SEALED_HEADER = 'x-citygraph-sealed';
const SEALED_VERSION = 'chacha20-poly1305/v1';
const CIPHER = 'chacha20-poly1305';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/**
 * 96-bit nonces from a pooled CSPRNG buffer: `crypto.randomBytes(12)` costs about 5 µs a call here, a slice of a
 * pool refilled with `randomFillSync` almost nothing (FINDINGS.md). Random nonces are safe here: each entry has its
 * own key, which seals one answer (a second only after the first expired or was released).
 */
const POOL_NONCES = 1024;
const pool = Buffer.alloc(NONCE_BYTES * POOL_NONCES);
let poolOffset = pool.length;
function nextNonce(): Buffer {
  if (poolOffset + NONCE_BYTES > pool.length) {
    crypto.randomFillSync(pool);
    poolOffset = 0;
  }
  // Copied, so that the next refill never alters a nonce in use.
  const nonce = Buffer.from(pool.subarray(poolOffset, poolOffset + NONCE_BYTES));
  poolOffset += NONCE_BYTES;
  return nonce;
}

/** What a repeat gets when the stored answer does not open: the request was applied once, and is not run again. */
function notReplayable(): GraphQLHttpResponse {
  return {
    status: 422,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      errors: [{ message: 'This Idempotency-Key was already used; the request was applied once, and its answer cannot be replayed.', extensions: { code: 'IDEMPOTENCY_KEY_REUSED' } }],
    }),
  };
}

/**
 * Wraps the bounded idempotency stores (idempotency.ts) so that what they hold, in the gateway's memory or in Redis,
 * is unreadable and unlinkable to a citizen (issue 11 item 5): after an erasure, no replay entry ties the ids an
 * answer carries (a consent request, a grant, which access-log leaves carry) to the citizen who sent it. With `k`
 * the key derived from the gateway's service key and `scoped` the caller-scoped key
 * (`<kind>:<id>[:<official>]:<Idempotency-Key>`, graphql-handler.ts), the inner store holds only:
 *
 *   entry name   base64url HMAC-SHA-256(e, 'name'), with e = HMAC-SHA-256(k, 'entry|' + scoped), the entry's
 *                secret (never stored; everything below is derived from it once per call)
 *   caller       base64url HMAC-SHA-256(k, 'caller|' + caller): still one budget bucket per caller, so the
 *                per-caller bounds hold as before
 *   body hash    base64url HMAC-SHA-256(e, 'body|' + bodyHash): keyed per entry, so a guessed body cannot be
 *                confirmed without the client's key
 *   answer       ChaCha20-Poly1305 of {status, headers, body} under HMAC-SHA-256(e, 'seal'), a random 96-bit
 *                nonce, the entry name as associated data; base64url(nonce ‖ ciphertext ‖ tag), marked by a header
 *
 * (The prefixes keep the uses apart.) Opening an answer needs the client's Idempotency-Key, which no store holds: a
 * heap or Redis dump, even with the gateway's key, opens nothing without it (a key that can be guessed is only as
 * good as it is hard to guess: docs/partners.md asks for random ones). What the gateway's key does give its holder
 * is whose bucket is whose (caller ids can be enumerated): how many answers a caller has kept, never what they are.
 * The inner stores count the sealed sizes against their byte bounds (about 4/3 of the answer, plus the envelope).
 *
 * Stored data is untrusted. A sealed answer that does not open (changed, or moved under another entry's name) is
 * never served: the repeat is answered 422 IDEMPOTENCY_KEY_REUSED ("applied once, cannot be replayed"), not run again
 * (as for an answer too large to keep), and a warning is logged without the key. An answer without the mark is never
 * served as it stands either: the only unsealed answer the inner stores write is their "too large to keep" note,
 * so that note is what the repeat gets.
 */
export class SealedIdempotencyStore implements IdempotencyStore {
  private readonly key: crypto.KeyObject;

  constructor(
    private readonly inner: IdempotencyStore,
    key: Uint8Array,
    private readonly logger?: Logger,
  ) {
    if (key.length !== 32) throw new Error(`SealedIdempotencyStore: the key must be 32 bytes, not ${key.length}`);
    this.key = crypto.createSecretKey(key);
  }

  async claim(key: string, bodyHash: string, caller: string): Promise<Claim> {
    const entry = this.entrySecret(key);
    const name = nameOf(entry);
    const claim = await this.inner.claim(name, bodyMac(entry, bodyHash), mac(this.key, `caller|${caller}`));
    if (claim.kind !== 'done') return claim;
    return { ...claim, response: this.open(name, entry, claim.response) };
  }

  async complete(key: string, bodyHash: string, response: GraphQLHttpResponse): Promise<void> {
    const entry = this.entrySecret(key);
    const name = nameOf(entry);
    await this.inner.complete(name, bodyMac(entry, bodyHash), seal(name, entry, response));
  }

  async release(key: string): Promise<void> {
    await this.inner.release(nameOf(this.entrySecret(key)));
  }

  async close(): Promise<void> {
    await this.inner.close();
  }

  private entrySecret(scoped: string): Buffer {
    return crypto.createHmac('sha256', this.key).update(`entry|${scoped}`).digest();
  }

  private open(name: string, entry: Buffer, stored: GraphQLHttpResponse): GraphQLHttpResponse {
    if (stored.headers?.[SEALED_HEADER] !== SEALED_VERSION) return answerTooLargeToKeep();
    try {
      const bytes = Buffer.from(stored.body, 'base64url');
      if (bytes.length < NONCE_BYTES + TAG_BYTES) throw new Error('too short');
      const decipher = crypto.createDecipheriv(CIPHER, sealKey(entry), bytes.subarray(0, NONCE_BYTES), { authTagLength: TAG_BYTES });
      const ciphertext = bytes.subarray(NONCE_BYTES, bytes.length - TAG_BYTES);
      decipher.setAAD(Buffer.from(name), { plaintextLength: ciphertext.length });
      decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
      const plain = Buffer.concat([decipher.update(ciphertext), decipher.final()]);
      return JSON.parse(plain.toString('utf8')) as GraphQLHttpResponse;
    } catch {
      this.logger?.warn('a stored idempotent answer did not open (changed, or moved under another entry): not replayed');
      return notReplayable();
    }
  }
}

function mac(key: crypto.KeyObject | Buffer, text: string): string {
  return crypto.createHmac('sha256', key).update(text).digest('base64url');
}

function nameOf(entry: Buffer): string {
  return mac(entry, 'name');
}

function bodyMac(entry: Buffer, bodyHash: string): string {
  return mac(entry, `body|${bodyHash}`);
}

function sealKey(entry: Buffer): Buffer {
  return crypto.createHmac('sha256', entry).update('seal').digest();
}

function seal(name: string, entry: Buffer, response: GraphQLHttpResponse): GraphQLHttpResponse {
  const nonce = nextNonce();
  const cipher = crypto.createCipheriv(CIPHER, sealKey(entry), nonce, { authTagLength: TAG_BYTES });
  const plain = Buffer.from(JSON.stringify({ status: response.status, headers: response.headers, body: response.body }), 'utf8');
  cipher.setAAD(Buffer.from(name), { plaintextLength: plain.length });
  const sealed = Buffer.concat([nonce, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
  // The status outside is a placeholder: the real one is sealed with the rest.
  return { status: 200, headers: { [SEALED_HEADER]: SEALED_VERSION }, body: sealed.toString('base64url') };
}
