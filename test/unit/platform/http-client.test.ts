import net from 'node:net';
import http from 'node:http';
import { afterEach, describe, expect, it } from '@jest/globals';
import { httpRequest } from '../../../platform/http-client.js';

const servers: net.Server[] = [];
const sockets = new Set<net.Socket>();
afterEach(async () => {
  // The client keeps its connections alive, and a server waits for its connections before it closes: end them here.
  for (const socket of sockets) socket.destroy();
  sockets.clear();
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

async function listen(server: net.Server): Promise<string> {
  servers.push(server);
  server.on('connection', (socket: net.Socket) => sockets.add(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
}

describe('the services\' HTTP client (platform/http-client.ts)', () => {
  it('answers status, headers and the body as JSON, over one kept-alive connection', async () => {
    let connections = 0;
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk));
      req.on('end', () => {
        res.writeHead(201, { 'content-type': 'application/json', 'x-one': 'a' });
        res.end(JSON.stringify({ echo: JSON.parse(body), method: req.method }));
      });
    });
    server.on('connection', () => (connections += 1));
    const url = await listen(server);
    for (let i = 0; i < 3; i += 1) {
      const response = await httpRequest(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ i }), timeoutMs: 2000 });
      expect({ status: response.status, ok: response.ok, type: response.headers.get('Content-Type'), one: response.headers.get('x-one'), body: await response.json() }).toEqual({
        status: 201,
        ok: true,
        type: 'application/json',
        one: 'a',
        body: { echo: { i }, method: 'POST' },
      });
    }
    expect(connections).toBe(1);
  });

  it('gives up after its timeout with an error named TimeoutError', async () => {
    const url = await listen(net.createServer(() => undefined));
    const started = Date.now();
    const error = await httpRequest(url, { timeoutMs: 150 }).catch((e: unknown) => e as Error);
    expect({ name: (error as Error).name, fast: Date.now() - started < 2000 }).toEqual({ name: 'TimeoutError', fast: true });
  });

  it('fails a refused connection with its code, for the callers\' retry rules', async () => {
    const url = await listen(net.createServer());
    const closed = servers.pop()!;
    await new Promise((resolve) => closed.close(resolve));
    const error = await httpRequest(url, { timeoutMs: 1000 }).catch((e: unknown) => e as { code?: string });
    expect((error as { code?: string }).code).toBe('ECONNREFUSED');
  });

  it('sends a call again on a fresh connection when the kept-alive one turns out to be closed', async () => {
    // Answers the first request of each connection, keeps it open, and resets it when a second request arrives on it:
    // a service that restarted while the client still held its idle socket.
    let connections = 0;
    const server = net.createServer((socket) => {
      connections += 1;
      let requests = 0;
      socket.on('data', () => {
        requests += 1;
        if (requests === 1) socket.write('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 11\r\nconnection: keep-alive\r\n\r\n{"ok":true}');
        else socket.resetAndDestroy();
      });
    });
    const url = await listen(server);
    expect(await (await httpRequest(url, { method: 'POST', body: '{}', timeoutMs: 2000, idempotent: true })).json()).toEqual({ ok: true });
    expect(await (await httpRequest(url, { method: 'POST', body: '{}', timeoutMs: 2000, idempotent: true })).json()).toEqual({ ok: true });
    expect(connections).toBe(2);
  });

  it('never sends a write twice: a call not marked idempotent fails when its kept-alive socket was closed, and a fresh call takes a connection of its own', async () => {
    let connections = 0;
    let requests = 0;
    const server = net.createServer((socket) => {
      connections += 1;
      let onThis = 0;
      socket.on('data', () => {
        requests += 1;
        onThis += 1;
        if (onThis === 1) socket.write('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 11\r\nconnection: keep-alive\r\n\r\n{"ok":true}');
        else socket.resetAndDestroy();
      });
    });
    const url = await listen(server);
    await httpRequest(url, { method: 'POST', body: '{}', timeoutMs: 2000 });
    const error = await httpRequest(url, { method: 'POST', body: '{}', timeoutMs: 2000 }).catch((e: unknown) => e as { code?: string });
    expect({ code: (error as { code?: string }).code, requests }).toEqual({ code: 'ECONNRESET', requests: 2 });
    const before = connections;
    for (let i = 0; i < 2; i += 1) expect(await (await httpRequest(url, { method: 'POST', body: '{}', timeoutMs: 2000, fresh: true })).json()).toEqual({ ok: true });
    expect(connections - before).toBe(2);
  });
});
