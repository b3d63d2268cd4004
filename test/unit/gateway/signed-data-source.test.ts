import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { HeaderMap } from '@apollo/server';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SignedDataSource, type GatewayContext } from '../../../gateway/signed-data-source.js';
import { createLogger } from '../../../platform/logger.js';
import { loadSodium } from '../../../platform/sodium.js';

/** A subgraph stand-in that drops the first connection of each pair abruptly and answers the second. */
let hits = 0;
let mode: 'reset-once' | 'hang' | 'garbage' | 'refuse' = 'reset-once';
const server = http.createServer((req, res) => {
  hits++;
  if (mode === 'hang') return;
  if (mode === 'refuse') {
    res.writeHead(400, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ errors: [{ message: 'Variable "$at" got invalid value', extensions: { code: 'BAD_USER_INPUT' } }] }));
    return;
  }
  if (mode === 'garbage') {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<html>Internal proxy error at 10.0.0.7:8080</html>');
    return;
  }
  if (hits % 2 === 1) {
    req.socket.destroy();
    return;
  }
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ data: { ok: true } }));
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

const context: GatewayContext = { principal: { kind: 'citizen', id: 'C-0001', roles: [], scopes: [], requestId: 'r' }, requestId: 'r' };

function source(timeoutMs = 1000) {
  return new SignedDataSource('licensing', url, { subgraph: new Uint8Array(crypto.randomBytes(32)), consent: new Uint8Array(crypto.randomBytes(32)) }, createLogger({ service: 'test', level: 'silent' }), timeoutMs);
}

function call(ds: SignedDataSource, query: string) {
  return ds.process({ kind: 'UNKNOWN' as never, request: { query, http: { method: 'POST', url, headers: new HeaderMap() } }, context, incomingRequestContext: {} as never } as never);
}

describe('subgraph calls', () => {
  it('retries a query once after a connection reset', async () => {
    mode = 'reset-once';
    hits = 0;
    const response = await call(source(), '{ ok }');
    expect(response.data).toEqual({ ok: true });
    expect(hits).toBe(2);
  });

  it('never retries a mutation', async () => {
    mode = 'reset-once';
    hits = 0;
    await expect(call(source(), 'mutation { ok }')).rejects.toMatchObject({ extensions: { code: 'SUBGRAPH_UNAVAILABLE' } });
    expect(hits).toBe(1);
  });

  it('gives up on a hung subgraph at the timeout, without retrying', async () => {
    mode = 'hang';
    hits = 0;
    const started = Date.now();
    await expect(call(source(200), '{ ok }')).rejects.toMatchObject({ extensions: { code: 'SUBGRAPH_UNAVAILABLE' } });
    expect(Date.now() - started).toBeLessThan(1500);
    expect(hits).toBe(1);
  });

  it('turns a garbage answer into SUBGRAPH_UNAVAILABLE that names only the department', async () => {
    mode = 'garbage';
    const error = await call(source(), '{ ok }').catch((e: unknown) => e as Error);
    expect(error).toMatchObject({ extensions: { code: 'SUBGRAPH_UNAVAILABLE' } });
    expect((error as Error).message).toBe('The licensing service is unavailable right now.');
  });

  it('fails fast once the breaker is open', async () => {
    mode = 'garbage';
    const ds = source();
    for (let i = 0; i < 10; i++) await call(ds, '{ ok }').catch(() => undefined);
    expect(ds.breaker.state).toBe('open');
    hits = 0;
    await expect(call(ds, '{ ok }')).rejects.toMatchObject({ extensions: { code: 'SUBGRAPH_UNAVAILABLE' } });
    expect(hits).toBe(0);
  });

  it('never counts a fetch the gateway could not build against the breaker', async () => {
    mode = 'reset-once';
    hits = 0;
    const ds = source();
    // Variables nested deeper than JSON.stringify can go: the request never leaves the gateway.
    let deep: unknown = 'x';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    for (let i = 0; i < 20; i++) {
      await expect(ds.process({ kind: 'UNKNOWN' as never, request: { query: '{ ok }', variables: { deep }, http: { method: 'POST', url, headers: new HeaderMap() } }, context, incomingRequestContext: {} as never } as never)).rejects.toThrow();
    }
    expect(hits).toBe(0);
    expect(ds.breaker.state).toBe('closed');
  });

  it('never counts a request the department refused as malformed (4xx) against the breaker', async () => {
    mode = 'refuse';
    const ds = source();
    for (let i = 0; i < 20; i++) await expect(call(ds, '{ ok }')).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect(ds.breaker.state).toBe('closed');
  });
});

describe('partial answers for a client operation', () => {
  const incoming = (ds: SignedDataSource, query: string, variables?: Record<string, unknown>) =>
    ds.process({ kind: 'incoming operation' as never, request: { query, ...(variables ? { variables } : {}), http: { method: 'POST', url, headers: new HeaderMap() } }, context, incomingRequestContext: {} as never } as never);

  it('answers an entity fetch the department could not answer with nulls and an error at every field asked for', async () => {
    mode = 'garbage';
    const query = 'query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Sensor { kind status latest: latestReading { value } } ... on District { gaugeLevels { value } } } }';
    const representations = [{ __typename: 'Sensor', id: 'S-1' }, { __typename: 'District', id: 'D-01' }];
    const answer = await incoming(source(), query, { representations });
    expect(answer.data).toEqual({ _entities: [{ __typename: 'Sensor', kind: null, status: null, latest: null }, { __typename: 'District', gaugeLevels: null }] });
    expect(answer.errors?.map((e) => [e.path, e.extensions?.code, e.extensions?.department])).toEqual([
      [['_entities', 0, 'kind'], 'SUBGRAPH_UNAVAILABLE', 'licensing'],
      [['_entities', 0, 'status'], 'SUBGRAPH_UNAVAILABLE', 'licensing'],
      [['_entities', 0, 'latest'], 'SUBGRAPH_UNAVAILABLE', 'licensing'],
      [['_entities', 1, 'gaugeLevels'], 'SUBGRAPH_UNAVAILABLE', 'licensing'],
    ]);
  });

  it('answers a root fetch with every root field null and its error at its path', async () => {
    mode = 'garbage';
    const answer = await incoming(source(), '{ expiringLicences(withinDays: 90) { id } __typename other: businesses { id } }');
    expect(answer.data).toEqual({ expiringLicences: null, other: null });
    expect(answer.errors?.map((e) => e.path)).toEqual([['expiringLicences'], ['other']]);
  });
});
