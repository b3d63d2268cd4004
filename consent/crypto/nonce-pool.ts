import crypto from 'node:crypto';

/**
 * XChaCha20 nonces from a pooled CSPRNG buffer. libsodium-wrappers' randombytes_buf costs 150-250 µs a call here;
 * `randomFillSync` into a pool costs about 0.05 µs a nonce (FINDINGS.md). 24-byte random nonces never need a counter.
 */
const NONCE_BYTES = 24;
const POOL_NONCES = 4096;
const pool = new Uint8Array(NONCE_BYTES * POOL_NONCES);
let offset = pool.length;

export function nextNonce(): Uint8Array {
  if (offset + NONCE_BYTES > pool.length) {
    crypto.randomFillSync(pool);
    offset = 0;
  }
  // Copy, so that the next refill can never alter a nonce still in use.
  const nonce = pool.slice(offset, offset + NONCE_BYTES);
  offset += NONCE_BYTES;
  return nonce;
}
