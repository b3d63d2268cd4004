import { serverAudits } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { labelled } from '../support/labelled.js';
import { CITIZEN_NAME, citizenToken, graphql, LEAK_PATTERN, staffToken, startTestHub, type TestHub } from '../support/hub.js';

/**
 * Hostile and malformed requests against a started hub: each gets its exact status and code, a JSON body, no
 * internals, and changes nothing that is stored.
 */
let hub: TestHub;
let citizen: string;

beforeAll(async () => {
  hub = await startTestHub({ sensors: 500 });
  citizen = await citizenToken(hub, 'C-0001');
});
afterAll(async () => {
  await hub?.close();
});

interface Raw {
  status: number;
  contentType: string;
  text: string;
  json: any;
}

async function send(init: RequestInit & { search?: string }): Promise<Raw> {
  const response = await fetch(`${hub.url}${init.search ?? ''}`, init);
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', text, json };
}

function post(body: string, headers: Record<string, string> = {}): Promise<Raw> {
  return send({ method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${citizen}`, ...headers }, body });
}

function expectRejected(answer: Raw, status: number, code: string): void {
  labelled(answer.text.slice(0, 300), () => expect(answer.status).toBe(status));
  expect(answer.contentType).toContain('application/json');
  labelled(answer.text.slice(0, 300), () => expect(answer.json?.errors?.[0]?.extensions?.code).toBe(code));
  expect(answer.text).not.toMatch(LEAK_PATTERN);
  expect(answer.text).not.toMatch(/<html/i);
}

/** A query `levels` deep: me > businesses > licences > business > licences > ... > id. */
const nest = (levels: number) => {
  const chain = ['me', 'businesses', ...Array.from({ length: levels - 3 }, (_, i) => (i % 2 === 0 ? 'licences' : 'business'))];
  return `{ ${chain.map((field) => `${field} {`).join(' ')} id ${'}'.repeat(chain.length)} }`;
};

async function storedConsents(): Promise<number> {
  const answer = await graphql(hub, '{ me { consents { id } } }', {}, { token: citizen });
  return (answer.body.data!.me as any).consents.length;
}

describe('query limits', () => {
  it('accepts depth 10 and refuses depth 11 with 400 QUERY_TOO_COMPLEX', async () => {
    const ok = await post(JSON.stringify({ query: nest(10) }));
    labelled(ok.text.slice(0, 300), () => expect(ok.status).toBe(200));
    expectRejected(await post(JSON.stringify({ query: nest(11) })), 400, 'QUERY_TOO_COMPLEX');
  });

  it('accepts 15 aliases and refuses 16, counting __typename', async () => {
    const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: __typename`).join(' ')} }`;
    expect((await post(JSON.stringify({ query: aliases(15) }))).status).toBe(200);
    expectRejected(await post(JSON.stringify({ query: aliases(16) })), 400, 'QUERY_TOO_COMPLEX');
    expectRejected(await post(JSON.stringify({ query: aliases(500) })), 400, 'QUERY_TOO_COMPLEX');
  });

  it('accepts 2000 tokens and refuses 2001 with 400 QUERY_TOO_COMPLEX', async () => {
    // In selection sets of at most 200 fields (§8): ten `districts { id ... }` of 199 tokens, then `__typename`s.
    const group = `districts { ${Array.from({ length: 196 }, () => 'id').join(' ')} }`;
    const tokens = (n: number) => `{ ${Array.from({ length: 10 }, () => group).join(' ')} ${Array.from({ length: n - 2 - 1990 }, () => '__typename').join(' ')} }`;
    expect((await post(JSON.stringify({ query: tokens(2000) }))).status).toBe(200);
    expectRejected(await post(JSON.stringify({ query: tokens(2001) })), 400, 'QUERY_TOO_COMPLEX');
  });

  it('refuses a page larger than 100 with 400 BAD_USER_INPUT', async () => {
    expectRejected(await post(JSON.stringify({ query: '{ sensors(first: 101) { edges { node { id } } } }' })), 400, 'BAD_USER_INPUT');
    expect((await post(JSON.stringify({ query: '{ sensors(first: 100) { edges { node { id } } } }' }))).status).toBe(200);
  });

  it('refuses too many directives', async () => {
    const selections = (n: number) => Array.from({ length: n }, () => '__typename @include(if: true)').join(' ');
    expect((await post(JSON.stringify({ query: `{ ${selections(20)} }` }))).status).toBe(200);
    expectRejected(await post(JSON.stringify({ query: `{ ${selections(21)} }` })), 400, 'QUERY_TOO_COMPLEX');
  });
});

describe('malformed requests', () => {
  it('refuses a batched array of operations', async () => {
    expectRejected(await post(JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }])), 400, 'BAD_REQUEST');
  });

  it('refuses a 2 MB body with 413 PAYLOAD_TOO_LARGE', async () => {
    const query = `{ __typename }${' '.repeat(2 * 1024 * 1024)}`;
    expectRejected(await post(JSON.stringify({ query })), 413, 'PAYLOAD_TOO_LARGE');
  });

  it('refuses malformed JSON', async () => {
    expectRejected(await post('{"query": "{ __typename }"'), 400, 'BAD_REQUEST');
  });

  it('refuses simple content types (CSRF prevention) and a missing query', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      expectRejected(await post(JSON.stringify({ query: '{ __typename }' }), { 'content-type': type }), 400, 'BAD_REQUEST');
    }
    expectRejected(await post(JSON.stringify({ variables: {} })), 400, 'BAD_REQUEST');
  });

  it('refuses a mutation over GET with 405 METHOD_NOT_ALLOWED', async () => {
    const search = `?query=${encodeURIComponent('mutation { eraseMyData { erasedAt } }')}`;
    const answer = await send({ method: 'GET', search, headers: { authorization: `Bearer ${citizen}`, 'apollo-require-preflight': 'true', accept: 'application/json' } });
    expectRejected(answer, 405, 'METHOD_NOT_ALLOWED');
    const me = await graphql(hub, '{ me { name } }', {}, { token: citizen });
    expect((me.body.data!.me as any).name).toMatch(CITIZEN_NAME);
  });

  it('answers a syntax error and an unknown field with 400 and no schema hints', async () => {
    expectRejected(await post(JSON.stringify({ query: '{ me { ' })), 400, 'GRAPHQL_PARSE_FAILED');
    const unknown = await post(JSON.stringify({ query: '{ me { nam } }' }));
    expectRejected(unknown, 400, 'GRAPHQL_VALIDATION_FAILED');
    expect(unknown.text).not.toMatch(/Did you mean/);
  });
});

describe('smuggled operators and odd strings', () => {
  it('treats {"$gt": ""} and $where in string arguments as plain strings', async () => {
    for (const value of ['{"$gt": ""}', '$where', "this.x == 'y' || true"]) {
      const answer = await graphql(hub, 'query($d: ID) { sensors(districtId: $d, first: 5) { edges { node { id } } } }', { d: value }, { token: citizen });
      expect(answer.status).toBe(200);
      expect((answer.body.data!.sensors as any).edges).toEqual([]);
    }
    const object = await graphql(hub, 'query($d: ID) { sensors(districtId: $d, first: 5) { edges { node { id } } } }', { d: { $gt: '' } }, { token: citizen });
    expect(object.status).toBe(400);
    expect(object.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('refuses NUL and lone surrogates in a grant and stores nothing', async () => {
    const before = await storedConsents();
    const mutation = 'mutation($input: GrantConsentInput!) { grantConsent(input: $input) { id } }';
    for (const granteeId of ['robo\u0000taxi', 'robo\ud800taxi']) {
      const answer = await graphql(hub, mutation, { input: { granteeId, purpose: 'TAXI_ASSIST', categories: ['LOCATION'], validUntil: '2030-01-01T00:00:00Z' } }, { token: citizen });
      expect(answer.status).toBe(200);
      expect(answer.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
    const raw = await post('{"query":"{ me { id } }","variables":{"x":"\\ud800"}}');
    expect(raw.status).toBe(200);
    expect(await storedConsents()).toBe(before);
  });

  it('refuses NUL in a health declaration and keeps the health code unchanged', async () => {
    const before = await graphql(hub, '{ me { healthCode { status updatedAt } } }', {}, { token: citizen });
    const answer = await graphql(hub, 'mutation($input: SubmitHealthDeclarationInput!) { submitHealthDeclaration(input: $input) { healthCode { status } } }', { input: { symptoms: ['cough\u0000'], temperature: 36.6, recentTravel: [] } }, { token: citizen });
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const after = await graphql(hub, '{ me { healthCode { status updatedAt } } }', {}, { token: citizen });
    expect(after.body.data).toEqual(before.body.data);
  });
});

describe('introspection and credentials', () => {
  it('refuses a malformed bearer token and a token for an unknown department with 401', async () => {
    expectRejected(await post(JSON.stringify({ query: '{ __typename }' }), { authorization: 'Bearer not-a-jwt' }), 401, 'UNAUTHENTICATED');
    expectRejected(await post(JSON.stringify({ query: '{ __typename }' }), { authorization: 'Basic abc' }), 401, 'UNAUTHENTICATED');
  });

  it('lets staff without a purpose nowhere', async () => {
    const staff = await staffToken(hub, 'health');
    expectRejected(await post(JSON.stringify({ query: '{ __typename }' }), { authorization: `Bearer ${staff}` }), 400, 'BAD_USER_INPUT');
  });
});

describe('GraphQL over HTTP conformance (graphql-http server audits)', () => {
  it('passes every MUST audit', async () => {
    const audits = serverAudits({
      url: hub.url,
      fetchFn: (input: RequestInfo | URL, init?: RequestInit) =>
        fetch(input, { ...init, headers: { ...Object.fromEntries(new Headers(init?.headers).entries()), authorization: `Bearer ${citizen}` } }),
    });
    const must = audits.filter((audit) => audit.name.startsWith('MUST'));
    expect(must.length).toBeGreaterThan(5);
    const failures: string[] = [];
    for (const audit of must) {
      const result = await audit.fn();
      if (result.status !== 'ok') failures.push(`${audit.name}: ${result.reason}`);
    }
    expect(failures).toEqual([]);
  });
});
