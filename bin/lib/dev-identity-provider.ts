import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import Provider, { type Account, type ClientMetadata, type LogoutContext } from 'oidc-provider';
import type { HubConfig } from '../../platform/config.js';
import { BodyTooLargeError, readBody } from '../../platform/http.js';
import type { Logger } from '../../platform/logger.js';
import type { Department } from '../../platform/services.js';
import { citizenId } from '../../seed/demo-layout.js';

/**
 * The development identity provider (ARCHITECTURE §7, docs/sign-in.md): oidc-provider, a certified OpenID Provider
 * library, on `http://localhost:<HUB_PORT_IDENTITY>`, with the seed's citizens as its accounts. It stands in for the
 * city's real provider, so the portal and the gateway run the same code + PKCE flow and token checks in development
 * as in production; only this process, its accounts and its login form are for development.
 *
 * It holds nothing of the hub's: no root, no data key, no access to a store. It knows how many citizens the seed
 * made and signs ID tokens with its own key, kept in `<dataDir>/keys/oidc-provider.jwks.json` so that a restart
 * does not sign everyone out.
 */

/** Every demo citizen's password. A development provider only: it refuses to start in production. */
export const DEMO_PASSWORD = 'citygraph-demo';
/** The demo officials' password, for the service-centre page's staff client. */
export const DEMO_STAFF_PASSWORD = 'citygraph-staff-demo';
/**
 * Demo officials (ARCHITECTURE §3): their login is the official id; their ID token's `sub` is
 * `staff:<department>:<officialId>`, with `department` and `roles` claims, which the gateway maps to the staff principal.
 */
export const DEMO_OFFICIALS: Readonly<Record<string, { department: Department; roles: string[] }>> = {
  'T-0042': { department: 'transport', roles: ['staff'] },
  'T-0043': { department: 'transport', roles: ['staff'] },
};
/** ID tokens last a working day: well under the gateway's 24-hour cap, and nobody is hurried. */
export const DEV_ID_TOKEN_TTL_SECONDS = 12 * 3600;

const LOGIN_BODY_LIMIT = 4 * 1024;
const INTERACTION = /^\/interaction\/([A-Za-z0-9_-]{1,64})(\/login)?$/;

export interface DevIdentityProvider {
  issuer: string;
  close(): Promise<void>;
}

/** The portal's sign-in page receives the code, wherever the browser reached the gateway on loopback. */
export function devRedirectUris(config: HubConfig): string[] {
  return ['localhost', '127.0.0.1'].map((host) => `http://${host}:${config.ports.gateway}/portal/sign-in`);
}

async function signingKeys(config: HubConfig): Promise<{ keys: JWK[] }> {
  const file = path.join(config.dataDir, 'keys', 'oidc-provider.jwks.json');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    // RS256: the algorithm every OpenID relying party supports, and oidc-provider's default for ID tokens.
    const { privateKey } = await generateKeyPair('RS256', { extractable: true, modulusLength: 2048 });
    const jwk = { ...(await exportJWK(privateKey)), alg: 'RS256', use: 'sig', kid: `dev-oidc-${Date.now().toString(36)}` };
    try {
      fs.writeFileSync(file, JSON.stringify({ keys: [jwk] }), { flag: 'wx', mode: 0o600 });
    } catch (error) {
      // Another start wrote it first: use that one.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return JSON.parse(fs.readFileSync(file, 'utf8')) as { keys: JWK[] };
}

/** The service-centre page receives the staff client's code, wherever the browser reached the gateway on loopback. */
export function devStaffRedirectUris(config: HubConfig): string[] {
  return ['localhost', '127.0.0.1'].map((host) => `http://${host}:${config.ports.gateway}/portal/service-centre`);
}

/** A demo official's account id (their subject) from the official id typed at the login form. */
function officialAccountOf(login: string): string | undefined {
  const id = login.trim().toUpperCase();
  const official = Object.hasOwn(DEMO_OFFICIALS, id) ? DEMO_OFFICIALS[id] : undefined;
  return official ? `staff:${official.department}:${id}` : undefined;
}

/** A demo citizen's account: `C-0001` up to the seed's last citizen, written as the seed writes it. */
function accountOf(config: HubConfig, login: string): string | undefined {
  const match = /^C-(\d{4,9})$/.exec(login.trim().toUpperCase());
  if (!match) return undefined;
  const index = Number(match[1]) - 1;
  return index >= 0 && index < config.seed.citizens && citizenId(index) === match[0] ? match[0] : undefined;
}

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The login form, in both of the city's languages, to the portal's standards (20 px text, 52 px targets). */
function loginPage(uid: string, options: { login?: string; failed?: boolean; staff?: boolean } = {}): string {
  const who = options.staff
    ? { en: 'Official id', zh: '工作人员编号', password: DEMO_STAFF_PASSWORD, people: 'demo official (T-0042, T-0043)', peopleZh: '演示工作人员（T-0042、T-0043）' }
    : { en: 'Citizen number', zh: '市民编号', password: DEMO_PASSWORD, people: 'demo citizen', peopleZh: '演示市民' };
  const error = options.failed
    ? `<p id="login-error" class="error" role="alert">The ${who.en.toLowerCase()} or password is not right. <span lang="zh-Hans">${who.zh}或密码不正确。</span></p>`
    : '';
  const describedBy = options.failed ? ' aria-describedby="login-error" aria-invalid="true"' : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>City login (development) · 城市统一登录（开发）</title>
<style>
body { font: 20px/1.5 system-ui, sans-serif; max-width: 36rem; margin: 2rem auto; padding: 0 1rem; color: #1a1a1a; }
label { display: block; font-weight: 600; margin-top: 1rem; }
input, button { font: inherit; min-height: 52px; width: 100%; box-sizing: border-box; margin-top: .25rem; }
input { border: 2px solid #444; padding: 0 .5rem; }
button { background: #0b4f8a; color: #fff; border: 0; margin-top: 1.5rem; cursor: pointer; }
:focus-visible { outline: 3px solid #b35900; outline-offset: 2px; }
.error { color: #a00000; font-weight: 600; }
.note { background: #fff4d6; padding: .5rem 1rem; }
</style>
</head>
<body>
<main>
<h1>City login <span lang="zh-Hans">城市统一登录</span></h1>
<p class="note">Development server: every ${who.people}'s password is <code>${who.password}</code>. <span lang="zh-Hans">开发服务器：所有${who.peopleZh}的密码都是 <code>${who.password}</code>。</span></p>
${error}
<form method="post" action="/interaction/${escape(uid)}/login" autocomplete="off">
<label for="login">${who.en} <span lang="zh-Hans">${who.zh}</span></label>
<input id="login" name="login" type="text" required autocapitalize="characters" spellcheck="false" value="${escape(options.login ?? '')}"${describedBy}>
<label for="password">Password <span lang="zh-Hans">密码</span></label>
<input id="password" name="password" type="password" required${describedBy}>
<button type="submit">Sign in <span lang="zh-Hans">登录</span></button>
</form>
</main>
</body>
</html>`;
}

/**
 * Browsers apply `form-action` to the redirects that follow a form post too: the login's answer goes back to the
 * portal (with the code), so the portal's origins are allowed beside this one.
 */
function sendHtml(res: http.ServerResponse, status: number, html: string, portalOrigins: string[]): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'content-security-policy': `default-src 'none'; style-src 'unsafe-inline'; form-action 'self' ${portalOrigins.join(' ')}; frame-ancestors 'none'; base-uri 'none'`,
  });
  res.end(html);
}

/**
 * RP-Initiated Logout's confirmation step (the library's `logoutSource`): the citizen already pressed "Sign out" in
 * the portal, so the form (the library's, with its CSRF token) is sent at once with `logout=yes`, which ends this
 * provider's session; without scripts the same form shows one large button. Both languages. `form-action` covers
 * the redirect back to the portal that follows the post, so the portal's origins are allowed beside this one.
 */
const logoutSourceFor = (portalOrigins: string[]) => async (ctx: LogoutContext, form: string): Promise<void> => {
  const nonce = randomBytes(16).toString('base64');
  const confirmed = form.replace('</form>', '<input type="hidden" name="logout" value="yes"></form>');
  ctx.set('content-security-policy', `default-src 'none'; style-src 'unsafe-inline'; script-src 'nonce-${nonce}'; form-action 'self' ${portalOrigins.join(' ')}; frame-ancestors 'none'; base-uri 'none'`);
  ctx.type = 'html';
  ctx.body = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Signing out · 正在退出</title>
<style>body { font: 20px/1.5 system-ui, sans-serif; max-width: 36rem; margin: 2rem auto; padding: 0 1rem; } button { font: inherit; min-height: 52px; width: 100%; background: #0b4f8a; color: #fff; border: 0; }</style>
</head>
<body><main><h1>Signing you out of the city login <span lang="zh-Hans">正在退出城市统一登录</span></h1>
${confirmed}
<button type="submit" form="op.logoutForm">Finish signing out <span lang="zh-Hans">完成退出</span></button>
</main><script nonce="${nonce}">document.getElementById('op.logoutForm').submit();</script></body>
</html>`;
};

/** Shown only when a logout names no way back to the portal. */
async function postLogoutSuccessSource(ctx: LogoutContext): Promise<void> {
  ctx.type = 'html';
  ctx.body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Signed out · 已退出</title></head><body><main><h1>You are signed out of the city login. <span lang="zh-Hans">您已退出城市统一登录。</span></h1></main></body></html>`;
}

export async function startDevIdentityProvider(config: HubConfig, logger: Logger): Promise<DevIdentityProvider> {
  if (config.env === 'production' || !config.oidc?.devProvider) {
    throw new Error('The development identity provider runs only in development, when HUB_OIDC_ISSUER names no other provider.');
  }
  const { issuer, clientId, staffClientId } = config.oidc;
  // The service-centre page's client: officials sign in, to the same standard (public client, code + PKCE S256).
  const staffClient: ClientMetadata = {
    client_id: staffClientId,
    client_name: 'citygraph service centre',
    token_endpoint_auth_method: 'none',
    redirect_uris: devStaffRedirectUris(config),
    post_logout_redirect_uris: devStaffRedirectUris(config),
    response_types: ['code'],
    grant_types: ['authorization_code'],
    application_type: 'web',
  };
  const client: ClientMetadata = {
    client_id: clientId,
    client_name: 'citygraph portal',
    // A public client (the portal runs in the browser, it can keep no secret): PKCE is what binds the code to it.
    token_endpoint_auth_method: 'none',
    redirect_uris: devRedirectUris(config),
    // RP-Initiated Logout 1.0: signing out of the portal ends the session here too, then comes back to sign-in.
    post_logout_redirect_uris: devRedirectUris(config),
    response_types: ['code'],
    grant_types: ['authorization_code'],
    application_type: 'web',
  };
  const provider = new Provider(issuer, {
    clients: [client, staffClient],
    jwks: await signingKeys(config),
    // Interaction and session cookies only need to survive this process.
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    // Our own login form checks the demo credentials; the library's development form accepts any name.
    features: { devInteractions: { enabled: false }, rpInitiatedLogout: { enabled: true, logoutSource: logoutSourceFor(devRedirectUris(config).map((uri) => new URL(uri).origin)), postLogoutSuccessSource } },
    responseTypes: ['code'],
    // `staff`: the official's department and roles, which the gateway maps to the staff principal (ARCHITECTURE §3).
    scopes: ['openid', 'staff'],
    claims: { openid: ['sub'], staff: ['department', 'roles'] },
    // The ID token is all the browser keeps (no userinfo call): the granted scopes' claims go into it.
    conformIdTokenClaims: false,
    ttl: { IdToken: DEV_ID_TOKEN_TTL_SECONDS, AccessToken: 3600, AuthorizationCode: 60, Interaction: 3600, Session: 12 * 3600, Grant: 12 * 3600 },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    findAccount: async (_ctx, sub): Promise<Account | undefined> => {
      const official = /^staff:[a-z]+:(.+)$/.exec(sub);
      if (official) {
        const accountId = officialAccountOf(official[1]!);
        const claims = DEMO_OFFICIALS[official[1]!];
        return accountId === sub && claims ? { accountId, claims: () => ({ sub: accountId, department: claims.department, roles: [...claims.roles] }) } : undefined;
      }
      const accountId = accountOf(config, sub);
      return accountId ? { accountId, claims: () => ({ sub: accountId }) } : undefined;
    },
    // The library's own error page loads a web font from the internet; the hub's pages never leave the machine.
    renderError: async (ctx, out) => {
      ctx.type = 'html';
      ctx.body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign-in error</title></head><body><main><h1>Sign-in error</h1>${Object.entries(out)
        .map(([key, value]) => `<p><strong>${escape(key)}</strong>: ${escape(String(value))}</p>`)
        .join('')}</main></body></html>`;
    },
  });
  const log = logger.child({ component: 'dev-identity-provider' });
  provider.on('server_error', (_ctx, error) => log.error({ err: error }, 'identity provider error'));
  const handleProvider = provider.callback();
  const portalOrigins = [...new Set([...client.redirect_uris!, ...staffClient.redirect_uris!].map((uri) => new URL(uri).origin))];
  const page = (res: http.ServerResponse, status: number, html: string) => sendHtml(res, status, html, portalOrigins);

  async function interaction(req: http.IncomingMessage, res: http.ServerResponse, uid: string, login: boolean): Promise<void> {
    const details = await provider.interactionDetails(req, res);
    // The staff client signs in officials only, the portal citizens only: each client has its own accounts.
    const staff = details.params.client_id === staffClientId;
    if (details.uid !== uid) return page(res, 400, loginPage(details.uid, { staff }));
    if (!login) return page(res, 200, loginPage(uid, { staff }));
    if (req.method !== 'POST') return page(res, 405, loginPage(uid, { staff }));
    let form: URLSearchParams;
    try {
      form = new URLSearchParams(await readBody(req, LOGIN_BODY_LIMIT));
    } catch (error) {
      if (error instanceof BodyTooLargeError) return page(res, 413, loginPage(uid, { failed: true, staff }));
      throw error;
    }
    const typed = form.get('login') ?? '';
    const accountId = staff ? officialAccountOf(typed) : accountOf(config, typed);
    if (!accountId || form.get('password') !== (staff ? DEMO_STAFF_PASSWORD : DEMO_PASSWORD)) {
      log.info({ uid }, 'login refused');
      return page(res, 200, loginPage(uid, { login: typed, failed: true, staff }));
    }
    // The portal and the service-centre page are the city's own first-party clients: the login is the consent.
    const grant = new provider.Grant({ accountId, clientId: staff ? staffClientId : clientId });
    grant.addOIDCScope(staff ? 'openid staff' : 'openid');
    const grantId = await grant.save();
    await provider.interactionFinished(req, res, { login: { accountId }, consent: { grantId } }, { mergeWithLastSubmission: false });
  }

  const server = http.createServer((req, res) => {
    const match = INTERACTION.exec(new URL(req.url ?? '/', issuer).pathname);
    if (!match) return handleProvider(req, res);
    interaction(req, res, match[1]!, match[2] !== undefined).catch((error: unknown) => {
      // An unknown or expired interaction (its cookie gone): start again from the portal.
      log.info({ err: error }, 'interaction failed');
      if (!res.headersSent) page(res, 400, `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign-in expired</title></head><body><main><h1>This sign-in has expired.</h1><p>Go back to the portal and press “Sign in” again. <span lang="zh-Hans">请返回门户网站，再次点击“登录”。</span></p></main></body></html>`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.devIdentityPort, config.host, () => resolve());
  });
  log.info({ issuer, port: (server.address() as AddressInfo).port }, 'development identity provider listening');
  return {
    issuer,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
