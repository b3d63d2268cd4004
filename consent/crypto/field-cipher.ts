import { sodium } from '../../platform/sodium.js';
import type { SubgraphName } from '../../platform/services.js';
import { nextNonce } from './nonce-pool.js';

/**
 * Personal fields at rest: XChaCha20-Poly1305 with associated data binding the ciphertext to where it belongs.
 * A ciphertext copied to another record, field, collection, citizen or subgraph fails to decrypt.
 *
 * Stored form: `cg1.<keyVersion>.<base64url(nonce || ciphertext)>`. The plaintext is the JSON of the value.
 */
export const SEALED_PREFIX = 'cg1.';

export interface FieldBinding {
  subgraph: SubgraphName;
  /** The GraphQL type that exposes the field: it is the collection's contract name. */
  collection: string;
  field: string;
  recordId: string;
  citizenId: string;
}

export interface SubgraphDataKey {
  key: Uint8Array;
  version: number;
}

export class FieldDecryptionError extends Error {
  constructor() {
    super('a personal field could not be decrypted');
    this.name = 'FieldDecryptionError';
  }
}

/** Bytes, not a string: libsodium-wrappers' own string conversion costs about 1 µs a call (measured). */
function associatedData(binding: FieldBinding, version: number): Uint8Array {
  return Buffer.from(`${binding.subgraph}|${binding.collection}|${binding.field}|${binding.recordId}|${binding.citizenId}|${version}`, 'utf8');
}

export function isSealed(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(SEALED_PREFIX);
}

export function sealField(dataKey: SubgraphDataKey, binding: FieldBinding, value: unknown): string {
  const nonce = nextNonce();
  const plaintext = Buffer.from(JSON.stringify(value), 'utf8');
  const ciphertext = sodium().crypto_aead_xchacha20poly1305_ietf_encrypt(
    plaintext,
    associatedData(binding, dataKey.version),
    null,
    nonce,
    dataKey.key,
  );
  const out = Buffer.allocUnsafe(nonce.length + ciphertext.length);
  out.set(nonce, 0);
  out.set(ciphertext, nonce.length);
  return `${SEALED_PREFIX}${dataKey.version}.${out.toString('base64url')}`;
}

export function openField(dataKey: SubgraphDataKey, binding: FieldBinding, sealed: string): unknown {
  const dot = sealed.indexOf('.', SEALED_PREFIX.length);
  const version = Number(sealed.slice(SEALED_PREFIX.length, dot));
  if (dot < 0 || version !== dataKey.version) throw new FieldDecryptionError();
  const bytes = Buffer.from(sealed.slice(dot + 1), 'base64url');
  if (bytes.length < 24 + 16) throw new FieldDecryptionError();
  try {
    const plaintext = sodium().crypto_aead_xchacha20poly1305_ietf_decrypt(
      null,
      bytes.subarray(24),
      associatedData(binding, version),
      bytes.subarray(0, 24),
      dataKey.key,
    );
    return JSON.parse(Buffer.from(plaintext.buffer, plaintext.byteOffset, plaintext.byteLength).toString('utf8'));
  } catch {
    throw new FieldDecryptionError();
  }
}
