import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { decodeJwt, exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';
import { DEMO_PASSWORD, devRedirectUris, type DevIdentityProvider } from '../../bin/lib/dev-identity-provider.js';
import { graphql, type TestHub } from '../support/hub.js';
import { startHubWithIdentityProvider } from '../support/identity-provider.js';
import { CookieBrowser } from '../support/cookie-browser.js';

/**
 * Citizen sign-in for real (ARCHITECTURE §3, §7; docs/sign-in.md): OpenID Connect authorization code + PKCE against
 * the development provider (oidc-provider, over HTTP, its own login form), and the gateway accepting the resulting
 * ID token for `me`. No browser: every redirect is followed by hand, with the provider's cookies, as a browser would.
 */
let hub: TestHub;
let provider: DevIdentityProvider;
let issuer: string;


beforeAll(async () => {
  ({ hub, provider } = await startHubWithIdentityProvider(20));
  issuer = provider.issuer;
});
afterAll(async () => {
  await provider?.close();
  await hub?.close();
});

const base64url = (bytes: Buffer) => bytes.toString('base64url');

interface Discovery {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  jwks_uri: string;
  code_challenge_methods_supported: string[];
}

async function discover(): Promise<Discovery> {
  const response = await fetch(`${issuer}/.well-known/openid-configuration`);
  expect(response.status).toBe(200);
  return (await response.json()) as Discovery;
}

/** Starts the flow as the portal does: a PKCE verifier, state and nonce, and the authorization request. */
async function authorize(browser: CookieBrowser, discovery: Discovery) {
  const verifier = base64url(randomBytes(32));
  const state = base64url(randomBytes(16));
  const nonce = base64url(randomBytes(16));
  const redirectUri = devRedirectUris(hub.config)[0]!;
  const url = new URL(discovery.authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: hub.config.oidc!.clientId,
    redirect_uri: redirectUri,
    scope: 'openid',
    state,
    nonce,
    code_challenge: base64url(createHash('sha256').update(verifier).digest()),
    code_challenge_method: 'S256',
  }).toString();
  const { response, url: page } = await browser.follow(url.toString());
  expect(response.status).toBe(200);
  const html = await response.text();
  const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
  expect(action).toMatch(/^\/interaction\/[\w-]+\/login$/);
  return { verifier, state, nonce, redirectUri, loginForm: new URL(action!, page).toString(), html };
}

async function submitLogin(browser: CookieBrowser, form: string, login: string, password: string) {
  return browser.follow(form, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ login, password }).toString() });
}

async function exchange(discovery: Discovery, code: string, redirectUri: string, verifier: string | undefined) {
  const response = await fetch(discovery.token_endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, client_id: hub.config.oidc!.clientId, ...(verifier ? { code_verifier: verifier } : {}) }).toString(),
  });
  return { status: response.status, body: (await response.json()) as { id_token?: string; error?: string } };
}

/** The whole flow for one citizen: the ID token the portal would keep. */
async function signIn(login: string): Promise<string> {
  const browser = new CookieBrowser(issuer);
  const discovery = await discover();
  const started = await authorize(browser, discovery);
  const { url } = await submitLogin(browser, started.loginForm, login, DEMO_PASSWORD);
  const back = new URL(url);
  const token = await exchange(discovery, back.searchParams.get('code')!, started.redirectUri, started.verifier);
  expect(token.status).toBe(200);
  return token.body.id_token!;
}

describe('the development identity provider', () => {
  it('publishes its OpenID configuration at http://localhost:<port>, code flow with S256 PKCE only', async () => {
    const discovery = await discover();
    expect(discovery.issuer).toBe(`http://localhost:${hub.config.devIdentityPort}`);
    expect(discovery.code_challenge_methods_supported).toEqual(['S256']);
  });

  it('signs a demo citizen in with code + PKCE, and the gateway answers `me` with the ID token', async () => {
    const browser = new CookieBrowser(issuer);
    const discovery = await discover();
    const started = await authorize(browser, discovery);
    const { response, url } = await submitLogin(browser, started.loginForm, 'c-0003', DEMO_PASSWORD);
    expect(response.status).toBe(303);
    const back = new URL(url);
    expect(`${back.origin}${back.pathname}`).toBe(started.redirectUri);
    expect(back.searchParams.get('state')).toBe(started.state);
    expect(back.searchParams.get('iss')).toBe(issuer);
    const token = await exchange(discovery, back.searchParams.get('code')!, started.redirectUri, started.verifier);
    expect(token.status).toBe(200);
    const claims = decodeJwt(token.body.id_token!);
    expect(claims).toMatchObject({ iss: issuer, aud: hub.config.oidc!.clientId, sub: 'C-0003', nonce: started.nonce });
    expect(claims.exp! - claims.iat!).toBeLessThanOrEqual(24 * 3600);

    const me = await graphql(hub, '{ me { id } }', {}, { token: token.body.id_token! });
    expect(me.status).toBe(200);
    expect(me.body.data).toEqual({ me: { id: 'C-0003' } });
  });

  it('refuses a wrong password and a citizen number the seed never made, on its form, with no code', async () => {
    for (const [login, password] of [['C-0001', 'wrong'], ['C-0999', DEMO_PASSWORD], ['staff:health:x', DEMO_PASSWORD]] as const) {
      const browser = new CookieBrowser(issuer);
      const started = await authorize(browser, await discover());
      const { response, url } = await submitLogin(browser, started.loginForm, login, password);
      expect({ login, status: response.status, leftForThePortal: url.startsWith(started.redirectUri) }).toEqual({ login, status: 200, leftForThePortal: false });
      expect(await response.text()).toContain('not right');
    }
  });

  it('will not exchange a code without its PKCE verifier, or with another one', async () => {
    const discovery = await discover();
    for (const verifier of [undefined, base64url(randomBytes(32))]) {
      const browser = new CookieBrowser(issuer);
      const started = await authorize(browser, discovery);
      const { url } = await submitLogin(browser, started.loginForm, 'C-0001', DEMO_PASSWORD);
      const token = await exchange(discovery, new URL(url).searchParams.get('code')!, started.redirectUri, verifier);
      expect({ verifier: verifier ?? 'none', status: token.status, error: token.body.error, idToken: token.body.id_token }).toEqual({ verifier: verifier ?? 'none', status: 400, error: 'invalid_grant', idToken: undefined });
    }
  });

  it('lets the portal (its origin) call the token endpoint from the browser (CORS)', async () => {
    const portalOrigin = new URL(devRedirectUris(hub.config)[0]!).origin;
    const { token_endpoint } = await discover();
    const preflight = await fetch(token_endpoint, { method: 'OPTIONS', headers: { origin: portalOrigin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });
    expect(preflight.headers.get('access-control-allow-origin')).toBe(portalOrigin);
  });
});

describe('the gateway and the citizens’ provider', () => {
  it('accepts the provider’s ID token as that citizen, whoever asks (two citizens, two tokens)', async () => {
    for (const id of ['C-0001', 'C-0002']) expect((await graphql(hub, '{ me { id } }', {}, { token: await signIn(id) })).body.data).toEqual({ me: { id } });
  });

  it('refuses, 401 UNAUTHENTICATED, a token claiming the provider’s issuer but signed by another key, and one for another client', async () => {
    const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
    const kid = (await exportJWK(publicKey)).n!.slice(0, 8);
    const now = Math.floor(Date.now() / 1000);
    const forged = await new SignJWT({}).setProtectedHeader({ alg: 'RS256', kid }).setIssuer(issuer).setAudience(hub.config.oidc!.clientId).setSubject('C-0001').setIssuedAt(now).setExpirationTime(now + 600).sign(privateKey);
    const genuine = await signIn('C-0001');
    const payload = decodeJwt(genuine);
    // A genuine token's claims with a changed audience: the signature no longer matches, and the audience is wrong.
    const [header, , signature] = genuine.split('.');
    const otherClient = `${header}.${Buffer.from(JSON.stringify({ ...payload, aud: 'another-app' })).toString('base64url')}.${signature}`;
    for (const token of [forged, otherClient]) {
      const answer = await graphql(hub, '{ me { id } }', {}, { token });
      expect(answer.status).toBe(401);
      expect(answer.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
  });

  /** A token signed with the provider's own key (read from its key file), with claims no honest sign-in produces. */
  async function providerSigned(claims: { sub: string; roles?: string[]; lifetime: number }): Promise<string> {
    const { keys } = JSON.parse(fs.readFileSync(path.join(hub.config.dataDir, 'keys', 'oidc-provider.jwks.json'), 'utf8')) as { keys: JWK[] };
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT(claims.roles ? { roles: claims.roles } : {})
      .setProtectedHeader({ alg: 'RS256', kid: keys[0]!.kid! })
      .setIssuer(issuer)
      .setAudience(hub.config.oidc!.clientId)
      .setSubject(claims.sub)
      .setIssuedAt(now)
      .setExpirationTime(now + claims.lifetime)
      .sign(await importJWK(keys[0]!, 'RS256'));
  }

  it('signs in citizens only: a provider token naming staff or claiming admin is 403 FORBIDDEN, never staff or admin', async () => {
    expect((await graphql(hub, '{ me { id } }', {}, { token: await providerSigned({ sub: 'C-0001', lifetime: 600 }) })).body.data).toEqual({ me: { id: 'C-0001' } });
    for (const claims of [{ sub: 'staff:health:h-1', lifetime: 600 }, { sub: 'admin-1', roles: ['admin'], lifetime: 600 }]) {
      const answer = await graphql(hub, '{ me { id } }', {}, { token: await providerSigned(claims), purpose: 'PUBLIC_HEALTH' });
      expect({ sub: claims.sub, status: answer.status, code: answer.body.errors?.[0]?.extensions?.code }).toEqual({ sub: claims.sub, status: 403, code: 'FORBIDDEN' });
    }
    // A citizen token from the provider claiming admin is the citizen, nothing more.
    const citizenAdmin = await graphql(hub, '{ me { id } }', {}, { token: await providerSigned({ sub: 'C-0002', roles: ['admin'], lifetime: 600 }) });
    expect(citizenAdmin.body.data).toEqual({ me: { id: 'C-0002' } });
  });

  it('refuses, 401 UNAUTHENTICATED, a provider token that lives longer than 24 hours', async () => {
    const answer = await graphql(hub, '{ me { id } }', {}, { token: await providerSigned({ sub: 'C-0001', lifetime: 24 * 3600 + 60 }) });
    expect(answer.status).toBe(401);
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
