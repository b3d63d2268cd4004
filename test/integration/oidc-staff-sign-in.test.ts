import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { decodeJwt, importJWK, SignJWT, type JWK } from 'jose';
import { DEMO_PASSWORD, DEMO_STAFF_PASSWORD, devRedirectUris, devStaffRedirectUris, type DevIdentityProvider } from '../../bin/lib/dev-identity-provider.js';
import { citizenToken, graphql, type TestHub } from '../support/hub.js';
import { startHubWithIdentityProvider } from '../support/identity-provider.js';
import { CookieBrowser } from '../support/cookie-browser.js';

/**
 * Staff sign-in for real (docs/sign-in.md, "Staff sign-in"): the service-centre page's own client at the city's
 * OpenID provider, authorization code + PKCE like the citizens' sign-in, against the development provider over HTTP.
 * A demo official's ID token names `staff:<department>:<officialId>` with `department` and `roles` claims, and the
 * gateway maps it to the staff principal of ARCHITECTURE §3: the official appears in the citizen's access log.
 */
let hub: TestHub;
let provider: DevIdentityProvider;

beforeAll(async () => {
  ({ hub, provider } = await startHubWithIdentityProvider(20));
}, 180_000);
afterAll(async () => {
  await provider?.close();
  await hub?.close();
});

async function discovery(): Promise<{ authorization_endpoint: string; token_endpoint: string }> {
  return (await (await fetch(`${provider.issuer}/.well-known/openid-configuration`)).json()) as { authorization_endpoint: string; token_endpoint: string };
}

/** The whole code + PKCE flow for one client and one login; answers the ID token, or null when no code came back. */
async function signIn(client: 'staff' | 'portal', login: string, password: string): Promise<{ idToken: string | null; page: string }> {
  const browser = new CookieBrowser(provider.issuer);
  const { authorization_endpoint, token_endpoint } = await discovery();
  const clientId = client === 'staff' ? hub.config.oidc!.staffClientId : hub.config.oidc!.clientId;
  const redirectUri = (client === 'staff' ? devStaffRedirectUris(hub.config) : devRedirectUris(hub.config))[0]!;
  const verifier = randomBytes(32).toString('base64url');
  const state = randomBytes(16).toString('base64url');
  const url = new URL(authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: redirectUri,
    scope: client === 'staff' ? 'openid staff' : 'openid',
    state,
    nonce: randomBytes(16).toString('base64url'),
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  }).toString();
  const { response, url: formPage } = await browser.follow(url.toString());
  const html = await response.text();
  const action = /<form[^>]*action="([^"]+)"/.exec(html)![1]!;
  const submitted = await browser.follow(new URL(action, formPage).toString(), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ login, password }).toString() });
  if (!submitted.url.startsWith(redirectUri)) return { idToken: null, page: html };
  const back = new URL(submitted.url);
  expect(back.searchParams.get('state')).toBe(state);
  const token = await fetch(token_endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', code: back.searchParams.get('code')!, redirect_uri: redirectUri, client_id: clientId, code_verifier: verifier }).toString(),
  });
  expect(token.status).toBe(200);
  return { idToken: ((await token.json()) as { id_token: string }).id_token, page: html };
}

describe('staff sign-in with the city login', () => {
  it('signs a demo official in with code + PKCE; the ID token names staff:<department>:<official> with department and roles', async () => {
    const { idToken, page } = await signIn('staff', 't-0042', DEMO_STAFF_PASSWORD);
    expect(page).toContain('Official id');
    expect(decodeJwt(idToken!)).toMatchObject({ iss: provider.issuer, aud: hub.config.oidc!.staffClientId, sub: 'staff:transport:T-0042', department: 'transport', roles: ['staff'] });
  });

  it('the gateway accepts it as that official of transport: the citizen’s access log names T-0042', async () => {
    const { idToken } = await signIn('staff', 'T-0042', DEMO_STAFF_PASSWORD);
    const read = await graphql(hub, '{ citizen(id: "C-0005") { savedPlaces { label } } }', {}, { token: idToken!, purpose: 'SERVICE_DELIVERY' });
    expect(read.status).toBe(200);
    const log = await graphql(hub, '{ me { accessLog(first: 5) { edges { node { principal { kind id official } purpose } } } } }', {}, { token: await citizenToken(hub, 'C-0005') });
    expect(log.body.data!.me.accessLog.edges.map((e: any) => e.node)).toContainEqual({ principal: { kind: 'STAFF', id: 'transport', official: 'T-0042' }, purpose: 'SERVICE_DELIVERY' });
    // Only for its department's purposes, as any staff token.
    const other = await graphql(hub, '{ citizen(id: "C-0005") { id } }', {}, { token: idToken!, purpose: 'PUBLIC_HEALTH' });
    expect(other.status).toBe(403);
  });

  it('keeps the two clients apart: no citizen signs in at the staff client, no official at the portal’s', async () => {
    expect((await signIn('staff', 'C-0001', DEMO_PASSWORD)).idToken).toBeNull();
    expect((await signIn('staff', 'C-0001', DEMO_STAFF_PASSWORD)).idToken).toBeNull();
    expect((await signIn('staff', 'T-9999', DEMO_STAFF_PASSWORD)).idToken).toBeNull();
    expect((await signIn('staff', 'T-0042', 'wrong')).idToken).toBeNull();
    expect((await signIn('portal', 'T-0042', DEMO_STAFF_PASSWORD)).idToken).toBeNull();
  });

  /** A token signed with the provider's own key, with claims no honest sign-in produces. */
  async function providerSigned(claims: Record<string, unknown>, audience: string | string[]): Promise<string> {
    const { keys } = JSON.parse(fs.readFileSync(path.join(hub.config.dataDir, 'keys', 'oidc-provider.jwks.json'), 'utf8')) as { keys: JWK[] };
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: keys[0]!.kid! }).setIssuer(provider.issuer).setAudience(audience).setIssuedAt(now).setExpirationTime(now + 600).sign(await importJWK(keys[0]!, 'RS256'));
  }

  it('refuses staff-client tokens that do not name an official of a department, claim admin, or are also for the portal', async () => {
    const staff = hub.config.oidc!.staffClientId;
    const cases: Array<[string, Record<string, unknown>, string | string[], number]> = [
      ['a citizen subject', { sub: 'C-0001' }, staff, 403],
      ['no department claim', { sub: 'staff:transport:T-0042', roles: ['staff'] }, staff, 403],
      ['another department claimed', { sub: 'staff:transport:T-0042', department: 'health', roles: ['staff'] }, staff, 403],
      ['an admin', { sub: 'staff:transport:T-0042', department: 'transport', roles: ['staff', 'admin'] }, staff, 403],
      ['both clients', { sub: 'staff:transport:T-0042', department: 'transport', roles: ['staff'] }, [staff, hub.config.oidc!.clientId], 401],
    ];
    for (const [what, claims, audience, status] of cases) {
      const answer = await graphql(hub, '{ citizen(id: "C-0001") { id } }', {}, { token: await providerSigned(claims, audience), purpose: 'SERVICE_DELIVERY' });
      expect({ what, status: answer.status }).toEqual({ what, status });
    }
    // The same claims, honestly shaped, are the official.
    const ok = await graphql(hub, '{ citizen(id: "C-0001") { id } }', {}, { token: await providerSigned({ sub: 'staff:transport:T-0043', department: 'transport', roles: ['staff'] }, staff), purpose: 'SERVICE_DELIVERY' });
    expect(ok.status).toBe(200);
  });
});
