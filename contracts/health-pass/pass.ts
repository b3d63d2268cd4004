import { CitygraphError } from '../../platform/errors.js';
import { sodium } from '../../platform/sodium.js';

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
 * This is the shared contract: the format, and verification with the health department's published public key.
 * Signing stays in the health subgraph (subgraphs/health/domain/health-pass.ts); scanners (transport, the gateway's
 * key document) need only this. Pure: the caller passes the keys and the time.
 */
export const PASS_PREFIX = 'HP1';
export const PASS_LIFETIME_SECONDS = 120;
/** Scanners' clocks may run a little ahead of the issuer's; a pass issued further in the future is not genuine. */
export const CLOCK_SKEW_SECONDS = 30;
/** Far above any real pass (about 340 characters): longer input is refused before any parsing. */
export const MAX_TOKEN_LENGTH = 1024;
/** Associated data of the sealed subject: binds the ciphertext to its use. */
export const SUBJECT_AD = 'citygraph/health-pass/sub/v1';
export const PASS_STATUSES = ['GREEN', 'AMBER', 'RED'] as const;
export type PassStatus = (typeof PASS_STATUSES)[number];

export interface PassClaims {
  kid: string;
  sub: string;
  st: PassStatus;
  iat: number;
  exp: number;
  jti: string;
}

/** A pass that verified: whose it is, the status it shows, and the nonce a scanning department must use up. */
export interface VerifiedPass {
  citizenId: string;
  status: PassStatus;
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

/** Why a gate refused a valid pass, in the city's two languages; it names the status the pass shows, never whose it is. */
export interface RefusalReason {
  en: string;
  zhHans: string;
}

/**
 * A valid pass whose status a gate's policy refuses (ARCHITECTURE §7 PASS_REFUSED): the reason in the message in
 * both languages and in `extensions.reason`, and the status the pass shows (what an offline scanner shows anyway).
 */
export class PassRefusedError extends CitygraphError {
  constructor(status: PassStatus, reason: RefusalReason) {
    super('PASS_REFUSED', `${reason.en} / ${reason.zhHans}`, { status, reason });
    this.name = 'PassRefusedError';
  }
}

/** A short key id: BLAKE2b-128 of the public key, so scanners can pick the right key after rotation. */
export function keyIdOf(publicKey: Uint8Array): string {
  return Buffer.from(sodium().crypto_generichash(16, publicKey, null)).toString('base64url');
}

/** What a scanner needs: the public key and its id. (A real deployment hands scanners only this, see the doc.) */
export interface PassVerifyingKey {
  kid: string;
  publicKey: Uint8Array;
}

export function passVerifyingKey(publicKey: Uint8Array): PassVerifyingKey {
  return { kid: keyIdOf(publicKey), publicKey };
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
    (PASS_STATUSES as readonly string[]).includes(claims.st as string) &&
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
