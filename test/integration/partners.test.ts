import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sha256Hex as sha256 } from '../../platform/hash.js';
import { issueDevToken } from '../../gateway/auth/dev-issuer.js';
import { hubCli } from '../support/cli.js';
import { citizenToken, contract, errorText, graphql, LEAK_PATTERN, readRawFiles, startTestHub, type TestHub } from '../support/hub.js';

let hub: TestHub;
let robotaxiKey: string;
const TAXI = contract('partner-taxi-assist.graphql');
const VARIABLES = { a: 'C-0001', b: 'C-0002' };

beforeAll(async () => {
  hub = await startTestHub({ sensors: 500 });
  // Without --scopes the key gets robotaxi's registered scopes (seed): consent:read for the contract's `name`.
  robotaxiKey = (await hubCli(hub, ['key', 'issue', '--partner', 'robotaxi', '--expires-in', '30d'])).trim();
});
afterAll(async () => {
  await hub?.close();
});

function asPartner(key: string, purpose: string | undefined, body: Record<string, unknown>) {
  return fetch(hub.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `ApiKey ${key}`, ...(purpose ? { 'x-purpose': purpose } : {}) },
    body: JSON.stringify(body),
  }).then(async (r) => ({ status: r.status, headers: r.headers, body: (await r.json()) as any }));
}

describe('keys from the command line', () => {
  it('prints only a recognisable key with 256 bits of randomness, and stores only its hash', async () => {
    expect(robotaxiKey).toMatch(/^cgk_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    const secret = robotaxiKey.split('_').slice(2).join('_');
    const raw = readRawFiles(hub, 'consent.sqlite');
    expect(raw.length).toBeGreaterThan(0);
    expect(raw.includes(Buffer.from(secret))).toBe(false);
    const listed = (await hubCli(hub, ['key', 'list', '--partner', 'robotaxi'])).trim().split('\n').map((l) => JSON.parse(l));
    expect(listed[0]).toMatchObject({ partnerId: 'robotaxi', scopes: ['consent:read', 'consent:write', 'transport:read', 'transport:write', 'sensors:read'] });
    expect(JSON.stringify(listed)).not.toContain(secret);
  });
});

describe('contract: partner-taxi-assist', () => {
  it('answers as its header says: granted saved places, consent errors elsewhere, public intersections', async () => {
    const answer = await asPartner(robotaxiKey, 'TAXI_ASSIST', { query: TAXI, variables: VARIABLES });
    expect(answer.status).toBe(200);
    const data = answer.body.data;
    expect(data.a.id).toBe('C-0001');
    expect(data.a.savedPlaces.map((p: any) => p.label).sort()).toEqual(['Clinic', 'Home']);
    expect(data.a.name).toBeNull();
    expect(data.b).toMatchObject({ id: 'C-0002', name: null, savedPlaces: null });
    const codes = Object.fromEntries(answer.body.errors.map((e: any) => [e.path.join('.'), e.extensions.code]));
    expect(codes).toEqual({ 'a.name': 'CONSENT_REQUIRED', 'b.name': 'CONSENT_REQUIRED', 'b.savedPlaces': 'CONSENT_REQUIRED' });
    expect(data.intersections.length).toBe(5);
    expect(data.intersections.some((x: any) => x.blindSpotAlerts.length > 0)).toBe(true);
    for (const error of answer.body.errors) expect(error.extensions.requestId).toBe(answer.headers.get('x-request-id'));
  });

  it('runs the same operation by its SHA-256 alone', async () => {
    const answer = await asPartner(robotaxiKey, 'TAXI_ASSIST', { variables: VARIABLES, extensions: { persistedQuery: { version: 1, sha256Hash: sha256(TAXI) } } });
    expect(answer.status).toBe(200);
    expect(answer.body.data.a.savedPlaces).toHaveLength(2);
  });

  it('logs the partner’s access in the citizen’s access log under its display name', async () => {
    const token = await citizenToken(hub, 'C-0001');
    const log = await graphql(hub, '{ me { accessLog(first: 10) { edges { node { principal { kind id name } coordinate decision basis } } } } }', {}, { token });
    const partnerEntries = (log.body.data!.me as any).accessLog.edges.map((e: any) => e.node).filter((n: any) => n.principal.id === 'robotaxi');
    expect(partnerEntries.length).toBeGreaterThan(0);
    expect(partnerEntries[0].principal).toEqual({ kind: 'PARTNER', id: 'robotaxi', name: 'RoboTaxi Co.' });
    expect(partnerEntries.find((n: any) => n.coordinate === 'Citizen.savedPlaces')?.basis).toMatch(/^CONSENT:CG-/);
  });
});

describe('hostile partner requests, refused before any subgraph is called', () => {
  const cases: Array<{ name: string; run: () => Promise<{ status: number; body: any }>; status: number; code: string }> = [
    { name: 'no key', run: () => graphql(hub, TAXI, VARIABLES).then((a) => ({ status: a.status, body: a.body })), status: 401, code: 'UNAUTHENTICATED' },
    { name: 'a malformed key', run: () => asPartner('cgk_nope', 'TAXI_ASSIST', { query: TAXI, variables: VARIABLES }), status: 401, code: 'UNAUTHENTICATED' },
    { name: 'an unknown key of the right shape', run: () => asPartner(`cgk_${'0'.repeat(16)}_${'A'.repeat(43)}`, 'TAXI_ASSIST', { query: TAXI, variables: VARIABLES }), status: 401, code: 'UNAUTHENTICATED' },
    { name: 'no purpose', run: () => asPartner(robotaxiKey, undefined, { query: TAXI, variables: VARIABLES }), status: 400, code: 'BAD_USER_INPUT' },
    { name: 'an unknown purpose', run: () => asPartner(robotaxiKey, 'PROFIT', { query: TAXI, variables: VARIABLES }), status: 400, code: 'BAD_USER_INPUT' },
    { name: 'a purpose the partner does not hold', run: () => asPartner(robotaxiKey, 'RESEARCH', { query: TAXI, variables: VARIABLES }), status: 403, code: 'FORBIDDEN' },
    { name: 'an ad-hoc query', run: () => asPartner(robotaxiKey, 'TAXI_ASSIST', { query: '{ citizen(id: "C-0001") { savedPlaces { label } } }' }), status: 400, code: 'PERSISTED_QUERY_NOT_ALLOWED' },
    { name: 'the registered text with one character changed', run: () => asPartner(robotaxiKey, 'TAXI_ASSIST', { query: `${TAXI} `, variables: VARIABLES }), status: 400, code: 'PERSISTED_QUERY_NOT_ALLOWED' },
    { name: 'an unknown document hash', run: () => asPartner(robotaxiKey, 'TAXI_ASSIST', { extensions: { persistedQuery: { version: 1, sha256Hash: 'f'.repeat(64) } } }), status: 400, code: 'PERSISTED_QUERY_NOT_ALLOWED' },
  ];
  for (const c of cases) {
    it(`answers ${c.name} with ${c.status} ${c.code}`, async () => {
      const answer = await c.run();
      expect(answer.status).toBe(c.status);
      expect(answer.body.errors[0].extensions.code).toBe(c.code);
      expect(answer.body.data ?? null).toBeNull();
      expect(JSON.stringify(answer.body)).not.toMatch(LEAK_PATTERN);
    });
  }

  it('lets nobody register a document through automatic persisted queries', async () => {
    const token = await citizenToken(hub, 'C-0001');
    const query = '{ me { id } }';
    const register = await graphql(hub, query, {}, { token, headers: {} });
    expect(register.status).toBe(200);
    const byHash = await fetch(hub.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: sha256(query) } } }),
    });
    expect(byHash.status).toBe(400);
    expect(((await byHash.json()) as any).errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_ALLOWED');
  });

  it('refuses fields outside the key’s scopes with FORBIDDEN, and a purpose the operation is not bound to', async () => {
    const admin = await issueDevToken(hub.config, { sub: 'admin:test', roles: ['admin'] });
    const licensing = '{ expiringLicences(withinDays: 30) { id permits } }';
    const registered = await graphql(hub, 'mutation($input: RegisterPartnerOperationInput!) { registerPartnerOperation(input: $input) { sha256 } }', { input: { partnerId: 'robotaxi', document: licensing, purposes: ['TAXI_ASSIST'] } }, { token: admin });
    expect(registered.body.errors).toBeUndefined();
    // The safelist travels with the key check, which gateways reuse for a few seconds: a fresh key sees it at once.
    const freshKey = (await hubCli(hub, ['key', 'issue', '--partner', 'robotaxi', '--scopes', 'transport:read', '--expires-in', '1d'])).trim();
    const forbidden = await asPartner(freshKey, 'TAXI_ASSIST', { query: licensing });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.errors[0].extensions.code).toBe('FORBIDDEN');
    expect(forbidden.body.errors[0].message).toContain('Licence.permits');

    await hubCli(hub, ['partner', 'add', 'insurer', '--name', 'Careful Insurance', '--purposes', 'RESEARCH,TAXI_ASSIST']);
    const file = path.join(hub.config.dataDir, 'research.graphql');
    fs.writeFileSync(file, '{ districts { id floodRisk { level } } }');
    await hubCli(hub, ['operation', 'register', '--partner', 'insurer', '--purposes', 'RESEARCH', file]);
    const insurerKey = (await hubCli(hub, ['key', 'issue', '--partner', 'insurer', '--scopes', 'water:read', '--expires-in', '1d'])).trim();
    const research = await asPartner(insurerKey, 'RESEARCH', { query: '{ districts { id floodRisk { level } } }' });
    expect(research.status).toBe(200);
    expect(research.body.data.districts).toHaveLength(16);
    const wrongPurpose = await asPartner(insurerKey, 'TAXI_ASSIST', { query: '{ districts { id floodRisk { level } } }' });
    expect(wrongPurpose.status).toBe(400);
    expect(wrongPurpose.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_ALLOWED');
  });
});

describe('key lifecycle', () => {
  it('refuses an expired key', async () => {
    const key = (await hubCli(hub, ['key', 'issue', '--partner', 'robotaxi', '--scopes', 'transport:read', '--expires-in', '1d'])).trim();
    const db = new Database(path.join(hub.config.dataDir, 'consent.sqlite'));
    const id = key.split('_')[1];
    const row = db.prepare('SELECT doc FROM c_api_keys WHERE id = ?').get(id) as { doc: string };
    db.prepare('UPDATE c_api_keys SET doc = ? WHERE id = ?').run(JSON.stringify({ ...JSON.parse(row.doc), expiresAt: new Date(Date.now() - 1000).toISOString() }), id);
    db.close();
    const answer = await asPartner(key, 'TAXI_ASSIST', { query: TAXI, variables: VARIABLES });
    expect(answer.status).toBe(401);
    expect(answer.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a revoked key within 5 seconds, and records who revoked it', async () => {
    const key = (await hubCli(hub, ['key', 'issue', '--partner', 'robotaxi', '--scopes', 'consent:read,transport:read', '--expires-in', '1d'])).trim();
    expect((await asPartner(key, 'TAXI_ASSIST', { query: TAXI, variables: VARIABLES })).status).toBe(200);
    const keyId = key.split('_')[1]!;
    await hubCli(hub, ['key', 'revoke', keyId]);
    const admin = await issueDevToken(hub.config, { sub: 'admin:test', roles: ['admin'] });
    const trail = await graphql(hub, '{ adminAuditTrail(first: 50) { at action target actor } }', {}, { token: admin });
    const revocation = (trail.body.data!.adminAuditTrail as any[]).find((e) => e.action === 'KEY_REVOKED' && e.target === keyId);
    expect(revocation?.actor).toMatch(/^cli:/);
    const revokedAt = Date.parse(revocation.at);
    let refusedAt: number | undefined;
    while (refusedAt === undefined && Date.now() - revokedAt < 10_000) {
      if ((await asPartner(key, 'TAXI_ASSIST', { query: TAXI, variables: VARIABLES })).status === 401) refusedAt = Date.now();
      else await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // Refused no later than 5 s after the revocation was written (the gateway reuses a key check for 4 s).
    expect(refusedAt).toBeDefined();
    expect(refusedAt! - revokedAt).toBeLessThanOrEqual(5000);
  });

  it('rotates a key: the new key works at once and the old one during the grace period', async () => {
    const admin = await issueDevToken(hub.config, { sub: 'admin:rotator', roles: ['admin'] });
    const issued = await graphql(hub, 'mutation { issueApiKey(input: { partnerId: "robotaxi", scopes: ["consent:read", "transport:read"], expiresIn: "2d" }) { key apiKey { id status } } }', {}, { token: admin });
    const { key, apiKey } = issued.body.data!.issueApiKey as any;
    expect(apiKey.status).toBe('ACTIVE');
    const rotated = await graphql(hub, 'mutation($id: ID!) { rotateApiKey(keyId: $id) { key replacedKeyValidUntil apiKey { id } } }', { id: apiKey.id }, { token: admin });
    const next = rotated.body.data!.rotateApiKey as any;
    expect(Date.parse(next.replacedKeyValidUntil) - Date.now()).toBeGreaterThan(23 * 3600_000);
    expect((await asPartner(next.key, 'TAXI_ASSIST', { query: TAXI, variables: VARIABLES })).status).toBe(200);
    expect((await asPartner(key, 'TAXI_ASSIST', { query: TAXI, variables: VARIABLES })).status).toBe(200);
    const trail = await graphql(hub, '{ adminAuditTrail(first: 10) { action actor } }', {}, { token: admin });
    expect((trail.body.data!.adminAuditTrail as any[]).map((e) => `${e.action}:${e.actor}`)).toEqual(expect.arrayContaining(['KEY_ROTATED:admin:admin:rotator', 'KEY_ISSUED:admin:admin:rotator']));
  });

  it('lets only administrators manage partners and keys', async () => {
    const citizen = await citizenToken(hub, 'C-0001');
    const answer = await graphql(hub, 'mutation { issueApiKey(input: { partnerId: "robotaxi", scopes: ["transport:read"], expiresIn: "2d" }) { key } }', {}, { token: citizen });
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(answer.body.data).toBeNull();
    expect(errorText(answer)).not.toMatch(LEAK_PATTERN);
  });
});

describe('rate limits per key', () => {
  it('answers 429 RATE_LIMITED with Retry-After past the key’s quota, and leaves other keys alone', async () => {
    await hubCli(hub, ['partner', 'add', 'tiny', '--name', 'Tiny Startup', '--purposes', 'TAXI_ASSIST', '--requests-per-minute', '18']);
    const file = path.join(hub.config.dataDir, 'tiny.graphql');
    fs.writeFileSync(file, TAXI);
    await hubCli(hub, ['operation', 'register', '--partner', 'tiny', '--purposes', 'TAXI_ASSIST', file]);
    const tinyKey = (await hubCli(hub, ['key', 'issue', '--partner', 'tiny', '--scopes', 'consent:read,transport:read', '--expires-in', '1d'])).trim();
    // 18 a minute: a token bucket of 10 s worth (3 requests), one more every 3.3 s.
    const statuses: number[] = [];
    let limited: Awaited<ReturnType<typeof asPartner>> | undefined;
    for (let i = 0; i < 4; i++) {
      const answer = await asPartner(tinyKey, 'TAXI_ASSIST', { query: TAXI, variables: VARIABLES });
      statuses.push(answer.status);
      if (answer.status === 429) limited = answer;
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(limited!.body.errors[0].extensions.code).toBe('RATE_LIMITED');
    const retryAfter = Number(limited!.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(4);
    expect((await asPartner(robotaxiKey, 'TAXI_ASSIST', { query: TAXI, variables: VARIABLES })).status).toBe(200);
  });
});
