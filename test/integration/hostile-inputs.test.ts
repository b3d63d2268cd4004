import crypto from 'node:crypto';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { pino } from 'pino';
import { startGateway } from '../../gateway/server.js';
import { createConsentServices } from '../../consent/subgraph/services.js';
import { citizenToken, contract, LEAK_PATTERN, staffToken, startTestHub, type TestHub } from '../support/hub.js';
import { labelled } from '../support/labelled.js';

/**
 * Issue 15, item 2: inputs that cannot hurt, and every request-level refusal with the status ARCHITECTURE §7 gives
 * its code. Each case its exact status and code; nothing a client sends reaches a department or its breaker.
 */
let hub: TestHub;
let citizen: string;
let partnerKey: string;

beforeAll(async () => {
  hub = await startTestHub({ citizens: 100, sensors: 500 });
  citizen = await citizenToken(hub, 'C-0001');
  const { partners } = await createConsentServices(hub.config, hub.servers.get('consent')!.store);
  partnerKey = (await partners.issueKey('test', { partnerId: 'robotaxi', scopes: ['consent:read', 'consent:write', 'transport:read', 'transport:write', 'sensors:read'], expiresInMs: 86_400_000 })).key;
}, 120_000);
afterAll(async () => {
  await hub?.close();
});

interface Raw {
  status: number;
  headers: Headers;
  text: string;
  json: { data?: Record<string, unknown> | null; errors?: Array<{ message: string; path?: unknown[]; extensions?: Record<string, unknown> }> } | undefined;
}

async function send(init: RequestInit & { search?: string }): Promise<Raw> {
  const response = await fetch(`${hub.url}${init.search ?? ''}`, init);
  const text = await response.text();
  let json: Raw['json'];
  try {
    json = JSON.parse(text) as Raw['json'];
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

function post(body: unknown, headers: Record<string, string> = {}): Promise<Raw> {
  return send({ method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
}

function expectRefused(answer: Raw, status: number, code: string): void {
  labelled(answer.text.slice(0, 400), () => expect({ status: answer.status, code: answer.json?.errors?.[0]?.extensions?.code }).toEqual({ status, code }));
  expect(answer.headers.get('content-type')).toContain('application/json');
  expect(answer.text).not.toMatch(LEAK_PATTERN);
}

/** `[[[ ... "2026-01-01T00:00:00Z" ... ]]]`, `levels` deep, as JSON text (built as text: no stack is needed). */
const nestedJson = (levels: number) => `${'{"a":'.repeat(levels)}"2026-01-01T00:00:00Z"${'}'.repeat(levels)}`;

async function breakerState(subgraph: string): Promise<string | undefined> {
  const text = await (await fetch(hub.url.replace(/\/graphql$/, '/metrics'))).text();
  return new RegExp(`citygraph_circuit_breaker_state\\{subgraph="${subgraph}",service="gateway"\\} (\\d)`).exec(text)?.[1];
}

const READINGS = 'query($from: DateTime!, $to: DateTime!) { sensor(id: "S-000001") { id readings(from: $from, to: $to, first: 5) { value } } }';

describe('custom scalars parse with bounds, before planning', () => {
  it('refuses a DateTime variable nested 5,000 deep with 400 BAD_USER_INPUT, twelve times, and the sensors breaker stays closed', async () => {
    const body = `{"query":${JSON.stringify(READINGS)},"variables":{"from":${nestedJson(5000)},"to":"2026-01-02T00:00:00Z"}}`;
    expect(body.length).toBeGreaterThan(30_000);
    for (let i = 0; i < 12; i++) expectRefused(await post(body), 400, 'BAD_USER_INPUT');
    expect(await breakerState('sensors')).toBe('0');
    const fine = await post({ query: READINGS, variables: { from: new Date(Date.now() - 86_400_000).toISOString(), to: new Date().toISOString() } });
    labelled(fine.text.slice(0, 300), () => expect(fine.status).toBe(200));
    expect(fine.json?.errors).toBeUndefined();
  });

  it('refuses a DateTime longer than 64 characters, or one that is not a string, with 400 BAD_USER_INPUT', async () => {
    const long = `2026-01-01T00:00:00.${'0'.repeat(60)}Z`;
    expectRefused(await post({ query: READINGS, variables: { from: long, to: '2026-01-02T00:00:00Z' } }), 400, 'BAD_USER_INPUT');
    expectRefused(await post({ query: READINGS, variables: { from: { $gt: '' }, to: '2026-01-02T00:00:00Z' } }), 400, 'BAD_USER_INPUT');
    expectRefused(await post({ query: READINGS, variables: { from: 12, to: '2026-01-02T00:00:00Z' } }), 400, 'BAD_USER_INPUT');
  });

  it('refuses a DateTime literal that is an object, or too long, with 400 BAD_USER_INPUT', async () => {
    const literal = (from: string) => `{ sensor(id: "S-000001") { readings(from: ${from}, to: "2026-01-02T00:00:00Z") { value } } }`;
    expectRefused(await post({ query: literal(`${'{a: '.repeat(200)}1${'}'.repeat(200)}`) }), 400, 'BAD_USER_INPUT');
    expectRefused(await post({ query: literal(JSON.stringify('9'.repeat(65))) }), 400, 'BAD_USER_INPUT');
  });

  it('refuses a JSON-like value (a reading value) deeper than 8 or larger than 64 KB with 400 BAD_USER_INPUT, before sensors sees it', async () => {
    const staff = { authorization: `Bearer ${await staffToken(hub, 'sensors')}`, 'x-purpose': 'SERVICE_DELIVERY' };
    const ingest = contract('sensor-ingest.graphql');
    const reading = (value: unknown) => ({ query: ingest, variables: { readings: [{ sensorId: 'S-000001', at: new Date().toISOString(), value }] } });
    let deep: unknown = 1;
    for (let i = 0; i < 9; i++) deep = [deep];
    expectRefused(await post(reading(deep), staff), 400, 'BAD_USER_INPUT');
    expectRefused(await post(reading('x'.repeat(70_000)), staff), 400, 'BAD_USER_INPUT');
    const fine = await post(reading(1.5), staff);
    labelled(fine.text.slice(0, 300), () => expect(fine.json?.data?.ingestReadings).toEqual({ accepted: 1, rejected: [] }));
  });

  it('refuses variables nested deeper than 8 anywhere with 400 BAD_USER_INPUT', async () => {
    expectRefused(await post(`{"query":"{ __typename }","variables":{"unused":${nestedJson(9)}}}`), 400, 'BAD_USER_INPUT');
    expectRefused(await post(`{"query":"{ __typename }","variables":{"unused":${nestedJson(100_000)}}}`), 400, 'BAD_USER_INPUT');
    expect((await post(`{"query":"{ __typename }","variables":{"unused":${nestedJson(7)}}}`)).status).toBe(200);
  });
});

describe('request-level refusals follow ARCHITECTURE §7', () => {
  it('answers an unknown operationName with 400, not 500', async () => {
    expectRefused(await post({ query: 'query A { __typename }', operationName: 'B' }, { authorization: `Bearer ${citizen}` }), 400, 'BAD_USER_INPUT');
  });

  it('answers two anonymous operations (or several without an operationName) with 400, not 500', async () => {
    expectRefused(await post({ query: '{ __typename } { districts { id } }' }), 400, 'GRAPHQL_VALIDATION_FAILED');
    expectRefused(await post({ query: 'query A { __typename } query B { __typename }' }), 400, 'BAD_USER_INPUT');
  });

  it('answers any subscription with 400, not 500', async () => {
    expectRefused(await post({ query: 'subscription { __typename }' }), 400, 'GRAPHQL_VALIDATION_FAILED');
    expectRefused(await post({ query: 'subscription S { districts { id } }' }, { authorization: `Bearer ${citizen}` }), 400, 'GRAPHQL_VALIDATION_FAILED');
  });

  it('answers an API key over 200 characters with 401 UNAUTHENTICATED, not 503', async () => {
    expectRefused(await post({ query: '{ __typename }' }, { authorization: `ApiKey ${'k'.repeat(201)}`, 'x-purpose': 'TAXI_ASSIST' }), 401, 'UNAUTHENTICATED');
    expectRefused(await post({ query: '{ __typename }' }, { authorization: `ApiKey cgk_${'0'.repeat(16)}_${'A'.repeat(43)}`, 'x-purpose': 'TAXI_ASSIST' }), 401, 'UNAUTHENTICATED');
  });

  it('refuses more than 200 field selections in one selection set, duplicates counted, with 400 QUERY_TOO_COMPLEX', async () => {
    const fields = (n: number) => `{ districts { ${Array.from({ length: n }, () => 'id').join(' ')} } }`;
    expect((await post({ query: fields(200) })).status).toBe(200);
    expectRefused(await post({ query: fields(201) }), 400, 'QUERY_TOO_COMPLEX');
    expectRefused(await post({ query: fields(500) }), 400, 'QUERY_TOO_COMPLEX');
    // Spread through fragments into the same selection set: still one selection set.
    const spread = `{ districts { ...F ...F ...F } } fragment F on District { ${Array.from({ length: 70 }, () => 'name').join(' ')} }`;
    expectRefused(await post({ query: spread }), 400, 'QUERY_TOO_COMPLEX');
  });

  it('answers PERSISTED_QUERY_NOT_ALLOWED with 400: a hash by GET, by POST from a citizen, and a partner sending a query with a hash that does not match', async () => {
    const taxi = contract('partner-taxi-assist.graphql');
    const hash = crypto.createHash('sha256').update(taxi).digest('hex');
    const extensions = encodeURIComponent(JSON.stringify({ persistedQuery: { version: 1, sha256Hash: hash } }));
    expectRefused(await send({ method: 'GET', search: `?extensions=${extensions}`, headers: { accept: 'application/json', 'apollo-require-preflight': 'true' } }), 400, 'PERSISTED_QUERY_NOT_ALLOWED');
    expectRefused(await post({ extensions: { persistedQuery: { version: 1, sha256Hash: hash } } }, { authorization: `Bearer ${citizen}` }), 400, 'PERSISTED_QUERY_NOT_ALLOWED');
    const partner = { authorization: `ApiKey ${partnerKey}`, 'x-purpose': 'TAXI_ASSIST' };
    expectRefused(await post({ query: '{ districts { id } }', extensions: { persistedQuery: { version: 1, sha256Hash: hash } } }, partner), 400, 'PERSISTED_QUERY_NOT_ALLOWED');
    expectRefused(await post({ extensions: { persistedQuery: { version: 1, sha256Hash: 'f'.repeat(64) } } }, partner), 400, 'PERSISTED_QUERY_NOT_ALLOWED');
    // The registered text with its own hash is the same operation, sent both ways.
    const both = await post({ query: taxi, variables: { a: 'C-0001', b: 'C-0002' }, extensions: { persistedQuery: { version: 1, sha256Hash: hash } } }, partner);
    labelled(both.text.slice(0, 300), () => expect(both.status).toBe(200));
    expect((both.json?.data?.a as { id?: string } | undefined)?.id).toBe('C-0001');
  });

  it('answers a request refused as a whole with FORBIDDEN with 403', async () => {
    expectRefused(await post({ query: '{ breakGlassUses { citizenId } }' }, { authorization: `Bearer ${citizen}` }), 403, 'FORBIDDEN');
  });

  it('answers PUT, DELETE and PATCH with 405 METHOD_NOT_ALLOWED and the methods allowed', async () => {
    for (const method of ['PUT', 'DELETE', 'PATCH']) {
      const answer = await send({ method, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }) });
      expectRefused(answer, 405, 'METHOD_NOT_ALLOWED');
      expect(answer.headers.get('allow')).toBe('GET, POST');
    }
  });

  it('answers the grantee directory (public data) to anonymous callers', async () => {
    const answer = await post({ query: '{ grantees { id name kind } }' });
    labelled(answer.text.slice(0, 300), () => expect(answer.status).toBe(200));
    expect((answer.json?.data?.grantees as Array<{ id: string }>).map((g) => g.id)).toContain('transport');
  });
});

describe('the log', () => {
  it('holds no error and no stack trace for requests refused as malformed', async () => {
    // A second gateway over the same departments, whose log this test reads.
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    const gateway = await startGateway({ ...hub.config, ports: { ...hub.config.ports, gateway: 0 } }, pino({ level: 'info' }, sink));
    try {
      const at = (body: unknown, method = 'POST') => fetch(gateway.url, { method, headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
      const statuses = [
        (await at({ query: 'query A { __typename }', operationName: 'B' })).status,
        (await at({ query: 'query A { __typename } query B { __typename }' })).status,
        (await at({ query: 'subscription { __typename }' })).status,
        (await at(`{"query":${JSON.stringify(READINGS)},"variables":{"from":${nestedJson(5000)},"to":"2026-01-02T00:00:00Z"}}`)).status,
        (await at({ query: '{ __typename }' }, 'PUT')).status,
      ];
      expect(statuses).toEqual([400, 400, 400, 400, 405]);
      const logged = lines.map((line) => JSON.parse(line) as { level: number; msg?: string });
      expect(logged.filter((line) => line.level >= 50)).toEqual([]);
      expect(lines.join('')).not.toMatch(/\bat .+\.(ts|js):\d+/);
    } finally {
      await gateway.close();
    }
  });
});
