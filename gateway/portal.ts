import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HubConfig } from '../platform/config.js';
import { BodyTooLargeError, errorBody, readBody, sendJson } from '../platform/http.js';
import { devTokensAllowed } from './auth/loopback-only.js';
import { issueDevToken } from './auth/dev-issuer.js';
import { simulatedCapture } from '../contracts/kiosk/demo-face.js';

/**
 * The citizen portal's routes under /portal: static assets from `portal/`, the page paths (each answered with the
 * same index.html, which renders the page its path names), the sign-in options and, in development only, the dev
 * issuer's sign-in. The portal itself talks only to the public /graphql endpoint.
 */
export const PORTAL_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../portal');

/** The portal's pages; `portal/app.js` keeps the same list. */
export const PORTAL_PAGES = ['sign-in', 'my-data', 'health-pass', 'taxi', 'consents', 'requests', 'law', 'access-log', 'notifications', 'erase-export'] as const;

const CITIZEN_ID = /^C-\d{4,9}$/;
const KIOSK_ID = /^K-\d{3,6}$/;
const OFFICIAL_ID = /^[A-Za-z][A-Za-z0-9-]{1,31}$/;
/** A kiosk's development credential lasts a working day; the kiosk page asks for a new one when it is refused. */
const KIOSK_CREDENTIAL_TTL_SECONDS = 12 * 3600;
const SIGN_IN_BODY_LIMIT = 4 * 1024;
/** A sign-in lasts a whole day so that nobody is hurried (no time limits for the people the portal is for). */
export const DEV_SIGN_IN_TTL_SECONDS = 24 * 3600;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
};

/**
 * Everything the portal loads comes from this origin: no external fonts, scripts or CDNs, no inline script, no
 * framing by other sites. The one other address it may talk to is the city login's (discovery and the token
 * endpoint of the code + PKCE flow, portal/oidc.js).
 */
function securityHeaders(config: HubConfig): Record<string, string> {
  const connect = ["'self'", ...(config.oidc ? [new URL(config.oidc.issuer).origin] : [])].join(' ');
  return {
    'content-security-policy': `default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src ${connect}; font-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
  };
}

/** The same for JSON answers and errors, which never load anything. */
const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
};

interface Asset {
  body: Buffer;
  contentType: string;
}

/**
 * Reads the portal folder once into an allow-list keyed by URL path, so that no request path is ever joined onto
 * the file system (no traversal to think about) and only known file types are served.
 */
function loadAssets(dir: string): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  const walk = (folder: string, prefix: string): void => {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const file = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(file, `${prefix}${entry.name}/`);
      const contentType = CONTENT_TYPES[path.extname(entry.name)];
      if (entry.isFile() && contentType) assets.set(`/portal/${prefix}${entry.name}`, { body: fs.readFileSync(file), contentType });
    }
  };
  if (fs.existsSync(dir)) walk(dir, '');
  return assets;
}

function sendAsset(req: IncomingMessage, res: ServerResponse, asset: Asset, cacheControl: string, headers: Record<string, string>): void {
  res.writeHead(200, { 'content-type': asset.contentType, 'content-length': asset.body.length, 'cache-control': cacheControl, ...headers });
  res.end(req.method === 'HEAD' ? undefined : asset.body);
}

function sendError(res: ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}): void {
  sendJson(res, status, errorBody(code, message), { ...SECURITY_HEADERS, ...headers });
}

/**
 * Reads a small JSON body of a development-only POST route, answering the refusal itself: production (404), off
 * loopback (403), another method (405), not JSON (400 BAD_REQUEST; requiring JSON also rules out a cross-site form
 * post, since this route never grants a CORS preflight), too large (413). Answers the parsed object (an empty one for
 * JSON that is not an object), or undefined when it answered.
 */
async function devOnlyJson(config: HubConfig, req: IncomingMessage, res: ServerResponse, what: string, example: string): Promise<unknown> {
  if (config.env === 'production') return void sendError(res, 404, 'NOT_FOUND', `${what} is not available in production.`);
  if (!devTokensAllowed(config, req)) {
    return void sendError(res, 403, 'FORBIDDEN', `${what} answers only on a loopback address, asked for as localhost, 127.0.0.1 or [::1].`);
  }
  if (req.method !== 'POST') return void sendError(res, 405, 'METHOD_NOT_ALLOWED', 'Use POST.', { allow: 'POST' });
  if (!(req.headers['content-type'] ?? '').toLowerCase().startsWith('application/json')) {
    return void sendError(res, 400, 'BAD_REQUEST', `Send JSON: ${example}.`);
  }
  let raw: string;
  try {
    raw = await readBody(req, SIGN_IN_BODY_LIMIT);
  } catch (error) {
    if (error instanceof BodyTooLargeError) return void sendError(res, 413, 'PAYLOAD_TOO_LARGE', 'The request body is larger than 4 KB.', { connection: 'close' });
    throw error;
  }
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    return void sendError(res, 400, 'BAD_REQUEST', 'The request body is not valid JSON.');
  }
  // Valid JSON of another shape (a string, a list) names nothing: each route answers that it misses its fields.
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {};
}

/** POST /portal/dev-sign-in `{"citizenId": "C-0001"}` → `{token, citizenId, expiresAt}`; development only. */
async function devSignIn(config: HubConfig, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = await devOnlyJson(config, req, res, 'The development sign-in', '{"citizenId": "C-0001"}');
  if (body === undefined) return;
  const citizenId = (body as { citizenId?: unknown }).citizenId;
  if (typeof citizenId !== 'string' || !CITIZEN_ID.test(citizenId.trim().toUpperCase())) {
    return sendError(res, 400, 'BAD_USER_INPUT', 'A citizen id looks like C-0001.');
  }
  const id = citizenId.trim().toUpperCase();
  const token = await issueDevToken(config, { sub: id }, DEV_SIGN_IN_TTL_SECONDS);
  sendJson(res, 200, { token, citizenId: id, expiresAt: new Date(Date.now() + DEV_SIGN_IN_TTL_SECONDS * 1000).toISOString() }, SECURITY_HEADERS);
}

/**
 * POST /portal/kiosk/device-sign-in `{"kioskId": "K-001"}`: in development, the kiosk device's credential, a token of
 * transport department staff whose official is the kiosk (`staff:transport:K-001`, ARCHITECTURE §3: kiosks act as
 * transport staff, each request for one purpose). In production a kiosk is given its credential when it is
 * installed, by the city's identity provider; this route does not exist there.
 */
async function kioskDeviceSignIn(config: HubConfig, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = await devOnlyJson(config, req, res, 'The development kiosk credential', '{"kioskId": "K-001"}');
  if (body === undefined) return;
  const kioskId = (body as { kioskId?: unknown }).kioskId;
  if (typeof kioskId !== 'string' || !KIOSK_ID.test(kioskId)) return sendError(res, 400, 'BAD_USER_INPUT', 'A kiosk id looks like K-001.');
  const token = await issueDevToken(config, { sub: `staff:transport:${kioskId}`, department: 'transport', roles: ['staff', 'kiosk'] }, KIOSK_CREDENTIAL_TTL_SECONDS);
  sendJson(res, 200, { token, kioskId }, SECURITY_HEADERS);
}

/**
 * POST /portal/service-centre/dev-sign-in `{"officialId": "T-0042"}`: in development, a service-centre official's
 * token (transport department staff, `staff:transport:T-0042`), for the assisted-enrolment page. In production
 * officials sign in with the city's staff identity provider; this route does not exist there.
 */
async function officialDevSignIn(config: HubConfig, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = await devOnlyJson(config, req, res, 'The development sign-in for officials', '{"officialId": "T-0042"}');
  if (body === undefined) return;
  const officialId = (body as { officialId?: unknown }).officialId;
  if (typeof officialId !== 'string' || !OFFICIAL_ID.test(officialId.trim())) return sendError(res, 400, 'BAD_USER_INPUT', 'An official id looks like T-0042.');
  const id = officialId.trim().toUpperCase();
  const token = await issueDevToken(config, { sub: `staff:transport:${id}`, department: 'transport', roles: ['staff'] }, KIOSK_CREDENTIAL_TTL_SECONDS);
  sendJson(res, 200, { token, officialId: id }, SECURITY_HEADERS);
}

/**
 * POST /portal/kiosk/simulated-camera `{"citizenId": "C-0015", "who": "card-holder" | "someone-else"}` →
 * `{embedding}`: the development kiosk's camera. It shows the card holder's demo face (the one the seed enrolled)
 * with fresh noise, or a stranger's face. Development and loopback only, like the dev sign-in: a real kiosk computes
 * the embedding from its camera, and no server ever hands out a face that matches a citizen.
 */
async function simulatedCamera(config: HubConfig, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = await devOnlyJson(config, req, res, 'The simulated kiosk camera', '{"citizenId": "C-0015", "who": "card-holder"}');
  if (body === undefined) return;
  const { citizenId, who } = body as { citizenId?: unknown; who?: unknown };
  if (typeof citizenId !== 'string' || !CITIZEN_ID.test(citizenId.trim().toUpperCase())) return sendError(res, 400, 'BAD_USER_INPUT', 'A city card number looks like C-0001.');
  if (who !== 'card-holder' && who !== 'someone-else') return sendError(res, 400, 'BAD_USER_INPUT', '"who" is card-holder or someone-else.');
  const capture = simulatedCapture(citizenId.trim().toUpperCase(), who);
  sendJson(res, 200, { embedding: Array.from(capture) }, { ...SECURITY_HEADERS, 'cache-control': 'no-store' });
  capture.fill(0);
}

/** The development-only POST routes (each refuses production and non-loopback requests itself). */
const DEV_ROUTES: Record<string, (config: HubConfig, req: IncomingMessage, res: ServerResponse) => Promise<void>> = {
  '/portal/dev-sign-in': devSignIn,
  '/portal/kiosk/device-sign-in': kioskDeviceSignIn,
  '/portal/kiosk/simulated-camera': simulatedCamera,
  '/portal/service-centre/dev-sign-in': officialDevSignIn,
};

export function createPortalHandler(config: HubConfig, assetDir: string = PORTAL_DIR) {
  const assets = loadAssets(assetDir);
  const index = assets.get('/portal/index.html');
  const kioskPage = assets.get('/portal/kiosk.html');
  const serviceCentrePage = assets.get('/portal/service-centre.html');
  // No-cache in development so that an edited file shows on reload; a short cache in production.
  const cacheControl = config.env === 'production' ? 'public, max-age=300' : 'no-cache';
  const headers = securityHeaders(config);

  return async function handlePortal(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<boolean> {
    if (pathname !== '/portal' && !pathname.startsWith('/portal/')) return false;
    const devRoute = DEV_ROUTES[pathname];
    if (devRoute) {
      await devRoute(config, req, res);
      return true;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendError(res, 405, 'METHOD_NOT_ALLOWED', 'The portal answers GET only.', { allow: 'GET, HEAD' });
      return true;
    }
    if (pathname === '/portal/sign-in-options') {
      // The city login: a provider named by configuration, or in development the development one (config.oidc).
      // Without one the portal says so instead of pretending to sign in.
      const oidc = config.oidc ? { configured: true, issuer: config.oidc.issuer, clientId: config.oidc.clientId, staffClientId: config.oidc.staffClientId } : { configured: false };
      sendJson(res, 200, { devSignIn: devTokensAllowed(config, req), oidc }, SECURITY_HEADERS);
      return true;
    }
    if (pathname === '/portal/kiosk/options') {
      // What this kiosk page may use here: in development on loopback, a kiosk credential and the simulated camera.
      const dev = devTokensAllowed(config, req);
      sendJson(res, 200, { deviceSignIn: dev, simulatedCamera: dev }, SECURITY_HEADERS);
      return true;
    }
    if ((pathname === '/portal/kiosk' || pathname === '/portal/service-centre') && kioskPage) {
      sendAsset(req, res, pathname === '/portal/kiosk' ? kioskPage : serviceCentrePage ?? kioskPage, 'no-cache', headers);
      return true;
    }
    const page = pathname.replace(/^\/portal\/?/, '');
    if ((page === '' || (PORTAL_PAGES as readonly string[]).includes(page)) && index) {
      sendAsset(req, res, index, 'no-cache', headers);
      return true;
    }
    const asset = assets.get(pathname);
    if (asset) {
      sendAsset(req, res, asset, cacheControl, headers);
      return true;
    }
    sendError(res, 404, 'NOT_FOUND', 'There is no such page in the portal.');
    return true;
  };
}
