import crypto from 'node:crypto';
import { PASS_LIFETIME_SECONDS, PASS_PREFIX, SUBJECT_AD, keyIdOf, type PassClaims } from '../../../contracts/health-pass/pass.js';
import { sodium } from '../../../platform/sodium.js';
import type { HealthCodeStatus } from './health-code.js';

/**
 * Issuing health passes (the format and verification are the shared contract in contracts/health-pass/pass.ts).
 * Only the health subgraph holds the signing seed. Pure apart from the CSPRNG: the caller passes the keys and time.
 */
export interface PassSigningKeys {
  kid: string;
  publicKey: Uint8Array;
  privateKey: Uint8Array;
}

/** The health department's Ed25519 key pair, expanded from its 32-byte seed. */
export function passSigningKeys(seed: Uint8Array): PassSigningKeys {
  const pair = sodium().crypto_sign_seed_keypair(seed);
  return { kid: keyIdOf(pair.publicKey), publicKey: pair.publicKey, privateKey: pair.privateKey };
}

function sealSubject(identityKey: Uint8Array, citizenId: string): string {
  const nonce = new Uint8Array(crypto.randomBytes(24));
  const ciphertext = sodium().crypto_aead_xchacha20poly1305_ietf_encrypt(citizenId, SUBJECT_AD, null, nonce, identityKey);
  return Buffer.concat([nonce, ciphertext]).toString('base64url');
}

/** Signs claims as they are: the issuer and test helpers (a pass with a past expiry) share this. */
export function signPassClaims(keys: PassSigningKeys, claims: PassClaims): string {
  const body = `${PASS_PREFIX}.${Buffer.from(JSON.stringify(claims), 'utf8').toString('base64url')}`;
  const signature = sodium().crypto_sign_detached(body, keys.privateKey);
  return `${body}.${Buffer.from(signature).toString('base64url')}`;
}

export interface IssueInput {
  citizenId: string;
  status: HealthCodeStatus;
  now: Date;
  /** Seconds from now; capped at PASS_LIFETIME_SECONDS. */
  lifetimeSeconds?: number;
}

export function issuePass(keys: PassSigningKeys, identityKey: Uint8Array, input: IssueInput): { token: string; expiresAt: Date } {
  const iat = Math.floor(input.now.getTime() / 1000);
  const exp = iat + Math.min(input.lifetimeSeconds ?? PASS_LIFETIME_SECONDS, PASS_LIFETIME_SECONDS);
  const claims: PassClaims = {
    kid: keys.kid,
    sub: sealSubject(identityKey, input.citizenId),
    st: input.status,
    iat,
    exp,
    jti: crypto.randomBytes(16).toString('base64url'),
  };
  return { token: signPassClaims(keys, claims), expiresAt: new Date(exp * 1000) };
}

