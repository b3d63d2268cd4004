import crypto from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { css, editorWorkerService, favicon, graphqlWorker, js, jsonWorker } from '@graphql-yoga/render-graphiql/graphiql';
import type { HubConfig } from '../platform/config.js';
import { issueDevToken } from './auth/dev-issuer.js';

/** The demo citizen whose token the development explorer starts with (seeded with data in every department). */
export const EXPLORER_CITIZEN = 'C-0001';

const DEFAULT_QUERY = `# Welcome to citygraph.
# The Headers tab below holds a development
# token for citizen ${EXPLORER_CITIZEN}, issued as this page
# loaded. For someone else, print a token:
#   npm run -s hub -- token citizen C-0002
#   npm run -s hub -- token staff transport
# (staff also send "X-Purpose": "SERVICE_DELIVERY")
# and paste it over the one in Headers.
# Run (Ctrl-Enter) and pick an operation.

query Me {
  me {
    id
    name
    healthCode { status reasons }
    savedPlaces { label address }
    consents { grantee { name } purpose categories status validUntil }
  }
}

# Public data needs no token at all:
query FloodOverview {
  districts { id name floodRisk { level score reasons } }
}
`;

/** Where the explorer's static assets are served (development only, like the page itself). */
export const EXPLORER_ASSET_PREFIX = '/explorer/assets/';

interface Asset {
  path: string;
  contentType: string;
  body: Buffer;
  etag: string;
  gzip?: Promise<Buffer>;
  br?: Promise<Buffer>;
  /** Compressed bodies once ready: until then the asset goes out uncompressed rather than keep a browser waiting. */
  ready: { gzip?: Buffer; br?: Buffer };
}

const gzip = promisify(zlib.gzip);
const brotli = promisify(zlib.brotliCompress);

function asset(name: string, extension: string, contentType: string, body: Buffer): Asset {
  const hash = crypto.createHash('sha256').update(body).digest('base64url').slice(0, 16);
  return { path: `${EXPLORER_ASSET_PREFIX}${name}.${hash}.${extension}`, contentType, body, etag: `"${hash}"`, ready: {} };
}

/**
 * The GraphiQL bundle (about 8 MB: the editor and its three workers) as content-addressed files, built once per
 * process on first use: the page itself stays a small shell, and a browser fetches each file once and then keeps it
 * (`immutable`; a new version has a new name). Compressed once, in the background (gzip and Brotli, about 2 MB and
 * 1.5 MB), never per request.
 */
let assets: { script: Asset; style: Asset; icon: Asset; byPath: Map<string, Asset> } | undefined;
function explorerAssets(): NonNullable<typeof assets> {
  if (assets) return assets;
  // The workers run from blob: URLs made from their source, as the upstream page does (no extra requests, offline).
  const script = asset(
    'graphiql',
    'js',
    'text/javascript; charset=utf-8',
    Buffer.from(
      `(function () {
  function prepareBlob(source) { return URL.createObjectURL(new Blob([source], { type: 'application/javascript' })); }
  var workers = {
    editorWorkerService: prepareBlob(${JSON.stringify(editorWorkerService)}),
    json: prepareBlob(${JSON.stringify(jsonWorker)}),
    graphql: prepareBlob(${JSON.stringify(graphqlWorker)}),
  };
  self['MonacoEnvironment'] = { globalAPI: false, getWorkerUrl: function (moduleId, label) { return workers[label]; } };
})();
${js};
`,
    ),
  );
  const style = asset('graphiql', 'css', 'text/css; charset=utf-8', Buffer.from(css));
  const icon = asset('favicon', 'ico', 'image/x-icon', Buffer.from(favicon.slice(favicon.indexOf(',') + 1), 'base64'));
  assets = { script, style, icon, byPath: new Map([script, style, icon].map((a) => [a.path, a])) };
  return assets;
}

/** Starts compressing the explorer's assets (once) so that they are ready when the browser asks. */
function compressed(a: Asset, encoding: 'br' | 'gzip'): Promise<Buffer> {
  if (encoding === 'br') {
    a.br ??= brotli(a.body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 9, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: a.body.length } }).then((b) => (a.ready.br = b));
    return a.br;
  }
  a.gzip ??= gzip(a.body, { level: 9 }).then((b) => (a.ready.gzip = b));
  return a.gzip;
}

/**
 * Compresses every explorer asset (once per process; zlib's thread pool, off the event loop). Started when the page
 * is first rendered; resolves when both encodings of every asset are ready.
 */
export async function precompressExplorerAssets(): Promise<void> {
  const work: Array<Promise<Buffer>> = [];
  for (const a of explorerAssets().byPath.values()) if (!a.contentType.startsWith('image/')) work.push(compressed(a, 'br'), compressed(a, 'gzip'));
  await Promise.all(work);
}

/** The encoding to send for an Accept-Encoding header: Brotli, then gzip, else none (q=0 means "not this one"). */
export function negotiateEncoding(acceptEncoding: string | undefined): 'br' | 'gzip' | undefined {
  const accepted = new Map<string, number>();
  for (const part of (acceptEncoding ?? '').split(',')) {
    const [token, ...params] = part.trim().toLowerCase().split(';');
    if (!token) continue;
    const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    accepted.set(token, q === undefined ? 1 : Number(q));
  }
  const ok = (name: string) => (accepted.get(name) ?? (accepted.has('*') ? accepted.get('*')! : 0)) > 0;
  if (ok('br')) return 'br';
  if (ok('gzip')) return 'gzip';
  return undefined;
}

/**
 * Serves one explorer asset: 304 for a matching If-None-Match, else the pre-compressed body the client accepts, with
 * `Cache-Control: public, max-age=31536000, immutable`. Answers false when the path is not an explorer asset.
 */
export function serveExplorerAsset(req: IncomingMessage, res: ServerResponse, pathname: string): boolean {
  if (!pathname.startsWith(EXPLORER_ASSET_PREFIX)) return false;
  const found = explorerAssets().byPath.get(pathname);
  if (!found || (req.method !== 'GET' && req.method !== 'HEAD')) {
    res.writeHead(found ? 405 : 404, { 'content-type': 'text/plain; charset=utf-8', ...(found ? { allow: 'GET, HEAD' } : {}) });
    res.end(found ? 'Method not allowed' : 'Not found');
    return true;
  }
  const headers: Record<string, string | number> = {
    'content-type': found.contentType,
    'cache-control': 'public, max-age=31536000, immutable',
    etag: found.etag,
    vary: 'accept-encoding',
    'x-content-type-options': 'nosniff',
  };
  const ifNoneMatch = req.headers['if-none-match'];
  if (ifNoneMatch && ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === found.etag)) {
    res.writeHead(304, headers);
    res.end();
    return true;
  }
  const wanted = found.contentType.startsWith('image/') ? undefined : negotiateEncoding(req.headers['accept-encoding']);
  if (wanted) void compressed(found, wanted).catch(() => undefined);
  // The pre-compressed body when it is ready (the same bytes either way: the ETag names the content, not the encoding).
  const encoding = wanted && found.ready[wanted] ? wanted : undefined;
  const body = encoding ? found.ready[encoding]! : found.body;
  if (encoding) headers['content-encoding'] = encoding;
  headers['content-length'] = body.length;
  res.writeHead(200, headers);
  res.end(req.method === 'HEAD' ? undefined : body);
  return true;
}

/** JSON inside an inline <script>: `</` and `<!--` escaped, so that no value can end the script element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/<(\/|!--)/g, '\\u003c$1').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The explorer page, bundled with the hub (no CDN): works offline. A small HTML shell (a few kB) that loads the
 * cached GraphiQL bundle from EXPLORER_ASSET_PREFIX. In development the header editor is pre-filled with a real dev
 * token for the demo citizen, issued at render time, so that a new developer's first query works; it carries a
 * token only where `devTokensAllowed` says so (development, a loopback address, a loopback `Host`).
 */
export async function renderExplorer(config: HubConfig, request: { withDevToken: boolean }): Promise<string> {
  const headers = !request.withDevToken
      ? { Authorization: 'Bearer <your token>' }
      : { Authorization: `Bearer ${await issueDevToken(config, { sub: EXPLORER_CITIZEN })}` };
  const headerJson = JSON.stringify(headers, null, 2);
  const options = {
    endpoint: '/graphql',
    title: 'citygraph explorer',
    defaultQuery: DEFAULT_QUERY,
    headers: headerJson,
    // A tab restored from the browser's storage gets the fresh token too (headers are not persisted).
    defaultHeaders: headerJson,
    shouldPersistHeaders: false,
    isHeadersEditorEnabled: true,
    defaultEditorToolsVisibility: 'headers',
  };
  const { script, style, icon } = explorerAssets();
  void precompressExplorerAssets().catch(() => undefined);
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>${escapeHtml(options.title)}</title>
    <link rel="icon" href="${icon.path}" />
    <link rel="stylesheet" href="${style.path}" />
  </head>
  <body id="body" class="no-focus-outline">
    <noscript>You need to enable JavaScript to run this app.</noscript>
    <div id="root"></div>
    <script src="${script.path}"></script>
    <script>
      YogaGraphiQL.renderYogaGraphiQL(window.document.querySelector('#root'), ${scriptJson(options)});
    </script>
  </body>
</html>
`;
}
