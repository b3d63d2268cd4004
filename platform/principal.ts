import { deriveKey, sodium, toBase64Url } from './sodium.js';
import type { Department, SubgraphName } from './services.js';

export const PRINCIPAL_HEADER = 'x-citygraph-principal';
export const REQUEST_ID_HEADER = 'x-request-id';

export const PURPOSES = [
  'PUBLIC_HEALTH',
  'TRANSIT_ACCESS',
  'TAXI_ASSIST',
  'LICENSING',
  'FLOOD_RESPONSE',
  'EMERGENCY',
  'SERVICE_DELIVERY',
  'RESEARCH',
] as const;
export type Purpose = (typeof PURPOSES)[number];

export function isPurpose(value: string): value is Purpose {
  return (PURPOSES as readonly string[]).includes(value);
}

/**
 * `service` is a department's own internal processing (recomputing health codes, reminders, alerts): never sent by
 * the gateway, established by the consent service from the department's service key, and released only what a
 * statute names for that department and purpose (ARCHITECTURE §4, one door).
 */
export type PrincipalKind = 'citizen' | 'staff' | 'partner' | 'admin' | 'anonymous' | 'service';

/** Who is calling, as the gateway established it. Subgraphs trust it only with a valid MAC. */
export interface Principal {
  kind: PrincipalKind;
  /** Citizen id, department name (staff, service), partner id, admin subject, or `anonymous`. */
  id: string;
  department?: Department;
  /** For staff: the named official acting (the third part of the token's `sub`, `staff:<department>:<official>`). */
  official?: string;
  roles: string[];
  scopes: string[];
  purpose?: Purpose;
  /**
   * Break-glass only (staff with role `emergency`, purpose EMERGENCY): the official's stated reason, 10 to 500
   * characters. Free text: the consent service seals it under each citizen's data key and logs only a salted hash.
   */
  justification?: string;
  /** Partners only: their own customer's opaque id (X-End-User), sealed and hashed like the justification. */
  endUser?: string;
  requestId: string;
}

/** The role a staff token needs for break-glass (`X-Purpose: EMERGENCY`). */
export const EMERGENCY_ROLE = 'emergency';

/** Whether this principal is an official using break-glass, as the gateway admitted it. */
export function isBreakGlass(principal: Principal): boolean {
  return principal.kind === 'staff' && principal.purpose === 'EMERGENCY' && principal.roles.includes(EMERGENCY_ROLE) && typeof principal.justification === 'string';
}

interface SignedPayload extends Principal {
  aud: SubgraphName;
  exp: number;
}

/** How long a signed principal is valid: long enough for one subgraph fetch, too short to replay usefully. */
export const PRINCIPAL_TTL_MS = 30_000;

export function principalKey(secret: Uint8Array, subgraph: SubgraphName): Uint8Array {
  return deriveKey(secret, `citygraph/principal/${subgraph}`);
}

/** The key of the consent MAC on principals signed for `subgraph`, from its root (gateway and consent only). */
export function principalConsentKey(root: Uint8Array, subgraph: SubgraphName): Uint8Array {
  return deriveKey(root, `citygraph/principal-consent/${subgraph}`);
}

/** The key a subgraph (or the gateway) uses to authenticate its own calls to the consent service. */
export function serviceKey(secret: Uint8Array, subgraph: SubgraphName | 'gateway'): Uint8Array {
  return deriveKey(secret, `citygraph/service/${subgraph}`);
}

/**
 * What the gateway signs a principal for one subgraph with: that subgraph's key (the subgraph checks it) and the
 * consent key for that audience (the consent service checks it when the subgraph forwards the principal). The
 * department holds only the first, so it can check a principal and pass it on, never make one consent accepts.
 */
export interface PrincipalSigningKeys {
  subgraph: Uint8Array;
  consent: Uint8Array;
}

/**
 * `v2.<body>.<subgraph MAC>.<consent MAC>`, both crypto_auth (HMAC-SHA-512-256) over the base64url body, which
 * holds the principal, the audience subgraph and the expiry. About 5 µs a MAC.
 */
export function signPrincipal(principal: Principal, subgraph: SubgraphName, keys: PrincipalSigningKeys, now = Date.now()): string {
  const payload: SignedPayload = { ...principal, aud: subgraph, exp: now + PRINCIPAL_TTL_MS };
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `v2.${body}.${toBase64Url(sodium().crypto_auth(body, keys.subgraph))}.${toBase64Url(sodium().crypto_auth(body, keys.consent))}`;
}

export type VerifyResult = { ok: true; principal: Principal } | { ok: false; reason: 'missing' | 'malformed' | 'bad-mac' | 'expired' | 'wrong-audience' };

/** The subgraph's check: its own MAC (constant time, crypto_auth_verify), then audience and expiry. */
export function verifyPrincipal(header: string | undefined, subgraph: SubgraphName, key: Uint8Array, now = Date.now()): VerifyResult {
  return verifySigned(header, subgraph, key, 2, now);
}

/**
 * The consent service's check of a principal a subgraph forwards: the consent MAC, which the subgraph cannot
 * produce, for that subgraph as the audience.
 */
export function verifyPrincipalForConsent(header: string | undefined, subgraph: SubgraphName, consentKey: Uint8Array, now = Date.now()): VerifyResult {
  return verifySigned(header, subgraph, consentKey, 3, now);
}

function verifySigned(header: string | undefined, subgraph: SubgraphName, key: Uint8Array, macPart: 2 | 3, now: number): VerifyResult {
  if (!header) return { ok: false, reason: 'missing' };
  const parts = header.split('.');
  if (parts.length !== 4 || parts[0] !== 'v2') return { ok: false, reason: 'malformed' };
  const body = parts[1]!;
  let mac: Uint8Array;
  try {
    mac = new Uint8Array(Buffer.from(parts[macPart]!, 'base64url'));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (mac.length !== 32 || !sodium().crypto_auth_verify(mac, body, key)) return { ok: false, reason: 'bad-mac' };
  let payload: SignedPayload;
  try {
    payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as SignedPayload;
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (payload.aud !== subgraph) return { ok: false, reason: 'wrong-audience' };
  if (typeof payload.exp !== 'number' || payload.exp < now) return { ok: false, reason: 'expired' };
  const { aud: _aud, exp: _exp, ...principal } = payload;
  return { ok: true, principal };
}
