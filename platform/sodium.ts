import sodiumModule from 'libsodium-wrappers';

export type Sodium = typeof sodiumModule;

/**
 * libsodium must finish loading (65-85 ms) before use: call `loadSodium()` once at process start, never per request.
 */
export async function loadSodium(): Promise<Sodium> {
  await sodiumModule.ready;
  return sodiumModule;
}

/** The loaded library; throws if `loadSodium()` has not completed, which is a start-up ordering bug. */
export function sodium(): Sodium {
  if (!sodiumModule.crypto_auth) throw new Error('libsodium used before loadSodium() completed');
  return sodiumModule;
}

export function toBase64Url(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url');
}

export function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

export function fromBase64(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, text.includes('-') || text.includes('_') ? 'base64url' : 'base64'));
}

/** A 32-byte sub-key for a named purpose: keyed BLAKE2b of the label under the parent key. */
export function deriveKey(parent: Uint8Array, label: string): Uint8Array {
  return sodium().crypto_generichash(32, label, parent);
}
