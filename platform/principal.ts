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

/** The key a subgraph (or the gateway) uses to authenticate its own calls to the consent service. */
export function serviceKey(secret: Uint8Array, subgraph: SubgraphName | 'gateway'): Uint8Array {
  return deriveKey(secret, `citygraph/service/${subgraph}`);
}

export function signPrincipal(principal: Principal, subgraph: SubgraphName, key: Uint8Array, now = Date.now()): string {
  const payload: SignedPayload = { ...principal, aud: subgraph, exp: now + PRINCIPAL_TTL_MS };
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `v1.${body}.${toBase64Url(sodium().crypto_auth(body, key))}`;
}

export type VerifyResult = { ok: true; principal: Principal } | { ok: false; reason: 'missing' | 'malformed' | 'bad-mac' | 'expired' | 'wrong-audience' };

/** Constant-time MAC check (crypto_auth_verify), then audience and expiry. */
export function verifyPrincipal(header: string | undefined, subgraph: SubgraphName, key: Uint8Array, now = Date.now()): VerifyResult {
  if (!header) return { ok: false, reason: 'missing' };
  const parts = header.split('.');
  if (parts.length !== 3 || parts[0] !== 'v1') return { ok: false, reason: 'malformed' };
  const [, body, tag] = parts as [string, string, string];
  let mac: Uint8Array;
  try {
    mac = new Uint8Array(Buffer.from(tag, 'base64url'));
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
