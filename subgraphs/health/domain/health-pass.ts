import crypto from 'node:crypto';
import { CitygraphError } from '../../../platform/errors.js';
import { sodium } from '../../../platform/sodium.js';
import type { HealthCodeStatus } from './health-code.js';

/**
 * The health pass (docs/health-pass.md): a compact token the citizen's app shows as a QR code.
 *
 *   HP1.<base64url(JSON claims)>.<base64url(Ed25519 signature over "HP1.<claims part>")>
 *
 * Claims: `kid` (which health key signed), `sub` (the citizen id encrypted with the scanning departments' pass
 * identity key under a fresh nonce, so two passes of one citizen cannot be linked by anyone else), `st` (the
 * health code status), `iat` and `exp` (Unix seconds, at most 120 s apart) and `jti` (the single-use nonce).
 * Anyone with the public key can check a pass offline; only health and transport can tell whose it is.
 *
 * Pure apart from the CSPRNG: the caller passes the keys and the time.
 */
export const PASS_PREFIX = 'HP1';
export const PASS_LIFETIME_SECONDS = 120;
/** Scanners' clocks may run a little ahead of the issuer's; a pass issued further in the future is not genuine. */
export const CLOCK_SKEW_SECONDS = 30;
/** Far above any real pass (about 340 characters): longer input is refused before any parsing. */
export const MAX_TOKEN_LENGTH = 1024;
const SUBJECT_AD = 'citygraph/health-pass/sub/v1';
const STATUSES: readonly HealthCodeStatus[] = ['GREEN', 'AMBER', 'RED'];

export interface PassSigningKeys {
  kid: string;
  publicKey: Uint8Array;
  privateKey: Uint8Array;
}

export interface PassClaims {
  kid: string;
  sub: string;
  st: HealthCodeStatus;
  iat: number;
  exp: number;
  jti: string;
}

/** A pass that verified: whose it is, the status it shows, and the nonce a scanning department must use up. */
export interface VerifiedPass {
  citizenId: string;
  status: HealthCodeStatus;
  nonce: string;
  expiresAt: Date;
}

export class PassError extends CitygraphError {
  constructor(code: 'PASS_INVALID' | 'PASS_EXPIRED' | 'PASS_ALREADY_USED') {
    const messages = {
      PASS_INVALID: 'This is not a valid health pass: it was altered or not issued by the health department.',
      PASS_EXPIRED: 'This health pass has expired. Ask the citizen to show a fresh one.',
      PASS_ALREADY_USED: 'This health pass was already scanned here. Ask the citizen to show a fresh one.',
    };
    super(code, messages[code]);
    this.name = 'PassError';
  }
}

/** A short key id: BLAKE2b-128 of the public key, so scanners can pick the right key after rotation. */
export function keyIdOf(publicKey: Uint8Array): string {
  return Buffer.from(sodium().crypto_generichash(16, publicKey, null)).toString('base64url');
}

/** The health department's Ed25519 key pair, expanded from its 32-byte seed. */
export function passSigningKeys(seed: Uint8Array): PassSigningKeys {
  const pair = sodium().crypto_sign_seed_keypair(seed);
  return { kid: keyIdOf(pair.publicKey), publicKey: pair.publicKey, privateKey: pair.privateKey };
}

/** What a scanner needs: the public key and its id. (A real deployment hands scanners only this, see the doc.) */
export interface PassVerifyingKey {
  kid: string;
  publicKey: Uint8Array;
}

export function passVerifyingKey(publicKey: Uint8Array): PassVerifyingKey {
  return { kid: keyIdOf(publicKey), publicKey };
}

function sealSubject(identityKey: Uint8Array, citizenId: string): string {
  const nonce = new Uint8Array(crypto.randomBytes(24));
  const ciphertext = sodium().crypto_aead_xchacha20poly1305_ietf_encrypt(citizenId, SUBJECT_AD, null, nonce, identityKey);
  return Buffer.concat([nonce, ciphertext]).toString('base64url');
}

function openSubject(identityKey: Uint8Array, sub: string): string {
  const bytes = Buffer.from(sub, 'base64url');
  if (bytes.length < 24 + 16 + 1) throw new PassError('PASS_INVALID');
  try {
    const plaintext = sodium().crypto_aead_xchacha20poly1305_ietf_decrypt(null, bytes.subarray(24), SUBJECT_AD, bytes.subarray(0, 24), identityKey);
    return Buffer.from(plaintext).toString('utf8');
  } catch {
    throw new PassError('PASS_INVALID');
  }
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

const BASE64URL = /^[A-Za-z0-9_-]+$/;

function parseClaims(json: string): PassClaims {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new PassError('PASS_INVALID');
  }
  const claims = value as Partial<PassClaims> | null;
  const ok =
    claims !== null &&
    typeof claims === 'object' &&
    Object.keys(claims).length === 6 &&
    typeof claims.kid === 'string' &&
    typeof claims.sub === 'string' && BASE64URL.test(claims.sub) &&
    typeof claims.jti === 'string' && BASE64URL.test(claims.jti) && claims.jti.length >= 16 && claims.jti.length <= 64 &&
    STATUSES.includes(claims.st as HealthCodeStatus) &&
    Number.isSafeInteger(claims.iat) &&
    Number.isSafeInteger(claims.exp);
  if (!ok) throw new PassError('PASS_INVALID');
  return claims as PassClaims;
}

/**
 * Checks a pass offline: signature first (anything altered or forged is PASS_INVALID, whatever it claims), then its
 * lifetime and expiry (PASS_EXPIRED), then opens whose it is. Using up the nonce is the scanning department's job.
 */
export function verifyPass(key: PassVerifyingKey, identityKey: Uint8Array, token: string, now: Date): VerifiedPass {
  if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) throw new PassError('PASS_INVALID');
  const parts = token.trim().split('.');
  if (parts.length !== 3 || parts[0] !== PASS_PREFIX || !BASE64URL.test(parts[1]!) || !BASE64URL.test(parts[2]!)) throw new PassError('PASS_INVALID');
  const signature = Buffer.from(parts[2]!, 'base64url');
  if (signature.length !== 64 || signature.toString('base64url') !== parts[2]) throw new PassError('PASS_INVALID');
  if (!sodium().crypto_sign_verify_detached(signature, `${parts[0]}.${parts[1]}`, key.publicKey)) throw new PassError('PASS_INVALID');
  const claims = parseClaims(Buffer.from(parts[1]!, 'base64url').toString('utf8'));
  if (claims.kid !== key.kid) throw new PassError('PASS_INVALID');
  const nowSeconds = now.getTime() / 1000;
  // A genuine pass never lives longer than 120 s and is never issued in the future.
  if (claims.exp <= claims.iat || claims.exp - claims.iat > PASS_LIFETIME_SECONDS || claims.iat > nowSeconds + CLOCK_SKEW_SECONDS) {
    throw new PassError('PASS_INVALID');
  }
  if (claims.exp <= nowSeconds) throw new PassError('PASS_EXPIRED');
  return { citizenId: openSubject(identityKey, claims.sub), status: claims.st, nonce: claims.jti, expiresAt: new Date(claims.exp * 1000) };
}

/**
 * The static key document scanners fetch (GET /.well-known/health-pass-keys.json): the public key as a JWK (RFC 8037
 * OKP / Ed25519) with its key id, and the token format it verifies.
 */
export function passKeyDocument(key: PassVerifyingKey): Record<string, unknown> {
  return {
    issuer: 'health',
    format: PASS_PREFIX,
    maxLifetimeSeconds: PASS_LIFETIME_SECONDS,
    keys: [{ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig', kid: key.kid, x: Buffer.from(key.publicKey).toString('base64url') }],
  };
}
