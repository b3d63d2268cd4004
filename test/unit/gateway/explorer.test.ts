import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EXPLORER_ASSET_PREFIX, negotiateEncoding, precompressExplorerAssets, renderExplorer, serveExplorerAsset } from '../../../gateway/explorer.js';
import { loadConfig } from '../../../platform/config.js';

/** The explorer is a small HTML shell; its 8 MB bundle is served once per version, cached and pre-compressed. */
const config = { ...loadConfig({ NODE_ENV: 'test', HUB_DATA_DIR: path.join(os.tmpdir(), 'citygraph-explorer-unit') }), env: 'production' as const };
let server: http.Server;
let origin: string;
let shell: string;
let assetPaths: string[];

beforeAll(async () => {
  shell = await renderExplorer(config, { withDevToken: false });
  assetPaths = [...shell.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
  server = http.createServer((req, res) => {
    if (!serveExplorerAsset(req, res, new URL(req.url ?? '/', 'http://x').pathname)) res.writeHead(418).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const get = (pathname: string, headers: Record<string, string> = {}) =>
  new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    http
      .get(`${origin}${pathname}`, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });

describe('explorer page', () => {
  it('is a shell of a few kilobytes that loads its script, style and icon from content-addressed paths', () => {
    expect(Buffer.byteLength(shell)).toBeLessThan(8 * 1024);
    expect(assetPaths).toHaveLength(3);
    for (const p of assetPaths) expect(p).toMatch(new RegExp(`^${EXPLORER_ASSET_PREFIX}(graphiql|favicon)\\.[\\w-]{16}\\.(js|css|ico)$`));
    expect(shell).toContain('YogaGraphiQL.renderYogaGraphiQL(');
  });

  it('serves the bundle immutable with an ETag, and 304 for a matching If-None-Match', async () => {
    const script = assetPaths.find((p) => p.endsWith('.js'))!;
    const first = await get(script);
    expect(first.status).toBe(200);
    expect(first.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(first.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(first.body.length).toBeGreaterThan(1_000_000);
    expect(first.body.toString('utf8')).toContain('YogaGraphiQL');
    const again = await get(script, { 'if-none-match': first.headers.etag! });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
  });

  it('serves Brotli or gzip as accepted once compressed (in the background, once), each decoding to the same bytes, at a fraction of the size', async () => {
    const script = assetPaths.find((p) => p.endsWith('.js'))!;
    const plain = (await get(script)).body;
    await precompressExplorerAssets();
    const br = await get(script, { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toBe('accept-encoding');
    expect(br.body.length).toBeLessThan(plain.length / 3);
    expect(zlib.brotliDecompressSync(br.body).equals(plain)).toBe(true);
    const gz = await get(script, { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(gz.body).equals(plain)).toBe(true);
  }, 60_000);

  it('answers 404 for an unknown version and leaves other paths alone', async () => {
    expect((await get(`${EXPLORER_ASSET_PREFIX}graphiql.AAAAAAAAAAAAAAAA.js`)).status).toBe(404);
    expect((await get('/graphql')).status).toBe(418);
  });

  it('negotiates Brotli, then gzip, honouring q=0', () => {
    expect(negotiateEncoding('gzip, br')).toBe('br');
    expect(negotiateEncoding('br;q=0, gzip')).toBe('gzip');
    expect(negotiateEncoding('identity')).toBeUndefined();
    expect(negotiateEncoding(undefined)).toBeUndefined();
    expect(negotiateEncoding('*')).toBe('br');
  });
});

describe('explorer shell escaping', () => {
  it('keeps the options inside their script element whatever they contain', async () => {
    const html = await renderExplorer(config, { withDevToken: false });
    const inline = html.slice(html.lastIndexOf('<script>'), html.lastIndexOf('</script>'));
    expect(inline).not.toMatch(/<\/|<!--/);
    expect(html).toContain('Bearer <your token>');
  });
});
