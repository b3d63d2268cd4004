import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SyntheticFaces } from '../../bench/biometrics/evaluation.js';
import type { Doc } from '../../platform/store/types.js';
import { citizenToken, contract, staffToken, startTestHub, type TestHub } from '../support/hub.js';

let hub: TestHub;
let kiosk: string;
let kioskLabel: string;

const KIOSK = contract('face-kiosk.graphql');
const faces = new SyntheticFaces('face-kiosk-integration');
const face = faces.face();
const otherFace = faces.face();
const asList = (v: Float64Array) => Array.from(v);

type Answer = { status: number; body: { data?: Record<string, any> | null; errors?: Array<{ message: string; path?: unknown[]; extensions?: Record<string, any> }> } };

async function post(body: string, options: { token: string; purpose?: string }): Promise<Answer> {
  const response = await fetch(hub.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${options.token}`, ...(options.purpose ? { 'x-purpose': options.purpose } : {}) },
    body,
  });
  return { status: response.status, body: (await response.json()) as Answer['body'] };
}

const op = (operationName: string, variables: Record<string, unknown>, options: { token: string; purpose?: string }) =>
  post(JSON.stringify({ query: KIOSK, operationName, variables }), options);

async function enroll(citizenId: string, embedding: unknown): Promise<Answer> {
  return op('EnrollFace', { embedding }, { token: await citizenToken(hub, citizenId) });
}

function hail(citizenId: string, embedding: unknown, destinationLabel = 'Clinic', purpose = 'TAXI_ASSIST'): Promise<Answer> {
  return op('HailTaxiAtKiosk', { kioskId: 'K-001', citizenId, embedding, destinationLabel }, { token: kiosk, purpose });
}

const codes = (answer: Answer) => (answer.body.errors ?? []).map((e) => e.extensions?.code);

async function accessLog(citizenId: string, first = 10) {
  const answer = await post(
    JSON.stringify({ query: `{ me { accessLog(first: ${first}) { edges { node { coordinate category decision basis code purpose principal { kind id } } } } } }` }),
    { token: await citizenToken(hub, citizenId) },
  );
  return answer.body.data!.me.accessLog.edges.map((e: any) => e.node);
}

async function count(subgraph: 'consent' | 'transport', collection: string): Promise<number> {
  return (await hub.servers.get(subgraph)!.store.collection<Doc>({ name: collection })).count();
}

beforeAll(async () => {
  hub = await startTestHub({ citizens: 100, sensors: 500 });
  kiosk = await staffToken(hub, 'transport');
  const answer = await post(JSON.stringify({ query: '{ kiosk(id: "K-001") { label } }' }), { token: kiosk, purpose: 'TAXI_ASSIST' });
  kioskLabel = answer.body.data!.kiosk.label;
});
afterAll(async () => {
  await hub?.close();
});

describe('contract: face-kiosk', () => {
  let grantId: string;

  it('enrols a citizen’s face and records a consent to transport for TAXI_ASSIST covering BIOMETRIC and LOCATION', async () => {
    const answer = await op('EnrollFace', { embedding: asList(face) }, { token: await citizenToken(hub, 'C-0001') });
    expect(answer.body.errors).toBeUndefined();
    expect(Math.abs(Date.parse(answer.body.data!.enrollFace.enrolledAt) - Date.now())).toBeLessThan(30_000);
    const me = await post(JSON.stringify({ query: '{ me { consents { id grantee { id } purpose categories subgraphs scope { subgraph category } status } } }' }), { token: await citizenToken(hub, 'C-0001') });
    const grant = me.body.data!.me.consents.find((c: any) => c.grantee.id === 'transport' && c.purpose === 'TAXI_ASSIST');
    expect(grant).toMatchObject({ categories: ['BIOMETRIC', 'LOCATION'], status: 'ACTIVE' });
    // The clarified contract: the consent (face template) and transport (saved places) subgraphs only.
    expect(grant.scope).toEqual([{ subgraph: 'consent', category: 'BIOMETRIC' }, { subgraph: 'transport', category: 'LOCATION' }]);
    expect(grant.subgraphs).toEqual(['consent', 'transport']);
    grantId = grant.id;
  });

  it('hails a taxi from the kiosk to the citizen’s saved place when the face matches', async () => {
    const answer = await hail('C-0001', asList(faces.capture(face, 0.8)));
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data!.hailTaxiAtKiosk).toEqual({
      matched: true,
      ride: { id: expect.stringMatching(/^TR-/), status: 'OFFERED', pickup: { label: kioskLabel }, destination: { label: 'Clinic' } },
    });
    const me = await post(JSON.stringify({ query: '{ me { taxiRides(last: 1) { id pickup { label } } } }' }), { token: await citizenToken(hub, 'C-0001') });
    expect(me.body.data!.me.taxiRides).toEqual([{ id: answer.body.data!.hailTaxiAtKiosk.ride.id, pickup: { label: kioskLabel } }]);
  });

  it('answers matched: false and books nothing for someone else’s face', async () => {
    const rides = await count('transport', 'taxi_rides');
    const answer = await hail('C-0001', asList(otherFace));
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data!.hailTaxiAtKiosk).toEqual({ matched: false, ride: null });
    expect(JSON.stringify(answer.body)).not.toMatch(/distance|hamming|score/i);
    expect(await count('transport', 'taxi_rides')).toBe(rides);
  });

  it('shows the kiosk’s biometric checks in the citizen’s access log with their basis', async () => {
    const entries = await accessLog('C-0001', 20);
    const checks = entries.filter((e: any) => e.coordinate === 'Citizen.face');
    expect(checks.length).toBeGreaterThanOrEqual(2);
    for (const check of checks) {
      expect(check).toMatchObject({ category: 'BIOMETRIC', decision: 'ALLOWED', basis: `CONSENT:${grantId}`, purpose: 'TAXI_ASSIST', principal: { kind: 'STAFF', id: 'transport' } });
    }
    // The saved places are read through the door for the kiosk: each field it opened is its own entry.
    for (const coordinate of ['SavedPlace.label', 'SavedPlace.address', 'SavedPlace.districtId']) {
      expect(entries.find((e: any) => e.coordinate === coordinate)).toMatchObject({ category: 'LOCATION', decision: 'ALLOWED', basis: `CONSENT:${grantId}` });
    }
  });

  it('refuses bad embeddings with BAD_USER_INPUT and a clear reason, at enrolment and at the kiosk, storing nothing', async () => {
    const templates = await count('consent', 'face_templates');
    const unit = asList(face);
    const cases: Array<[unknown, RegExp]> = [
      [unit.slice(0, 511), /exactly 512 numbers/],
      [[...unit, 0], /exactly 512 numbers/],
      [new Array(512).fill(0), /zero vector/],
      [unit.map((x) => x * 2), /unit length/],
    ];
    for (const [embedding, reason] of cases) {
      for (const answer of [await enroll('C-0002', embedding), await hail('C-0001', embedding)]) {
        expect(codes(answer)).toEqual(['BAD_USER_INPUT']);
        expect(answer.body.errors![0]!.message).toMatch(reason);
      }
    }
    expect(await count('consent', 'face_templates')).toBe(templates);
  });

  it('refuses an uploaded image, a base64 string or infinities at the GraphQL type (BAD_USER_INPUT)', async () => {
    const token = await citizenToken(hub, 'C-0002');
    const base64Image = Buffer.from('\x89PNG\r\n\x1a\n fake image bytes').toString('base64');
    for (const embedding of [base64Image, [base64Image], { file: base64Image }]) {
      const answer = await enroll('C-0002', embedding);
      expect(answer.status).toBe(400);
      expect(codes(answer)).toEqual(['BAD_USER_INPUT']);
    }
    // JSON has no NaN or Infinity; 1e999 parses to Infinity, which GraphQL's Float refuses.
    const infinite = `{"query":${JSON.stringify(KIOSK)},"operationName":"EnrollFace","variables":{"embedding":[1e999${',0'.repeat(511)}]}}`;
    const answer = await post(infinite, { token });
    expect(answer.status).toBe(400);
    expect(codes(answer)).toEqual(['BAD_USER_INPUT']);
  });

  it('refuses a kiosk check without the citizen’s consent with the consent code, and logs the refusal', async () => {
    const answer = await hail('C-0002', asList(face), 'Home');
    expect(codes(answer)).toEqual(['CONSENT_REQUIRED']);
    const [entry] = await accessLog('C-0002', 1);
    expect(entry).toMatchObject({ coordinate: 'Citizen.face', category: 'BIOMETRIC', decision: 'DENIED', code: 'CONSENT_REQUIRED' });
  });

  it('lets only transport staff acting for TAXI_ASSIST use a kiosk', async () => {
    expect(codes(await hail('C-0001', asList(face), 'Clinic', 'SERVICE_DELIVERY'))).toEqual(['FORBIDDEN']);
    const asCitizen = await op('HailTaxiAtKiosk', { kioskId: 'K-001', citizenId: 'C-0001', embedding: asList(face), destinationLabel: 'Clinic' }, { token: await citizenToken(hub, 'C-0001') });
    expect(codes(asCitizen)).toEqual(['FORBIDDEN']);
    const health = await op('HailTaxiAtKiosk', { kioskId: 'K-001', citizenId: 'C-0001', embedding: asList(face), destinationLabel: 'Clinic' }, { token: await staffToken(hub, 'health'), purpose: 'TAXI_ASSIST' });
    expect(codes(health)).toEqual(['FORBIDDEN']);
    expect(codes(await hail('C-0001', asList(face), 'Moon base'))).toEqual(['BAD_USER_INPUT']);
  });

  it('re-enrolment draws a new seed: the old face no longer matches, the new one does, the consent is kept', async () => {
    const newFace = faces.face();
    const answer = await enroll('C-0001', asList(newFace));
    expect(answer.body.errors).toBeUndefined();
    expect((await hail('C-0001', asList(faces.capture(face, 0.95)))).body.data!.hailTaxiAtKiosk.matched).toBe(false);
    expect((await hail('C-0001', asList(faces.capture(newFace, 0.8)))).body.data!.hailTaxiAtKiosk.matched).toBe(true);
    const me = await post(JSON.stringify({ query: '{ me { consents { id grantee { id } status } } }' }), { token: await citizenToken(hub, 'C-0001') });
    expect(me.body.data!.me.consents.filter((c: any) => c.grantee.id === 'transport' && c.status === 'ACTIVE').map((c: any) => c.id)).toEqual([grantId]);
  });

  it('revokeFace deletes the template and revokes the consent: the next kiosk check is CONSENT_REVOKED', async () => {
    const revoke = await post(JSON.stringify({ query: 'mutation { revokeFace { revokedAt consent { id status } } }' }), { token: await citizenToken(hub, 'C-0001') });
    expect(revoke.body.errors).toBeUndefined();
    expect(revoke.body.data!.revokeFace.consent).toEqual({ id: grantId, status: 'REVOKED' });
    const answer = await hail('C-0001', asList(face));
    expect(codes(answer)).toEqual(['CONSENT_REVOKED']);
    const [entry] = await accessLog('C-0001', 1);
    expect(entry).toMatchObject({ coordinate: 'Citizen.face', decision: 'DENIED', code: 'CONSENT_REVOKED', basis: `CONSENT:${grantId}` });
    const again = await post(JSON.stringify({ query: 'mutation { revokeFace { revokedAt } }' }), { token: await citizenToken(hub, 'C-0001') });
    expect(codes(again)).toEqual(['NOT_FOUND']);
  });

  it('erasure deletes the seed and template, and the kiosk then gets DATA_ERASED', async () => {
    const enrolled = await enroll('C-0005', asList(otherFace));
    expect(enrolled.body.errors).toBeUndefined();
    const templates = await count('consent', 'face_templates');
    const erase = await post(JSON.stringify({ query: 'mutation { eraseMyData { erasedAt } }' }), { token: await citizenToken(hub, 'C-0005') });
    expect(erase.body.errors).toBeUndefined();
    expect(await count('consent', 'face_templates')).toBe(templates - 1);
    expect(codes(await hail('C-0005', asList(otherFace), 'Home'))).toEqual(['DATA_ERASED']);
  });

  it('enrols citizens only for themselves', async () => {
    const answer = await op('EnrollFace', { embedding: asList(face) }, { token: kiosk, purpose: 'TAXI_ASSIST' });
    expect(codes(answer)).toEqual(['FORBIDDEN']);
  });
});
