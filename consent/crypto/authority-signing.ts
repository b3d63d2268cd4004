import { deriveKey, sodium } from '../../platform/sodium.js';

/**
 * The consent authority's Ed25519 key, derived from the master key: it signs consent receipts, erasure receipts
 * and access-log checkpoints. Anyone can verify with the public key (published in the graph).
 */
export interface AuthorityKeys {
  publicKey: Uint8Array;
  privateKey: Uint8Array;
  keyId: string;
}

export function authorityKeys(masterKey: Uint8Array): AuthorityKeys {
  const { publicKey, privateKey } = sodium().crypto_sign_seed_keypair(deriveKey(masterKey, 'citygraph/authority-signing'));
  const keyId = Buffer.from(sodium().crypto_generichash(16, publicKey, null)).toString('hex');
  return { publicKey, privateKey, keyId };
}

export function signDetached(keys: AuthorityKeys, message: string): string {
  return Buffer.from(sodium().crypto_sign_detached(message, keys.privateKey)).toString('base64url');
}

export function verifyDetached(publicKey: Uint8Array, message: string, signature: string): boolean {
  const bytes = Buffer.from(signature, 'base64url');
  if (bytes.length !== 64) return false;
  try {
    return sodium().crypto_sign_verify_detached(new Uint8Array(bytes), message, publicKey);
  } catch {
    return false;
  }
}

/**
 * A receipt: `<base64url(JSON)>.<base64url(Ed25519 signature)>`, self-contained so that a citizen can keep it and
 * anyone can check it against the authority's public key.
 */
export function signReceipt(keys: AuthorityKeys, body: Record<string, unknown>): string {
  const payload = Buffer.from(JSON.stringify({ ...body, issuer: 'citygraph-consent', keyId: keys.keyId })).toString('base64url');
  return `${payload}.${signDetached(keys, payload)}`;
}

export function readReceipt(publicKey: Uint8Array, receipt: string): Record<string, unknown> | undefined {
  const [payload, signature] = receipt.split('.');
  if (!payload || !signature || !verifyDetached(publicKey, payload, signature)) return undefined;
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
}
