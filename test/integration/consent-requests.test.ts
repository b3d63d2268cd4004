import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readReceipt } from '../../consent/crypto/authority-signing.js';
import type { Doc } from '../../platform/store/types.js';
import { createConsentServices } from '../../consent/subgraph/services.js';
import { citizenToken, contract, graphql, staffToken, startTestHub, type TestHub } from '../support/hub.js';
import { labelled } from '../support/labelled.js';

/** Issue 16, item 6: consent requests (ARCHITECTURE §4, contract consent-request.graphql). */
let hub: TestHub;
let robotaxiKey: string;
let narrowKey: string;
let readOnlyKey: string;
const REQUEST = contract('consent-request.graphql');
const TAXI = contract('partner-taxi-assist.graphql');
const PER_DAY = 12;

beforeAll(async () => {
  hub = await startTestHub({ citizens: 100, sensors: 500, env: { HUB_CONSENT_REQUESTS_PER_DAY: String(PER_DAY) } });
  // Keys are issued in process by the consent service's own PartnerService (the CLI path has its own test in
  // partners.test.ts; three CLI processes here only slow a busy machine down).
  const { partners } = await createConsentServices(hub.config, hub.servers.get('consent')!.store);
  const issue = async (scopes: string) => (await partners.issueKey('test', { partnerId: 'robotaxi', scopes: scopes.split(','), expiresInMs: 30 * 86_400_000 })).key;
  robotaxiKey = await issue('consent:read,consent:write,transport:read,transport:write,sensors:read');
  narrowKey = await issue('consent:read,consent:write,sensors:read');
  readOnlyKey = await issue('consent:read,transport:read');
}, 120_000);
afterAll(async () => {
  await hub?.close();
});

type Answer = { status: number; body: { data?: Record<string, any> | null; errors?: Array<{ message: string; path?: unknown[]; extensions?: Record<string, any> }> } };

async function post(body: Record<string, unknown>, headers: Record<string, string>): Promise<Answer> {
  const response = await fetch(hub.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as Answer['body'] };
}

const asPartner = (key: string, operationName: string, variables: Record<string, unknown>, query = REQUEST) =>
  post({ query, operationName, variables }, { authorization: `ApiKey ${key}`, 'x-purpose': 'TAXI_ASSIST' });
const asCitizen = async (citizenId: string, operationName: string, variables: Record<string, unknown> = {}) =>
  post({ query: REQUEST, operationName, variables }, { authorization: `Bearer ${await citizenToken(hub, citizenId)}` });

const requestInput = (citizenId: string, overrides: Record<string, unknown> = {}) => ({
  input: { citizenId, purpose: 'TAXI_ASSIST', categories: ['LOCATION'], subgraphs: ['transport'], validUntil: '2030-01-01T00:00:00Z', reason: 'To pick you up at home when you book a ride.', ...overrides },
});
const codes = (answer: Answer) => (answer.body.errors ?? []).map((e) => e.extensions?.code);
const requestCount = async () => (await hub.servers.get('consent')!.store.collection<Doc>({ name: 'consent_requests' })).count();

async function publicKey(): Promise<Uint8Array> {
  const answer = await graphql(hub, '{ consentAuthorityPublicKey }');
  return new Uint8Array(Buffer.from(answer.body.data!.consentAuthorityPublicKey as string, 'base64url'));
}

describe('contract: consent-request', () => {
  it('a partner asks, the citizen sees it pending and approves: a grant bound to exactly what was asked, with a receipt', async () => {
    const before = await asPartner(robotaxiKey, 'PartnerTaxiAssist', { a: 'C-0003', b: 'C-0002' }, TAXI);
    expect(before.body.data!.a.savedPlaces).toBeNull();

    const asked = await asPartner(robotaxiKey, 'RequestConsent', requestInput('C-0003'));
    expect(asked.status).toBe(200);
    expect(asked.body.errors).toBeUndefined();
    const request = asked.body.data!.requestConsent;
    expect(request).toMatchObject({
      status: 'PENDING',
      requester: { id: 'robotaxi', name: 'RoboTaxi Co.' },
      purpose: 'TAXI_ASSIST',
      categories: ['LOCATION'],
      subgraphs: ['transport'],
      validUntil: '2030-01-01T00:00:00.000Z',
      reason: 'To pick you up at home when you book a ride.',
    });
    expect(Date.parse(request.expiresAt)).toBeGreaterThan(Date.now());

    const pending = await asCitizen('C-0003', 'MyConsentRequests');
    expect(pending.body.errors).toBeUndefined();
    expect(pending.body.data!.me.consentRequests).toEqual([
      { id: request.id, requester: { id: 'robotaxi', name: 'RoboTaxi Co.' }, purpose: 'TAXI_ASSIST', categories: ['LOCATION'], subgraphs: ['transport'], reason: request.reason, expiresAt: request.expiresAt },
    ]);

    const approved = await asCitizen('C-0003', 'RespondToConsentRequest', { id: request.id, approve: true });
    expect(approved.body.errors).toBeUndefined();
    const answer = approved.body.data!.respondToConsentRequest;
    expect(answer).toMatchObject({ id: request.id, status: 'APPROVED', grant: { purpose: 'TAXI_ASSIST', categories: ['LOCATION'], subgraphs: ['transport'], status: 'ACTIVE' } });
    const receipt = readReceipt(await publicKey(), answer.grant.receipt);
    expect(receipt).toMatchObject({ action: 'GRANTED', grantId: answer.grant.id, citizenId: 'C-0003', grantee: { id: 'robotaxi' }, scope: [{ subgraph: 'transport', category: 'LOCATION' }] });

    const after = await asPartner(robotaxiKey, 'PartnerTaxiAssist', { a: 'C-0003', b: 'C-0002' }, TAXI);
    expect(after.body.data!.a.savedPlaces).not.toBeNull();
    expect((await asCitizen('C-0003', 'MyConsentRequests')).body.data!.me.consentRequests).toEqual([]);
    const again = await asCitizen('C-0003', 'RespondToConsentRequest', { id: request.id, approve: false });
    expect(codes(again)).toEqual(['BAD_USER_INPUT']);
  });

  it('a department asks, the citizen declines: no grant, and the requester sees DECLINED', async () => {
    const transport = await staffToken(hub, 'transport');
    const asked = await graphql(hub, REQUEST.replace(/query MyConsentRequests[\s\S]*$/, ''), requestInput('C-0004', { purpose: 'TRANSIT_ACCESS' }), { token: transport, purpose: 'TRANSIT_ACCESS' });
    expect(asked.body.errors).toBeUndefined();
    const id = (asked.body.data!.requestConsent as any).id;
    expect((asked.body.data!.requestConsent as any).requester).toEqual({ id: 'transport', name: 'Transport Department' });
    const declined = await asCitizen('C-0004', 'RespondToConsentRequest', { id, approve: false });
    expect(declined.body.data!.respondToConsentRequest).toEqual({ id, status: 'DECLINED', grant: null });
    const seen = await graphql(hub, 'query($id: ID!) { consentRequest(id: $id) { status grant { id } } }', { id }, { token: transport, purpose: 'TRANSIT_ACCESS' });
    expect(seen.body.data!.consentRequest).toEqual({ status: 'DECLINED', grant: null });
    const me = await graphql(hub, '{ me { consents { id } } }', {}, { token: await citizenToken(hub, 'C-0004') });
    expect((me.body.data!.me as any).consents).toEqual([]);
    const other = await graphql(hub, 'query($id: ID!) { consentRequest(id: $id) { status } }', { id }, { token: await staffToken(hub, 'health'), purpose: 'SERVICE_DELIVERY' });
    expect(other.body.data!.consentRequest).toBeNull();
  });

  it('a request past its expiresAt can no longer be approved (BAD_USER_INPUT), and shows EXPIRED', async () => {
    const expiresAt = new Date(Date.now() + 1500).toISOString();
    const asked = await asPartner(robotaxiKey, 'RequestConsent', requestInput('C-0005', { expiresAt }));
    expect(asked.body.errors).toBeUndefined();
    const id = asked.body.data!.requestConsent.id;
    await new Promise((resolve) => setTimeout(resolve, 1800));
    const late = await asCitizen('C-0005', 'RespondToConsentRequest', { id, approve: true });
    expect(codes(late)).toEqual(['BAD_USER_INPUT']);
    const listed = await graphql(hub, '{ me { consentRequests { id status } consents { id } } }', {}, { token: await citizenToken(hub, 'C-0005') });
    expect((listed.body.data!.me as any).consentRequests).toEqual([{ id, status: 'EXPIRED' }]);
    expect((listed.body.data!.me as any).consents).toEqual([]);
  });

  it('logs each request in the citizen’s access log: who asked, for what, never the reason', async () => {
    const asked = await asPartner(robotaxiKey, 'RequestConsent', requestInput('C-0006', { reason: 'A reason that must never be in a log entry.' }));
    const id = asked.body.data!.requestConsent.id;
    const log = await graphql(hub, '{ me { accessLog(first: 5) { edges { node { coordinate category decision basis purpose principal { kind id name } } } } accessLogVerification { ok } } }', {}, { token: await citizenToken(hub, 'C-0006') });
    const entries = (log.body.data!.me as any).accessLog.edges.map((e: any) => e.node);
    expect(entries).toContainEqual({ coordinate: 'Mutation.requestConsent', category: 'LOCATION', decision: 'DENIED', basis: `REQUEST:${id}`, purpose: 'TAXI_ASSIST', principal: { kind: 'PARTNER', id: 'robotaxi', name: 'RoboTaxi Co.' } });
    expect(JSON.stringify(log.body)).not.toContain('must never be');
    expect((log.body.data!.me as any).accessLogVerification.ok).toBe(true);
  });

  it('logs every request on its own, however soon the same requester asks again: none is folded into a count', async () => {
    // Refusals repeated within a minute are counted in one entry (ARCHITECTURE §4); a request is not a refusal but
    // something the citizen can answer, so each one must be an entry naming it (its flood bound is the daily limit).
    const first = (await asPartner(robotaxiKey, 'RequestConsent', requestInput('C-0007'))).body.data!.requestConsent.id as string;
    const second = (await asPartner(robotaxiKey, 'RequestConsent', requestInput('C-0007'))).body.data!.requestConsent.id as string;
    const third = (await asPartner(robotaxiKey, 'RequestConsent', requestInput('C-0007'))).body.data!.requestConsent.id as string;
    const log = await graphql(hub, '{ me { accessLog(first: 20) { edges { node { coordinate basis count } } } } }', {}, { token: await citizenToken(hub, 'C-0007') });
    const entries = (log.body.data!.me as any).accessLog.edges.map((e: any) => e.node).filter((n: any) => n.coordinate === 'Mutation.requestConsent');
    labelled('each request is one entry naming it', () => expect(entries.map((n: any) => n.basis).sort()).toEqual([first, second, third].map((id) => `REQUEST:${id}`).sort()));
    labelled('no request entry is a count', () => expect(entries.filter((n: any) => n.count !== null && n.count !== undefined)).toEqual([]));
  });
});

describe('who may ask for what', () => {
  it('refuses purposes the requester does not hold, subgraphs a partner key does not name, and keys without consent:write; stores nothing', async () => {
    const before = await requestCount();
    const health = await staffToken(hub, 'sensors');
    const wrongPurpose = await graphql(hub, 'mutation($input: ConsentRequestInput!) { requestConsent(input: $input) { id } }', requestInput('C-0007', { purpose: 'PUBLIC_HEALTH', subgraphs: ['health'] }), { token: health, purpose: 'SERVICE_DELIVERY' });
    labelled('sensors asking for PUBLIC_HEALTH', () => expect(codes(wrongPurpose)).toEqual(['FORBIDDEN']));
    const partnerPurpose = await asPartner(robotaxiKey, 'RequestConsent', requestInput('C-0007', { purpose: 'RESEARCH' }));
    labelled('robotaxi asking for RESEARCH', () => expect(codes(partnerPurpose)).toEqual(['FORBIDDEN']));
    const outsideScopes = await asPartner(narrowKey, 'RequestConsent', requestInput('C-0007'));
    labelled('a key without transport scopes asking for transport', () => expect(codes(outsideScopes)).toEqual(['FORBIDDEN']));
    const defaulted = await asPartner(robotaxiKey, 'RequestConsent', requestInput('C-0007', { subgraphs: null, categories: ['LOCATION', 'HEALTH'] }));
    labelled('HEALTH defaults to the health subgraph, which the key does not name', () => expect(codes(defaulted)).toEqual(['FORBIDDEN']));
    const noWrite = await asPartner(readOnlyKey, 'RequestConsent', requestInput('C-0007'));
    labelled('a key without consent:write', () => expect(noWrite.status).toBe(403));
    labelled('a key without consent:write', () => expect(codes(noWrite)).toEqual(['FORBIDDEN']));
    const citizen = await asCitizen('C-0007', 'RequestConsent', requestInput('C-0008'));
    labelled('a citizen asking', () => expect(codes(citizen)).toEqual(['FORBIDDEN']));
    expect(await requestCount()).toBe(before);
  });

  it('refuses a reason over 280 characters, an empty one and bad dates with BAD_USER_INPUT; stores nothing', async () => {
    const before = await requestCount();
    const cases: Array<[string, Record<string, unknown>]> = [
      ['281 characters', { reason: 'x'.repeat(281) }],
      ['empty reason', { reason: '   ' }],
      ['control characters', { reason: 'Hello\u0000there' }],
      ['past validUntil', { validUntil: '2001-01-01T00:00:00Z' }],
      ['expiresAt beyond 30 days', { expiresAt: '2029-01-01T00:00:00Z' }],
      ['unknown subgraph', { subgraphs: ['nowhere'] }],
    ];
    for (const [label, overrides] of cases) {
      const answer = await asPartner(robotaxiKey, 'RequestConsent', requestInput('C-0007', overrides));
      labelled(label, () => expect(codes(answer)).toEqual(['BAD_USER_INPUT']));
    }
    const exactly = await asPartner(robotaxiKey, 'RequestConsent', requestInput('C-0007', { reason: 'y'.repeat(280) }));
    expect(exactly.body.errors).toBeUndefined();
    expect(await requestCount()).toBe(before + 1);
  });
});

describe('no oracle: unknown, erased and blocking citizens get the same answer', () => {
  it('answers alike for a known, an unknown, an erased and a blocking citizen; only the known one sees the request', async () => {
    await graphql(hub, 'mutation { eraseMyData { erasedAt } }', {}, { token: await citizenToken(hub, 'C-0050') });
    const blocked = await graphql(hub, 'mutation { blockRequester(requesterId: "robotaxi") { id } }', {}, { token: await citizenToken(hub, 'C-0051') });
    expect(blocked.body.data!.blockRequester).toEqual([{ id: 'robotaxi' }]);

    const shapes: Record<string, unknown> = {};
    for (const citizenId of ['C-0052', 'C-9999', 'C-0050', 'C-0051']) {
      const answer = await asPartner(robotaxiKey, 'RequestConsent', requestInput(citizenId));
      labelled(citizenId, () => expect(answer.status).toBe(200));
      labelled(citizenId, () => expect(answer.body.errors).toBeUndefined());
      const { id, expiresAt, ...rest } = answer.body.data!.requestConsent;
      labelled(citizenId, () => expect(id).toMatch(/^CR-[0-9a-f-]{36}$/));
      labelled(citizenId, () => expect(Math.abs(Date.parse(expiresAt) - Date.now() - 14 * 86_400_000)).toBeLessThan(60_000));
      shapes[citizenId] = rest;
    }
    expect(shapes['C-9999']).toEqual(shapes['C-0052']);
    expect(shapes['C-0050']).toEqual(shapes['C-0052']);
    expect(shapes['C-0051']).toEqual(shapes['C-0052']);

    expect((await asCitizen('C-0052', 'MyConsentRequests')).body.data!.me.consentRequests).toHaveLength(1);
    expect((await asCitizen('C-0051', 'MyConsentRequests')).body.data!.me.consentRequests).toEqual([]);
    const unblocked = await graphql(hub, 'mutation { unblockRequester(requesterId: "robotaxi") { id } }', {}, { token: await citizenToken(hub, 'C-0051') });
    expect(unblocked.body.data!.unblockRequester).toEqual([]);
  });
});

describe('rate limit', () => {
  it(`allows ${PER_DAY} requests a day per requester, then RATE_LIMITED; other requesters are unaffected`, async () => {
    const water = await staffToken(hub, 'water');
    const ask = (citizenId: string) =>
      graphql(hub, 'mutation($input: ConsentRequestInput!) { requestConsent(input: $input) { id status } }', requestInput(citizenId, { purpose: 'FLOOD_RESPONSE', categories: ['CONTACT'], subgraphs: ['consent'] }), { token: water, purpose: 'FLOOD_RESPONSE' });
    for (let i = 0; i < PER_DAY; i++) await ask(`C-00${60 + i}`).then((a) => labelled(`request ${i + 1}`, () => expect(a.body.errors).toBeUndefined()));
    const over = await ask('C-0090');
    expect(codes(over)).toEqual(['RATE_LIMITED']);
    const sensors = await graphql(hub, 'mutation($input: ConsentRequestInput!) { requestConsent(input: $input) { status } }', requestInput('C-0090', { purpose: 'SERVICE_DELIVERY', categories: ['IDENTITY'], subgraphs: ['consent'] }), { token: await staffToken(hub, 'sensors'), purpose: 'SERVICE_DELIVERY' });
    expect(sensors.body.errors).toBeUndefined();
  });
});
