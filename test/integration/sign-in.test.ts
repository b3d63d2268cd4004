import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { importJWK, SignJWT } from 'jose';
import { ensureDevIssuerKeys } from '../../gateway/auth/dev-issuer.js';
import { citizenToken, graphql, startTestHub, type TestHub } from '../support/hub.js';

/**
 * Development sign-in and tokens (ARCHITECTURE §3): the dev sign-in and the explorer's embedded token answer only on
 * loopback, for a loopback `Host` (a DNS-rebinding page sends its own name); every JWT must expire within 24 hours.
 */
let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub({ citizens: 20, sensors: 200 });
});
afterAll(async () => {
  await hub?.close();
});

interface Raw {
  status: number;
  text: string;
}

/** A request with a chosen `Host` header (fetch would not let us set it). */
function request(path: string, host: string, options: { method?: string; body?: string; headers?: Record<string, string> } = {}): Promise<Raw> {
  const { port } = new URL(hub.url);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: { host, ...options.headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

const signIn = (host: string) =>
  request('/portal/dev-sign-in', host, { method: 'POST', body: JSON.stringify({ citizenId: 'C-0001' }), headers: { 'content-type': 'application/json' } });

async function devToken(claims: { exp?: number; iat?: number }): Promise<string> {
  const { privateJwk } = await ensureDevIssuerKeys(hub.config);
  const jwt = new SignJWT({ roles: [] })
    .setProtectedHeader({ alg: 'EdDSA', kid: privateJwk.kid })
    .setSubject('C-0001')
    .setIssuer(hub.config.jwt.issuer)
    .setAudience(hub.config.jwt.audience);
  if (claims.iat !== undefined) jwt.setIssuedAt(claims.iat);
  if (claims.exp !== undefined) jwt.setExpirationTime(claims.exp);
  return jwt.sign(await importJWK(privateJwk, 'EdDSA'));
}

describe('development sign-in', () => {
  it.each(['localhost:4000', '127.0.0.1', '[::1]:4000', 'LOCALHOST'])('issues a working token when asked as %s', async (host) => {
    const answer = await signIn(host);
    expect(answer.status).toBe(200);
    const { token } = JSON.parse(answer.text) as { token: string };
    expect((await graphql(hub, '{ me { id } }', {}, { token })).body.data).toEqual({ me: { id: 'C-0001' } });
  });

  it.each(['evil.example', 'evil.example:4000', 'localhost.evil.example', '127.0.0.1.nip.io'])('refuses, 403 FORBIDDEN with no token, a request whose Host is %j', async (host) => {
    const answer = await signIn(host);
    expect(answer.status).toBe(403);
    expect(JSON.parse(answer.text).errors[0].extensions.code).toBe('FORBIDDEN');
    expect(answer.text).not.toMatch(/eyJ/);
  });

  it('tells the portal the dev sign-in is off for a rebinding Host', async () => {
    expect(JSON.parse((await request('/portal/sign-in-options', 'evil.example')).text).devSignIn).toBe(false);
    expect(JSON.parse((await request('/portal/sign-in-options', 'localhost:4000')).text).devSignIn).toBe(true);
  });
});

describe("the explorer's embedded token", () => {
  it('is in the page for a loopback Host and absent for any other', async () => {
    const local = await request('/graphql', 'localhost:4000', { headers: { accept: 'text/html' } });
    const rebound = await request('/graphql', 'evil.example:4000', { headers: { accept: 'text/html' } });
    expect(local.status).toBe(200);
    expect(local.text).toMatch(/Bearer eyJ/);
    expect(rebound.status).toBe(200);
    expect(rebound.text).not.toMatch(/eyJ[\w-]+\.[\w-]+\./);
    expect(rebound.text).toContain('Bearer <your token>');
  });
});

describe('token lifetime', () => {
  const now = () => Math.floor(Date.now() / 1000);

  it('accepts a token that expires within 24 hours of issue', async () => {
    const token = await devToken({ iat: now(), exp: now() + 3600 });
    expect((await graphql(hub, '{ me { id } }', {}, { token })).body.data).toEqual({ me: { id: 'C-0001' } });
    expect((await graphql(hub, '{ me { id } }', {}, { token: await citizenToken(hub, 'C-0001') })).status).toBe(200);
  });

  it('refuses, 401 UNAUTHENTICATED, a token without exp', async () => {
    const answer = await graphql(hub, '{ me { id } }', {}, { token: await devToken({ iat: now() }) });
    expect(answer.status).toBe(401);
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('refuses, 401 UNAUTHENTICATED, a token that lives longer than 24 hours', async () => {
    const answer = await graphql(hub, '{ me { id } }', {}, { token: await devToken({ iat: now(), exp: now() + 24 * 3600 + 60 }) });
    expect(answer.status).toBe(401);
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('refuses, 401 UNAUTHENTICATED, a token without iat', async () => {
    const answer = await graphql(hub, '{ me { id } }', {}, { token: await devToken({ exp: now() + 600 }) });
    expect(answer.status).toBe(401);
  });
});
