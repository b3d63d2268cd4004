import { PortalError } from './api.js';

/**
 * Signing in with the city login: OpenID Connect authorization code + PKCE (RFC 7636), run in the browser, the
 * portal being a public client that can keep no secret. The verifier, state and nonce wait in this tab's session
 * storage while the citizen is at the city login; the ID token that comes back is what the gateway accepts.
 * The provider's address and the client id come from the gateway (`/portal/sign-in-options`), the endpoints from the
 * provider's own discovery document: any standards-compliant provider works.
 */
const PENDING_KEY = 'citygraph.portal.oidc';

const base64url = (bytes) => btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const random = () => base64url(crypto.getRandomValues(new Uint8Array(32)));

/** Where the city login sends the citizen back: this sign-in page, on whichever address the portal was opened. */
export function redirectUri() {
  return `${location.origin}/portal/sign-in`;
}

async function discover(issuer) {
  let response;
  try {
    response = await fetch(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`);
  } catch {
    throw new PortalError('NETWORK');
  }
  if (!response.ok) throw new PortalError('SIGN_IN_FAILED');
  const metadata = await response.json();
  // OpenID Connect Discovery §4.3: the document must name the issuer it was asked for.
  if (metadata.issuer !== issuer) throw new PortalError('SIGN_IN_FAILED');
  return metadata;
}

/**
 * Leaves for the city login. The portal signs citizens in with its own client, scope `openid`, back to this sign-in
 * page; the service-centre desk passes its staff client, scope `openid staff`, its own page and its own pending key.
 */
export async function startSignIn({ issuer, clientId }, { scope = 'openid', redirect = redirectUri(), pendingKey = PENDING_KEY } = {}) {
  const metadata = await discover(issuer);
  const verifier = random();
  const pending = { issuer, clientId, verifier, state: random(), nonce: random(), tokenEndpoint: metadata.token_endpoint, endSessionEndpoint: metadata.end_session_endpoint ?? null };
  sessionStorage.setItem(pendingKey, JSON.stringify(pending));
  const challenge = base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  const url = new URL(metadata.authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: redirect,
    scope,
    // Always ask for the password: signing out ends the provider's session where the provider offers RP-Initiated
    // Logout, but a citizen may close the tab without signing out, and on a shared computer the next person must not
    // be signed in as the last one.
    prompt: 'login',
    state: pending.state,
    nonce: pending.nonce,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString();
  location.assign(url.toString());
}

/** Whether this page load is the city login sending the citizen back (with a code, or with an error). */
export function isReturnFromSignIn() {
  const params = new URLSearchParams(location.search);
  return params.has('state') && (params.has('code') || params.has('error'));
}

function claimsOf(idToken) {
  const part = idToken.split('.')[1] ?? '';
  const json = decodeURIComponent(
    Array.from(atob(part.replace(/-/g, '+').replace(/_/g, '/')), (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`).join(''),
  );
  return JSON.parse(json);
}

/**
 * Finishes the sign-in: checks the state (this tab started it), exchanges the code with the verifier, and checks the
 * ID token is for this client, from this issuer, for this sign-in (nonce). The gateway verifies its signature on
 * every request; the browser received it straight from the provider's token endpoint.
 */
export async function finishSignIn({ redirect = redirectUri(), pendingKey = PENDING_KEY } = {}) {
  const params = new URLSearchParams(location.search);
  const pending = JSON.parse(sessionStorage.getItem(pendingKey) ?? 'null');
  sessionStorage.removeItem(pendingKey);
  // The code must not stay in the address bar or the history.
  history.replaceState(null, '', location.pathname);
  if (!pending || params.get('state') !== pending.state) throw new PortalError('SIGN_IN_FAILED');
  if (params.has('error')) throw new PortalError(params.get('error') === 'access_denied' ? 'SIGN_IN_CANCELLED' : 'SIGN_IN_FAILED');
  // RFC 9207: when the provider names itself in the response, it must be the one the citizen was sent to.
  if (params.has('iss') && params.get('iss') !== pending.issuer) throw new PortalError('SIGN_IN_FAILED');
  let response;
  try {
    response = await fetch(pending.tokenEndpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: params.get('code'),
        redirect_uri: redirect,
        client_id: pending.clientId,
        code_verifier: pending.verifier,
      }).toString(),
    });
  } catch {
    throw new PortalError('NETWORK');
  }
  const body = await response.json().catch(() => null);
  if (!response.ok || typeof body?.id_token !== 'string') throw new PortalError('SIGN_IN_FAILED');
  const claims = claimsOf(body.id_token);
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (claims.iss !== pending.issuer || !audiences.includes(pending.clientId) || claims.nonce !== pending.nonce || typeof claims.sub !== 'string') {
    throw new PortalError('SIGN_IN_FAILED');
  }
  const endSession = typeof pending.endSessionEndpoint === 'string' ? { endpoint: pending.endSessionEndpoint, clientId: pending.clientId } : undefined;
  return { token: body.id_token, citizenId: claims.sub, ...(endSession ? { endSession } : {}) };
}

/**
 * OpenID Connect RP-Initiated Logout 1.0: where the city login ends its own session, then sends the citizen back to
 * the sign-in page. Null when the session did not come from a provider that offers it.
 */
export function endSessionUrl(session, language) {
  if (!session?.endSession?.endpoint) return null;
  const url = new URL(session.endSession.endpoint);
  url.search = new URLSearchParams({
    id_token_hint: session.token,
    client_id: session.endSession.clientId,
    post_logout_redirect_uri: redirectUri(),
    ui_locales: language === 'zh-Hans' ? 'zh-Hans' : 'en',
  }).toString();
  return url.toString();
}
