import { createLocalJWKSet, createRemoteJWKSet, decodeJwt, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { AuthenticatedPartner } from '../../contracts/consent-gateway/wire.js';
import type { HubConfig } from '../../platform/config.js';
import { ForbiddenError, UnauthenticatedError } from '../../platform/errors.js';
import type { DepartmentPurposes } from '../../contracts/department-purposes/department-purposes.js';
import type { Principal } from '../../platform/principal.js';
import { isDepartment } from '../../platform/services.js';
import { endUserOf, purposeOf, staffPurpose } from '../access/purposes.js';
import type { ApiKeyVerifier } from './api-keys.js';
import { ensureDevIssuerKeys } from './dev-issuer.js';

export type Caller = Omit<Principal, 'requestId'>;

export interface Authenticated {
  caller: Caller;
  /** For partners: their registry entry, key, scopes and safelisted operations. */
  partner?: AuthenticatedPartner;
}

const CITIZEN_ID = /^C-\d{4,9}$/;
/** An official's id: the third part of a staff token's `sub` (`staff:transport:T-0042`). */
export const OFFICIAL_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const STAFF_SUB = /^staff:([a-z]+):(.+)$/;
/** Keys are about 70 characters (`cgk_<16 hex>_<43 base64url>`); anything much longer is not a key. */
export const MAX_API_KEY_LENGTH = 200;
const API_KEY_CHARACTERS = /^[\x21-\x7e]+$/;

export interface RequestCredentials {
  authorization?: string;
  purpose?: string;
  /** X-Justification: break-glass only. */
  justification?: string;
  /** X-End-User: partners only. */
  endUser?: string;
}

export interface Authenticator {
  authenticate(headers: RequestCredentials): Promise<Authenticated>;
}

/**
 * Turns credentials into a caller. Deny by default: a credential that is present but not valid is 401, never
 * anonymous. JWTs are verified with jose against the production JWKS or the dev issuer's keys, citizens' ID tokens
 * against the OpenID provider's JWKS; API keys by the consent service (cached for a few seconds).
 */
/** The longest a JWT may live: `exp` at most 24 hours after `iat`. */
export const MAX_TOKEN_LIFETIME_SECONDS = 24 * 3600;

/**
 * A verified token and where it came from: the hub's own issuer (staff, admins, development tokens), the city's
 * OpenID provider for the portal's client (which can only ever sign in a citizen), or the same provider for the
 * service-centre page's client (which can only ever sign in an official).
 */
interface VerifiedToken {
  payload: JWTPayload;
  source: 'hub' | 'citizen-login' | 'staff-login';
}

const audiencesOf = (aud: unknown): string[] => (Array.isArray(aud) ? aud.map(String) : typeof aud === 'string' ? [aud] : []);

export async function createAuthenticator(config: HubConfig, apiKeys: ApiKeyVerifier, departmentPurposes: DepartmentPurposes): Promise<Authenticator> {
  let keys: JWTVerifyGetKey;
  if (config.jwt.jwksUrl) keys = createRemoteJWKSet(new URL(config.jwt.jwksUrl));
  else keys = createLocalJWKSet((await ensureDevIssuerKeys(config)).jwks);
  // Citizen sign-in (docs/sign-in.md): the provider's ID token, `aud` the portal's client id. The key set is fetched
  // on first use and refetched when a token names an unknown key (the provider rotated), not per request.
  const oidc = config.oidc;
  const oidcKeys = oidc ? createRemoteJWKSet(new URL(oidc.jwksUrl)) : undefined;

  // A verified token is reused until it expires (at most a minute): signature checks cost ~60 µs a request.
  const verified = new Map<string, { until: number; token: VerifiedToken }>();
  const verify = async (token: string): Promise<VerifiedToken> => {
    const now = Date.now();
    const cached = verified.get(token);
    if (cached && cached.until > now) return cached.token;
    // The unverified issuer and audience only pick which keys and rules to verify with; jwtVerify checks them for real.
    const unverified = decodeJwt(token);
    const fromProvider = oidc !== undefined && oidcKeys !== undefined && unverified.iss === oidc.issuer;
    const source: VerifiedToken['source'] = !fromProvider ? 'hub' : audiencesOf(unverified.aud).includes(oidc.staffClientId) ? 'staff-login' : 'citizen-login';
    const client = source === 'staff-login' ? oidc!.staffClientId : oidc?.clientId;
    // Every token must expire, at most MAX_TOKEN_LIFETIME_SECONDS after it was issued (ARCHITECTURE §3): a token
    // without `exp` would be valid forever.
    const rules = { algorithms: ['EdDSA', 'ES256', 'RS256', 'PS256'], requiredClaims: ['exp', 'iat', 'sub'], maxTokenAge: MAX_TOKEN_LIFETIME_SECONDS };
    const { payload } = fromProvider
      ? await jwtVerify(token, oidcKeys, { ...rules, issuer: oidc.issuer, audience: client })
      : await jwtVerify(token, keys, { ...rules, issuer: config.jwt.issuer, audience: config.jwt.audience });
    if ((payload.exp as number) - (payload.iat as number) > MAX_TOKEN_LIFETIME_SECONDS) throw new Error('token lifetime over 24 hours');
    // OpenID Connect Core §3.1.3.7: an ID token naming an authorized party must name this client.
    if (fromProvider && payload.azp !== undefined && payload.azp !== client) throw new Error('ID token issued to another client');
    // A token for both clients at once is neither: a citizen's sign-in must never double as an official's.
    if (source === 'staff-login' && audiencesOf(payload.aud).includes(oidc!.clientId)) throw new Error('ID token for both the portal and the staff client');
    if (verified.size >= 10_000) verified.clear();
    const result = { payload, source };
    verified.set(token, { until: Math.min(now + 60_000, (payload.exp ?? 0) * 1000), token: result });
    return result;
  };

  return {
    async authenticate(credentials) {
      const { authorization, purpose } = credentials;
      if (!authorization) return { caller: { kind: 'anonymous', id: 'anonymous', roles: [], scopes: [], purpose: purposeOf(purpose, false) } };
      const [scheme, credential] = authorization.trim().split(/\s+/, 2);
      if (scheme?.toLowerCase() === 'apikey') {
        if (!credential) throw new UnauthenticatedError('Send the key as "Authorization: ApiKey <key>".');
        // Refused here, not by the consent service: a key it cannot even look up is not valid (401), not a fault (503).
        if (credential.length > MAX_API_KEY_LENGTH || !API_KEY_CHARACTERS.test(credential)) throw new UnauthenticatedError('This API key is not valid, has expired or was revoked.');
        const partner = await apiKeys.verify(credential);
        if (!partner) throw new UnauthenticatedError('This API key is not valid, has expired or was revoked.');
        const declared = purposeOf(purpose, true);
        if (!declared || !partner.partner.purposes.includes(declared)) throw new ForbiddenError(`Your organisation is not registered for the purpose ${declared}.`);
        const endUser = endUserOf(credentials.endUser);
        return { caller: { kind: 'partner', id: partner.partner.id, roles: [], scopes: partner.scopes, purpose: declared, ...(endUser ? { endUser } : {}) }, partner };
      }
      if (scheme?.toLowerCase() !== 'bearer' || !credential) throw new UnauthenticatedError('Use "Authorization: Bearer <token>" or "Authorization: ApiKey <key>".');
      let payload: JWTPayload;
      let source: VerifiedToken['source'];
      try {
        ({ payload, source } = await verify(credential));
      } catch {
        throw new UnauthenticatedError('The token is not valid or has expired.');
      }
      const sub = String(payload.sub ?? '');
      // The citizens' provider signs citizens in, nothing more: roles or a staff subject in its tokens mean nothing.
      if (source === 'citizen-login') {
        if (!CITIZEN_ID.test(sub)) throw new ForbiddenError('The city login did not name a citizen.');
        return { caller: { kind: 'citizen', id: sub, roles: [], scopes: [], purpose: purposeOf(purpose, false) } };
      }
      const roles = Array.isArray(payload.roles) ? payload.roles.map(String) : [];
      // The staff client signs officials in, nothing more (docs/sign-in.md): `sub` is staff:<department>:<officialId>
      // with the same department in its `department` claim; administrators keep the hub's own issuer.
      if (source === 'staff-login') {
        const [, department = '', official = ''] = STAFF_SUB.exec(sub) ?? [];
        if (!isDepartment(department) || payload.department !== department || !OFFICIAL_ID.test(official)) throw new ForbiddenError('The city staff login did not name an official of a department.');
        if (roles.includes('admin')) throw new ForbiddenError('Administrators do not sign in with the city staff login.');
        return { caller: { kind: 'staff', id: department, department, official, roles, scopes: [], ...staffPurpose(department, roles, credentials.purpose, credentials.justification, departmentPurposes) } };
      }
      if (roles.includes('admin')) return { caller: { kind: 'admin', id: sub, roles, scopes: [], purpose: purposeOf(purpose, false) } };
      if (sub.startsWith('staff:')) {
        // Every staff request is made by a named official: `staff:<department>:<officialId>`.
        const [, department = '', official = ''] = STAFF_SUB.exec(sub) ?? [];
        if (!isDepartment(department) || (payload.department !== undefined && payload.department !== department)) throw new UnauthenticatedError('The token names an unknown department.');
        if (!OFFICIAL_ID.test(official)) throw new UnauthenticatedError('A staff token must name its official: sub is staff:<department>:<officialId>.');
        return { caller: { kind: 'staff', id: department, department, official, roles, scopes: [], ...staffPurpose(department, roles, credentials.purpose, credentials.justification, departmentPurposes) } };
      }
      if (CITIZEN_ID.test(sub)) return { caller: { kind: 'citizen', id: sub, roles, scopes: [], purpose: purposeOf(purpose, false) } };
      throw new ForbiddenError('The token does not name a citizen, staff member or administrator.');
    },
  };
}
