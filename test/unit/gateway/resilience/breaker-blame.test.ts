import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { HeaderMap } from '@apollo/server';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SignedDataSource, type GatewayContext } from '../../../../gateway/signed-data-source.js';
import { createLogger } from '../../../../platform/logger.js';
import { loadSodium } from '../../../../platform/sodium.js';

/** A subgraph stand-in whose answer the test chooses. */
let mode: 'bad-request' | 'server-error' | 'hang' | 'ok' | 'answer-then-stall' = 'ok';
let hits = 0;
const server = http.createServer((req, res) => {
  hits += 1;
  if (mode === 'hang') return;
  const status = mode === 'bad-request' ? 400 : mode === 'server-error' ? 500 : 200;
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(status === 200 ? { data: { ok: true } } : { errors: [{ message: 'no' }] }));
  // The answer is on its way, and the process (the gateway, here) is busy elsewhere for longer than the timeout.
  if (mode === 'answer-then-stall') blockEventLoop(250);
});
let url = '';

beforeAll(async () => {
  await loadSodium();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const context: GatewayContext = { principal: { kind: 'anonymous', id: 'anonymous', roles: [], scopes: [], requestId: 'r' }, requestId: 'r' };

function source(timeoutMs = 1000) {
  return new SignedDataSource('water', url, { subgraph: new Uint8Array(crypto.randomBytes(32)), consent: new Uint8Array(crypto.randomBytes(32)) }, createLogger({ service: 'test', level: 'silent' }), timeoutMs);
}

function call(ds: SignedDataSource, variables?: Record<string, unknown>) {
  return ds.process({ kind: 'UNKNOWN' as never, request: { query: '{ ok }', variables, http: { method: 'POST', url, headers: new HeaderMap() } }, context, incomingRequestContext: {} as never } as never);
}

function blockEventLoop(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // the gateway busy with other work: no timer, no socket read
  }
}

describe('the breaker opens on the subgraph’s own faults only', () => {
  it('opens on 5xx answers', async () => {
    mode = 'server-error';
    const ds = source();
    for (let i = 0; i < 10; i += 1) await call(ds).catch(() => undefined);
    expect(ds.breaker.state).toBe('open');
  });

  it('opens on a subgraph that never answers', async () => {
    mode = 'hang';
    const ds = source(200);
    // More than the breaker's minimum: calls during which this process stalled (compilation, a busy machine) are excused.
    for (let i = 0; i < 40 && ds.breaker.state !== 'open'; i += 1) await call(ds).catch(() => undefined);
    expect(ds.breaker.state).toBe('open');
  });

  it('stays closed on 4xx answers: the subgraph refused what the gateway sent', async () => {
    mode = 'bad-request';
    const ds = source();
    for (let i = 0; i < 20; i += 1) await call(ds).catch(() => undefined);
    expect(ds.breaker.state).toBe('closed');
  });

  it('stays closed on requests that could not even be built (a variable nested 5,000 deep)', async () => {
    mode = 'ok';
    hits = 0;
    let deep: unknown = 'x';
    for (let i = 0; i < 100_000; i += 1) deep = [deep];
    const ds = source();
    for (let i = 0; i < 20; i += 1) await call(ds, { deep }).catch(() => undefined);
    expect(hits).toBe(0);
    expect(ds.breaker.state).toBe('closed');
  });

  it('stays closed on timeouts the gateway caused by stalling while the answer waited', async () => {
    mode = 'answer-then-stall';
    const ds = source(100);
    for (let i = 0; i < 12; i += 1) {
      const outcome = await call(ds).catch((e: unknown) => e);
      expect((outcome as { extensions?: unknown }).extensions).toMatchObject({ code: 'SUBGRAPH_UNAVAILABLE' });
    }
    expect(ds.breaker.state).toBe('closed');
  });
});
