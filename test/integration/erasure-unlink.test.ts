import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readReceipt, signReceipt } from '../../consent/crypto/authority-signing.js';
import { RideRequestIds } from '../../consent/services/ride-request-ids.js';
import { issueDevToken } from '../../gateway/auth/dev-issuer.js';
import { createConsentServices } from '../../consent/subgraph/services.js';
import { ConsentStore } from '../../consent/subgraph/store.js';
import { masterKey } from '../../platform/keys.js';
import { deriveKey } from '../../platform/sodium.js';
import { seedGrantees } from '../../seed/consent.js';
import { citizenToken, contract, graphql, staffToken, startTestHub, type TestHub } from '../support/hub.js';
import { labelled } from '../support/labelled.js';
import { RawTransparencyLeaves } from '../support/raw-transparency-leaves.js';

/**
 * Issue 11 item 5: erasure keeps the tree verifiable while the erased citizen's entries become unlinkable. A leaf
 * names its citizen only by a tag keyed from the (shredded) data key; a row of the consent store that names the
 * citizen beside an identifier one of their leaves carries (a grant id, a request id, a salted hash) would tie that
 * leaf, and through its tag every other leaf of theirs, back to them.
 */
let hub: TestHub;
let partnerKey: string;
const CITIZEN = 'C-0001';
const CAP = 3;

beforeAll(async () => {
  hub = await startTestHub({ citizens: 30, sensors: 100, env: { HUB_RATE_CITIZEN_BURST: '1000', HUB_RATE_CITIZEN_PER_SECOND: '1000', HUB_BREAK_GLASS_CITIZENS_PER_HOUR: String(CAP) } });
  const { partners } = await createConsentServices(hub.config, hub.servers.get('consent')!.store);
  partnerKey = (await partners.issueKey('test', { partnerId: 'robotaxi', scopes: ['consent:read', 'consent:write', 'transport:read'], expiresInMs: 30 * 86_400_000 })).key;
}, 120_000);
afterAll(async () => {
  await hub?.close();
});

/** The partner's registered operation (a partner may run only those). */
async function partnerAsks(reason: string): Promise<{ data?: Record<string, any> | null; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> }> {
  const body = { query: contract('consent-request.graphql'), operationName: 'RequestConsent', variables: requestInput('TAXI_ASSIST', reason) };
  const response = await fetch(hub.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `ApiKey ${partnerKey}`, 'x-purpose': 'TAXI_ASSIST' }, body: JSON.stringify(body) });
  return (await response.json()) as { data?: Record<string, any> | null };
}

const REQUEST = 'mutation($input: ConsentRequestInput!) { requestConsent(input: $input) { id status } }';
const requestInput = (purpose: string, reason: string) => ({
  input: { citizenId: CITIZEN, purpose, categories: ['LOCATION'], subgraphs: ['transport'], validUntil: '2030-01-01T00:00:00Z', reason },
});

interface LeafContent {
  citizen: string;
  requestId?: string;
  basis?: string | null;
  justificationHash?: string;
  principal?: { endUserHash?: string };
  grant?: { id: string; receiptHash: string };
}

function rawLeaves(): LeafContent[] {
  const raw = new RawTransparencyLeaves(path.join(hub.config.dataDir, 'consent.sqlite'));
  try {
    return raw.leaves().map((l) => JSON.parse(l.leaf.toString('utf8')) as LeafContent);
  } finally {
    raw.close();
  }
}

/** A citizen's own leaves, newest first, as the graph serves them. */
async function ownLog(token: string): Promise<LeafContent[]> {
  const own = await graphql(hub, '{ me { accessLog(first: 100) { edges { node { leaf } } } } }', {}, { token });
  const edges = (own.body.data!.me as { accessLog: { edges: Array<{ node: { leaf: string } }> } }).accessLog.edges;
  return edges.map((e) => JSON.parse(Buffer.from(e.node.leaf, 'base64').toString('utf8')) as LeafContent);
}

/** Every identifier a leaf carries that a store row could share: request ids, the ids in its basis, grant ids and hashes. */
function identifiersOf(leaf: LeafContent): string[] {
  const basisId = leaf.basis?.includes(':') ? leaf.basis.slice(leaf.basis.indexOf(':') + 1) : undefined;
  return [leaf.requestId, basisId, leaf.justificationHash, leaf.principal?.endUserHash, leaf.grant?.id, leaf.grant?.receiptHash].filter((v): v is string => typeof v === 'string' && v.length >= 8);
}

/** Every row of every table of the consent store's file, as text, read on a connection of its own. */
function rawRows(): Array<{ table: string; text: string }> {
  const db = new Database(path.join(hub.config.dataDir, 'consent.sqlite'), { readonly: true });
  try {
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>).map((t) => t.name).filter((t) => t !== 'l_transparency_leaves');
    return tables.flatMap((table) => (db.prepare(`SELECT * FROM "${table}"`).all() as Array<Record<string, unknown>>).map((row) => ({ table, text: JSON.stringify(row) })));
  } finally {
    db.close();
  }
}

describe('after erasure nothing in the consent store ties the erased citizen to their leaves', () => {
  it('grants, consent requests and break-glass uses keep no row naming the citizen beside a leaf identifier; the requester and the review still see theirs', async () => {
    const citizen = await citizenToken(hub, CITIZEN);

    // A pending request from a partner; a pending one and an approved one (its grant then paused) from a department.
    const partnerPending = await partnerAsks('To pick you up at home when you book a ride.');
    expect(partnerPending.errors).toBeUndefined();
    const partnerPendingId = partnerPending.data!.requestConsent.id as string;
    const transport = await staffToken(hub, 'transport');
    const asDepartment = (query: string, variables: Record<string, unknown>) => graphql(hub, query, variables, { token: transport, purpose: 'TRANSIT_ACCESS' });
    const pending = await asDepartment(REQUEST, requestInput('TRANSIT_ACCESS', 'To renew your concession card.'));
    expect(pending.body.errors).toBeUndefined();
    const pendingId = (pending.body.data!.requestConsent as { id: string }).id;
    const approvedAsk = await asDepartment(REQUEST, requestInput('TRANSIT_ACCESS', 'To plan your accessible rides.'));
    const approvedId = (approvedAsk.body.data!.requestConsent as { id: string }).id;
    const approved = await graphql(hub, 'mutation($id: ID!) { respondToConsentRequest(id: $id, approve: true) { status grant { id } } }', { id: approvedId }, { token: citizen });
    expect(approved.body.errors).toBeUndefined();
    const grantId = (approved.body.data!.respondToConsentRequest as { grant: { id: string } }).grant.id;
    const paused = await graphql(hub, 'mutation($id: ID!) { pauseConsent(id: $id) { status } }', { id: grantId }, { token: citizen });
    expect(paused.body.errors).toBeUndefined();

    // An official's break-glass read.
    const emergency = await graphql(hub, '{ citizen(id: "C-0001") { name } }', {}, {
      token: await staffToken(hub, 'transport', { official: 'T-0042', emergency: true }),
      purpose: 'EMERGENCY',
      headers: { 'x-justification': 'Flood evacuation, resident unreachable by phone' },
    });
    expect(emergency.body.errors).toBeUndefined();

    // The citizen's tag, computable only while their data key lives: the `citizen` of their own leaves.
    const own = await graphql(hub, '{ me { accessLog(first: 1) { edges { node { leaf } } } } }', {}, { token: citizen });
    const firstLeaf = (own.body.data!.me as { accessLog: { edges: Array<{ node: { leaf: string } }> } }).accessLog.edges[0]!.node.leaf;
    const tag = (JSON.parse(Buffer.from(firstLeaf, 'base64').toString('utf8')) as LeafContent).citizen;
    const verifiedBefore = (await graphql(hub, '{ me { accessLogVerification { ok checkedEntries } } }', {}, { token: await citizenToken(hub, 'C-0002') })).body.data!.me as { accessLogVerification: { ok: boolean; checkedEntries: number } };

    const first = await graphql(hub, 'mutation { eraseMyData { erasedAt receipt } }', {}, { token: citizen });
    expect(first.body.errors).toBeUndefined();

    // Every identifier in the erased citizen's leaves (the grant's, both requests', the break-glass request's and hash).
    const theirs = rawLeaves().filter((l) => l.citizen === tag);
    const identifiers = new Set(theirs.flatMap(identifiersOf));
    // (The department's second request is folded into the first one's refusal entry, a count entry: its id is in no leaf.)
    for (const expected of [grantId, partnerPendingId, pendingId]) labelled(`leaf identifier ${expected}`, () => expect(identifiers.has(expected)).toBe(true));
    expect(theirs.some((l) => l.justificationHash)).toBe(true);

    // No row of the consent store holds both the citizen's id and one of those identifiers.
    const tying = rawRows()
      .filter((row) => row.text.includes(CITIZEN))
      .flatMap((row) => [...identifiers].filter((id) => row.text.includes(id)).map((id) => `${row.table}: ${id}`));
    expect(tying).toEqual([]);

    // The tree still verifies.
    const verifiedAfter = (await graphql(hub, '{ me { accessLogVerification { ok checkedEntries } } }', {}, { token: await citizenToken(hub, 'C-0002') })).body.data!.me as { accessLogVerification: { ok: boolean; checkedEntries: number } };
    expect(verifiedAfter).toEqual(verifiedBefore);

    // The requester still sees its requests' fate: the pending one as any undelivered request (no oracle), the approved one approved.
    // Its consent went with the citizen's erasure.
    const seen = await asDepartment('query($a: ID!, $b: ID!) { a: consentRequest(id: $a) { id status } b: consentRequest(id: $b) { id status grant { id } } }', { a: pendingId, b: approvedId });
    expect(seen.body.errors).toBeUndefined();
    expect(seen.body.data).toEqual({ a: { id: pendingId, status: 'PENDING' }, b: { id: approvedId, status: 'APPROVED', grant: null } });
    // The department, reading the citizen, gets DATA_ERASED whatever grant it held.
    const read = await asDepartment('{ citizen(id: "C-0001") { name } }', {});
    expect(read.body.errors?.[0]?.extensions?.code).toBe('DATA_ERASED');

    // The receipt says what went and what stays without the citizen.
    const publicKey = new Uint8Array(Buffer.from((await graphql(hub, '{ consentAuthorityPublicKey }')).body.data!.consentAuthorityPublicKey as string, 'base64url'));
    const receipt = readReceipt(publicKey, (first.body.data!.eraseMyData as { receipt: string }).receipt) as { deleted: string[]; unlinked: string[] };
    expect(receipt.deleted).toContain('2 consents');
    expect(receipt.unlinked).toEqual(['3 consent requests', '1 break-glass uses']);

    // The city's review still lists the break-glass use: who, when, the justification's hash, but no longer on whom.
    const admin = await issueDevToken(hub.config, { sub: 'admin:reviewer', roles: ['admin'] });
    const review = await graphql(hub, '{ breakGlassUses(official: "T-0042") { citizenId official department justification justificationHash at } }', {}, { token: admin });
    expect(review.body.errors).toBeUndefined();
    const uses = review.body.data!.breakGlassUses as Array<{ citizenId: string; justification: string | null; justificationHash: string }>;
    expect(uses).toHaveLength(1);
    expect(uses[0]).toMatchObject({ citizenId: 'ERASED', official: 'T-0042', department: 'transport', justification: null });
    expect(identifiers.has(uses[0]!.justificationHash)).toBe(true);

    // A second erasure answers the first one's receipt.
    const second = await graphql(hub, 'mutation { eraseMyData { erasedAt receipt } }', {}, { token: citizen });
    expect(second.body.errors).toBeUndefined();
    expect((second.body.data!.eraseMyData as { erasedAt: string }).erasedAt).toBe((first.body.data!.eraseMyData as { erasedAt: string }).erasedAt);
  });

  it("leaves no way from an erased citizen's rides in transport's store to their one-ride requests' leaves", async () => {
    const RIDER = 'C-0015';
    const rider = await citizenToken(hub, RIDER);
    const asRider = (query: string, variables: Record<string, unknown> = {}, operationName?: string) =>
      graphql(hub, query, variables, { token: rider, ...(operationName ? { operationName } : {}) });
    const hail = async (fromLabel: string, toLabel: string): Promise<string> => {
      const hailed = await asRider(contract('taxi-dispatch.graphql'), { input: { fromLabel, toLabel } }, 'HailTaxi');
      labelled(`hail ${fromLabel} -> ${toLabel}`, () => expect(hailed.body.errors).toBeUndefined());
      return (hailed.body.data!.hailTaxi as { id: string }).id;
    };
    // No partner holds the rider's grant: each ride waits for a one-ride request, which the dispatcher asks at once.
    const pendingFor = async (rideId: string): Promise<string> => {
      for (let attempt = 0; attempt < 50; attempt++) {
        const mine = await asRider('{ me { consentRequests(status: PENDING) { id onlyRecord { id } } } }');
        const request = (mine.body.data!.me as { consentRequests: Array<{ id: string; onlyRecord: { id: string } | null }> }).consentRequests.find((r) => r.onlyRecord?.id === rideId);
        if (request) return request.id;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`no one-ride request for ${rideId}`);
    };
    const approvedRide = await hail('Home', 'Clinic');
    const approved = await asRider('mutation($id: ID!) { respondToConsentRequest(id: $id, approve: true) { status } }', { id: await pendingFor(approvedRide) });
    expect(approved.body.errors).toBeUndefined();
    const pendingRide = await hail('Clinic', 'Home');
    await pendingFor(pendingRide);

    const services = await createConsentServices(hub.config, hub.servers.get('consent')!.store);
    const tag = (await ownLog(rider))[0]!.citizen;

    const erased = await asRider('mutation { eraseMyData { erasedAt } }');
    expect(erased.body.errors).toBeUndefined();

    // What anyone holding transport's store knows: the erased citizen's ride ids; and the partners, from the public directory.
    const transportDb = new Database(path.join(hub.config.dataDir, 'transport.sqlite'), { readonly: true });
    let rideIds: string[];
    try {
      const table = (transportDb.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE '%taxi_rides%'").get() as { name: string }).name;
      rideIds = (transportDb.prepare(`SELECT * FROM "${table}"`).all() as Array<Record<string, unknown> & { id: string }>).filter((row) => JSON.stringify(row).includes(RIDER)).map((row) => row.id);
    } finally {
      transportDb.close();
    }
    expect(rideIds.sort()).toEqual([approvedRide, pendingRide].sort());
    const partnerIds = (await services.store.grantees.find({ kind: 'PARTNER' })).map((p) => p.id);
    expect(partnerIds).toContain('robotaxi');

    // No row of the consent store holds one of those ride ids (a kept request's onlyRecord would sit beside its id).
    const holding = rawRows().flatMap((row) => rideIds.filter((id) => row.text.includes(id)).map((id) => `${row.table}: ${id}`));
    expect(holding).toEqual([]);

    // No leaf carries the ride id, or a request id derived from (ride, partner) without the shredded data key: the
    // unkeyed digest, nor what the consent service itself (master key and all) derives for those rides now.
    const leaves = rawLeaves();
    const theirs = leaves.filter((l) => l.citizen === tag);
    expect(theirs.filter((l) => l.basis?.startsWith('REQUEST:CR-R-'))).toHaveLength(2);
    const unkeyed = rideIds.flatMap((ride) => partnerIds.map((partner) => `CR-R-${crypto.createHash('sha256').update(`${ride}|${partner}`).digest('base64url').slice(0, 32)}`));
    const foundIn = (values: readonly string[]) => leaves.flatMap((leaf) => values.filter((value) => JSON.stringify(leaf).includes(value)));
    expect(foundIn([...rideIds, ...unkeyed])).toEqual([]);
    // Asked again now, the service finds none of the kept requests: it derives other ids, which no leaf carries.
    for (const ride of rideIds) await services.rideConsents.ask('transport', 'TAXI_ASSIST', RIDER, ride);
    const ids = new RideRequestIds(services.store, masterKey(hub.config));
    const derivedNow = (await Promise.all(rideIds.map((ride) => ids.of(RIDER, ride, partnerIds)))).flat();
    const stored = await services.store.consentRequests.getMany(derivedNow);
    expect(stored.filter((r) => r !== null)).toHaveLength(rideIds.length * partnerIds.length);
    expect(foundIn(derivedNow)).toEqual([]);
    // Those new requests name neither the erased rider nor the ride. No row of the consent store holds a ride id, and
    // only the erasure's own tombstones (which answer DATA_ERASED) and notifications name the rider.
    expect(stored.map((r) => [r!.citizenId, r!.onlyRecord?.id])).toEqual(stored.map(() => ['ERASED', 'ERASED']));
    expect(rawRows().filter((row) => rideIds.some((id) => row.text.includes(id))).map((row) => row.table)).toEqual([]);
    const naming = rawRows().filter((row) => row.text.includes(RIDER) && !/notifications/.test(row.table));
    expect([...new Set(naming.map((row) => row.table))].sort()).toEqual(['c_citizens', 'c_data_keys']);
    // They still end with the ride, as a live citizen's would: the partner sees the same fate.
    await services.rideConsents.end('transport', RIDER, approvedRide);
    const afterEnd = await services.store.consentRequests.getMany(await ids.of(RIDER, approvedRide, partnerIds));
    for (const request of afterEnd) labelled(`request ${request!.id} expired with the ride`, () => expect(Date.parse(request!.expiresAt)).toBeLessThanOrEqual(Date.now()));
  });

  it('stores a request a partner makes about an erased citizen without naming them (the partner sees a pending request as for anyone)', async () => {
    // C-0001 was erased by the first test.
    const asked = await partnerAsks('To pick you up at home when you book a ride.');
    expect(asked.errors).toBeUndefined();
    expect(asked.data!.requestConsent.status).toBe('PENDING');
    const consent = await ConsentStore.open(hub.servers.get('consent')!.store);
    const row = await consent.consentRequests.get(asked.data!.requestConsent.id as string);
    expect(row?.citizenId).toBe('ERASED');
    expect(await consent.consentRequests.find({ citizenId: CITIZEN })).toEqual([]);
  });

  it("keeps no grant-state leaf confirmable by whoever holds the authority's signing key: each receipt carries a salt only it holds", async () => {
    const GRANTOR = 'C-0025';
    const citizen = await citizenToken(hub, GRANTOR);
    const input = { granteeId: 'robotaxi', purpose: 'TAXI_ASSIST', categories: ['LOCATION'], validUntil: new Date(Date.now() + 30 * 86_400_000).toISOString() };
    const granted = await graphql(hub, 'mutation($input: GrantConsentInput!) { grantConsent(input: $input) { id receipt } }', { input }, { token: citizen });
    expect(granted.body.errors).toBeUndefined();
    const { id: grantId, receipt } = granted.body.data!.grantConsent as { id: string; receipt: string };
    const erased = await graphql(hub, 'mutation { eraseMyData { erasedAt } }', {}, { token: citizen });
    expect(erased.body.errors).toBeUndefined();

    const leaf = rawLeaves().find((l) => l.grant?.id === grantId);
    expect(leaf).toBeDefined();
    const hashOf = (text: string) => crypto.createHash('sha256').update(text, 'utf8').digest('base64');
    expect(hashOf(receipt)).toBe(leaf!.grant!.receiptHash);

    // The best case for someone holding the signing key: every field of the receipt guessed right (the citizen's id
    // is one of a few sequential ids), but not its salt. Ed25519 is deterministic, so with the salt the receipt
    // would be rebuilt exactly; without it, what they sign hashes to something no leaf holds.
    const { keys } = await createConsentServices(hub.config, hub.servers.get('consent')!.store);
    const { issuer: _issuer, keyId: _keyId, ...body } = readReceipt(keys.publicKey, receipt)!;
    expect(body.citizenId).toBe(GRANTOR);
    expect(hashOf(signReceipt(keys, body))).toBe(leaf!.grant!.receiptHash);
    expect(typeof body.salt === 'string' && Buffer.from(body.salt, 'base64url').length).toBe(16);
    const { salt: _salt, ...guessed } = body;
    expect(hashOf(signReceipt(keys, guessed))).not.toBe(leaf!.grant!.receiptHash);
  });

  it('asks once per ride and partner however many asks race: one request, one leaf', async () => {
    const ASKED = 'C-0016';
    const services = await createConsentServices(hub.config, hub.servers.get('consent')!.store);
    const ask = () => services.rideConsents.ask('transport', 'TAXI_ASSIST', ASKED, 'TR-RACE-1');
    const answers = await Promise.all([ask(), ask(), ask()]);
    expect(answers).toEqual([{ requested: 1 }, { requested: 1 }, { requested: 1 }]);
    await ask();
    const rows = (await services.store.consentRequests.find({ citizenId: ASKED })).filter((r) => r.onlyRecord?.id === 'TR-RACE-1');
    expect(rows).toHaveLength(1);
    const entries = (await ownLog(await citizenToken(hub, ASKED))).filter((l) => l.basis === `REQUEST:${rows[0]!.id}`);
    expect(entries).toHaveLength(1);
  });

  it("still counts an erased citizen's break-glass uses against the official's hourly cap, each as a citizen of its own", async () => {
    const official = await staffToken(hub, 'transport', { official: 'T-0077', emergency: true });
    const reach = (citizenId: string) =>
      graphql(hub, 'query($id: ID!) { citizen(id: $id) { name } }', { id: citizenId }, { token: official, purpose: 'EMERGENCY', headers: { 'x-justification': 'Fire in the building, residents unaccounted for' } });
    for (const id of ['C-0011', 'C-0012']) {
      const answer = await reach(id);
      labelled(`reach ${id}`, () => expect(answer.status).toBe(200));
      const erased = await graphql(hub, 'mutation { eraseMyData { erasedAt } }', {}, { token: await citizenToken(hub, id) });
      labelled(`erase ${id}`, () => expect(erased.body.errors).toBeUndefined());
    }
    // Two erased citizens reached: one more fits under the cap of three, a fourth does not.
    const third = await reach('C-0013');
    expect(third.status).toBe(200);
    const fourth = await reach('C-0014');
    expect(fourth.status).toBe(429);
    expect(fourth.body.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
  });

  it('refuses a new consent from an erased citizen with DATA_ERASED, and stores no grant naming them', async () => {
    const citizen = await citizenToken(hub, 'C-0021');
    const erased = await graphql(hub, 'mutation { eraseMyData { erasedAt } }', {}, { token: citizen });
    expect(erased.body.errors).toBeUndefined();
    const input = { granteeId: 'robotaxi', purpose: 'TAXI_ASSIST', categories: ['LOCATION'], validUntil: new Date(Date.now() + 30 * 86_400_000).toISOString() };
    const granted = await graphql(hub, 'mutation($input: GrantConsentInput!) { grantConsent(input: $input) { id } }', { input }, { token: citizen });
    expect(granted.body.errors?.map((e) => e.extensions?.code)).toEqual(['DATA_ERASED']);
    const consent = await ConsentStore.open(hub.servers.get('consent')!.store);
    expect(await consent.grants.find({ citizenId: 'C-0021' })).toEqual([]);
  });

  it("logs refusals about erased citizens under one tag nobody can recompute from an id; an unknown citizen keeps the master-key tag", async () => {
    const [first, second, unknown] = ['C-0022', 'C-0023', 'C-9999'];
    for (const id of [first, second]) {
      const erased = await graphql(hub, 'mutation { eraseMyData { erasedAt } }', {}, { token: await citizenToken(hub, id) });
      labelled(`erase ${id}`, () => expect(erased.body.errors).toBeUndefined());
    }
    // One official per citizen read, so that each refusal's leaf can be told apart by its official.
    const officials: Record<string, string> = { [first]: 'T-0601', [second]: 'T-0602' };
    for (const [id, official] of Object.entries(officials)) {
      const read = await graphql(hub, 'query($id: ID!) { citizen(id: $id) { name } }', { id }, { token: await staffToken(hub, 'transport', { official }), purpose: 'SERVICE_DELIVERY' });
      labelled(`read ${id}`, () => expect(read.status).toBe(200));
    }
    const leaves = rawLeaves() as Array<LeafContent & { seq: number; principal?: { official?: string } }>;
    const refusalOf = (id: string) => leaves.find((l) => l.principal?.official === officials[id]);
    const refusals = Object.fromEntries(Object.keys(officials).map((id) => [id, refusalOf(id)]));
    for (const id of Object.keys(officials)) labelled(`a leaf for the refusal about ${id}`, () => expect(refusals[id]).toBeDefined());

    // What anyone holding the master key can compute from a citizen id: the no-data-key tag.
    const masterTag = (id: string) => crypto.createHmac('sha256', deriveKey(masterKey(hub.config), 'citygraph/transparency-tag/no-data-key')).update(id, 'utf8').digest('base64url');
    // (An unknown citizen is read as no one, without a decision: the tag a refusal naming them gets, asked directly.)
    const tags = await (await createConsentServices(hub.config, hub.servers.get('consent')!.store)).accessLog.citizenTags([unknown]);
    labelled('the unknown citizen keeps the master-key tag', () => expect(tags.get(unknown)).toBe(masterTag(unknown)));
    for (const id of [first, second]) labelled(`the erased ${id} is not under the tag of their id`, () => expect(refusals[id]!.citizen).not.toBe(masterTag(id)));
    // Both erased citizens' refusals are one log: one tag, distinct positions.
    expect(refusals[first]!.citizen).toBe(refusals[second]!.citizen);
    expect(refusals[first]!.seq).not.toBe(refusals[second]!.seq);

    // An erased citizen reading their log sees nothing of it: no other erased citizen's refusal, and theirs are not theirs any more.
    const own = await graphql(hub, '{ me { accessLog(first: 100) { edges { node { leaf } } } accessLogVerification { ok checkedEntries } } }', {}, { token: await citizenToken(hub, first) });
    expect(own.body.errors).toBeUndefined();
    expect(own.body.data!.me).toEqual({ accessLog: { edges: [] }, accessLogVerification: { ok: true, checkedEntries: 0 } });
    // So does `verify-log` offline: the whole tree is audited, and no entry is the erased citizen's.
    const env = { ...process.env, HUB_DATA_DIR: hub.config.dataDir, HUB_WITNESS_DIR: hub.config.transparency.witnessDir, HUB_LOG_LEVEL: 'silent' };
    const audited = JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', 'bin/hub.ts', 'verify-log', first], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })) as unknown;
    expect(audited).toEqual({ ok: true, firstBadIndex: null, checkedEntries: 0 });
  });

  // C-0001 was erased by the first test.
  it('seeding the demo city again gives the erased C-0001 no new demo grant', async () => {
    const store = hub.servers.get('consent')!.store;
    const consent = await ConsentStore.open(store);
    expect((await consent.dataKeys.get(CITIZEN))?.erasedAt).toEqual(expect.any(String));
    await seedGrantees(store, masterKey(hub.config), new Date());
    expect(await consent.grants.count({ citizenId: CITIZEN })).toBe(0);
  });
});
