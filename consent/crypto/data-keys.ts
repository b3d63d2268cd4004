import crypto from 'node:crypto';
import { deriveKey, sodium } from '../../platform/sodium.js';
import type { SubgraphName } from '../../platform/services.js';
import { nextNonce } from './nonce-pool.js';
import type { SubgraphDataKey } from './field-cipher.js';
import type { DataCategory } from '../enforcement/types.js';

/**
 * One random data key per citizen, stored only wrapped by the master key. Each subgraph gets its own key derived
 * from it, so a department that is released a key can read its own records and nobody else's.
 * Erasure deletes the wrapped key: everything encrypted for the citizen, everywhere, becomes unreadable.
 */
export interface WrappedDataKey {
  id: string;
  wrapped: string;
  version: number;
  createdAt: string;
}

function wrapAd(citizenId: string, version: number): string {
  return `citygraph/datakey|${citizenId}|${version}`;
}

export function createDataKey(masterKey: Uint8Array, citizenId: string, version = 1, now = new Date()): { record: WrappedDataKey; key: Uint8Array } {
  const key = new Uint8Array(crypto.randomBytes(32));
  const nonce = nextNonce();
  const ciphertext = sodium().crypto_aead_xchacha20poly1305_ietf_encrypt(key, wrapAd(citizenId, version), null, nonce, masterKey);
  const wrapped = Buffer.concat([nonce, ciphertext]).toString('base64url');
  return { record: { id: citizenId, wrapped, version, createdAt: now.toISOString() }, key };
}

/**
 * The wrapped data key in a stored key record, when the citizen has one that lives: not for an unknown citizen (no
 * record), nor an erased one (a tombstone: `erasedAt` and no key).
 */
export function liveDataKey(record: (Partial<WrappedDataKey> & { id: string; erasedAt?: string }) | null | undefined): WrappedDataKey | undefined {
  if (!record || record.erasedAt || !record.wrapped || !record.version || !record.createdAt) return undefined;
  return record as WrappedDataKey;
}

export function unwrapDataKey(masterKey: Uint8Array, record: WrappedDataKey): Uint8Array {
  const bytes = Buffer.from(record.wrapped, 'base64url');
  return sodium().crypto_aead_xchacha20poly1305_ietf_decrypt(
    null,
    bytes.subarray(24),
    wrapAd(record.id, record.version),
    bytes.subarray(0, 24),
    masterKey,
  );
}

/** The consent service's own key for a citizen's records it keeps for itself (face templates, sealed notes). */
export function subgraphDataKey(dataKey: Uint8Array, subgraph: SubgraphName, version: number): SubgraphDataKey {
  return { key: deriveKey(dataKey, `citygraph/data/${subgraph}`), version };
}

/**
 * The key for one category of a citizen's `@personal` fields in one subgraph (ARCHITECTURE §4, one door): a
 * decision releases the keys of the allowed categories only, so a denied category cannot be opened even by buggy
 * code that got hold of the request's keys.
 */
export function categoryDataKey(dataKey: Uint8Array, subgraph: SubgraphName, category: DataCategory, version: number): SubgraphDataKey {
  return { key: deriveKey(dataKey, `citygraph/data/${subgraph}/${category}`), version };
}

/** Keyed BLAKE2b of a normalised value, so that phone numbers and ID numbers can be looked up without storing them. */
export function blindIndex(blindKey: Uint8Array, kind: 'phone' | 'nationalId', value: string): string {
  const normalised = kind === 'phone' ? value.replace(/[^0-9+]/g, '') : value.trim().toUpperCase();
  return Buffer.from(sodium().crypto_generichash(32, `${kind}|${normalised}`, blindKey)).toString('base64url');
}

export function blindIndexKey(masterKey: Uint8Array): Uint8Array {
  return deriveKey(masterKey, 'citygraph/blind-index');
}
