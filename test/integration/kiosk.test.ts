import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { simulatedCapture } from '../../contracts/kiosk/demo-face.js';
import { CARD_OR_PIN_WRONG } from '../../consent/biometrics/face-service.js';
import type { Doc } from '../../platform/store/types.js';
import { DEMO_PIN } from '../../seed/faces.js';
import { passVerifyingKey, verifyPass } from '../../contracts/health-pass/pass.js';
import { healthPassIdentityKey, healthPassPublicKey } from '../../platform/keys.js';
import { citizenToken, graphql, readRawFiles, staffToken, startTestHub, type GraphQLAnswer, type TestHub } from '../support/hub.js';

/**
 * The kiosk for people without a phone (issue 14 item 3) through the graph: the seeded demo faces, the kiosk's face
 * check that releases the destinations only on a match, and assisted enrolment at a service centre (card + PIN).
 */
let hub: TestHub;
let kiosk: string;
let desk: string;

const CHECK = `mutation Check($kioskId: ID!, $citizenId: ID!, $embedding: [Float!]!) {
  checkFaceAtKiosk(kioskId: $kioskId, citizenId: $citizenId, embedding: $embedding) { matched savedPlaces { label } }
}`;
const ENROL = `mutation Enrol($input: EnrollFaceAssistedInput!) { enrollFaceAssisted(input: $input) { enrolledAt consentValidUntil healthPassAtKiosks } }`;
const PASS = `mutation Pass($citizenId: ID!, $embedding: [Float!]!) { issueHealthPassAtKiosk(citizenId: $citizenId, embedding: $embedding) { matched pass { token expiresAt status } } }`;

const face = (citizenId: string, who: 'card-holder' | 'someone-else' = 'card-holder') => Array.from(simulatedCapture(citizenId, who));
const codes = (answer: GraphQLAnswer) => (answer.body.errors ?? []).map((e) => e.extensions?.code);
const check = (citizenId: string, embedding: number[], token = kiosk, purpose = 'TAXI_ASSIST') => graphql(hub, CHECK, { kioskId: 'K-001', citizenId, embedding }, { token, purpose });
const enrol = (cardNumber: string, pin: string, embedding: number[], token = desk, purpose = 'SERVICE_DELIVERY', healthPass = false) =>
  graphql(hub, ENROL, { input: { cardNumber, pin, embedding, healthPass } }, { token, purpose });
const pass = (citizenId: string, embedding: number[], token = kiosk, purpose = 'TRANSIT_ACCESS') => graphql(hub, PASS, { citizenId, embedding }, { token, purpose });

async function accessLog(citizenId: string, first = 20) {
  const answer = await graphql(hub, `{ me { accessLog(first: ${first}) { edges { node { coordinate category decision basis code purpose principal { kind id official } } } } } }`, {}, { token: await citizenToken(hub, citizenId) });
  return (answer.body.data as any).me.accessLog.edges.map((e: any) => e.node);
}

async function count(collection: string): Promise<number> {
  return (await hub.servers.get('consent')!.store.collection<Doc>({ name: collection })).count();
}

beforeAll(async () => {
  hub = await startTestHub({ citizens: 40, sensors: 200 });
  kiosk = await staffToken(hub, 'transport', { official: 'K-001' });
  desk = await staffToken(hub, 'transport', { official: 'T-0042' });
});
afterAll(async () => {
  await hub?.close();
});

describe('the kiosk face check', () => {
  it('matches a seeded demo senior’s simulated capture and releases their saved places for the destinations', async () => {
    const answer = await check('C-0015', face('C-0015'));
    expect(answer.body.errors).toBeUndefined();
    expect((answer.body.data as any).checkFaceAtKiosk).toEqual({ matched: true, savedPlaces: [{ label: 'Home' }, { label: 'Clinic' }, { label: "Daughter's house" }] });
    const entries = await accessLog('C-0015');
    expect(entries.find((e: any) => e.coordinate === 'Citizen.face')).toMatchObject({ decision: 'ALLOWED', purpose: 'TAXI_ASSIST', principal: { kind: 'STAFF', id: 'transport', official: 'K-001' } });
    expect(entries.find((e: any) => e.coordinate === 'SavedPlace.label')).toMatchObject({ decision: 'ALLOWED', basis: expect.stringMatching(/^CONSENT:/) });
  });

  it('answers matched: false and releases nothing for someone else’s face', async () => {
    const before = (await accessLog('C-0015', 100)).filter((e: any) => e.coordinate === 'SavedPlace.label').length;
    const answer = await check('C-0015', face('C-0015', 'someone-else'));
    expect(answer.body.errors).toBeUndefined();
    expect((answer.body.data as any).checkFaceAtKiosk).toEqual({ matched: false, savedPlaces: null });
    expect((await accessLog('C-0015', 100)).filter((e: any) => e.coordinate === 'SavedPlace.label').length).toBe(before);
  });

  it('refuses a card whose holder never consented with CONSENT_REQUIRED, and only kiosks (transport staff, TAXI_ASSIST) may ask', async () => {
    expect(codes(await check('C-0002', face('C-0002')))).toEqual(['CONSENT_REQUIRED']);
    expect(codes(await check('C-0015', face('C-0015'), kiosk, 'SERVICE_DELIVERY'))).toEqual(['FORBIDDEN']);
    expect(codes(await check('C-0015', face('C-0015'), await citizenToken(hub, 'C-0015')))).toEqual(['FORBIDDEN']);
    expect(codes(await check('C-0015', face('C-0015'), await staffToken(hub, 'health')))).toEqual(['FORBIDDEN']);
  });
});

describe('the health pass at the kiosk', () => {
  it('signs the matched senior’s own pass, which a gate verifies offline, logging the face check and the status release', async () => {
    const answer = await pass('C-0015', face('C-0015'));
    expect(answer.body.errors).toBeUndefined();
    const shown = (answer.body.data as any).issueHealthPassAtKiosk;
    expect(shown.matched).toBe(true);
    const verified = verifyPass(passVerifyingKey(healthPassPublicKey(hub.config)), healthPassIdentityKey(hub.config), shown.pass.token, new Date());
    expect(verified).toMatchObject({ citizenId: 'C-0015', status: shown.pass.status });
    expect(['GREEN', 'AMBER', 'RED']).toContain(shown.pass.status);
    const entries = await accessLog('C-0015', 10);
    expect(entries.find((e: any) => e.coordinate === 'Citizen.face')).toMatchObject({ decision: 'ALLOWED', purpose: 'TRANSIT_ACCESS', principal: { official: 'K-001' } });
    expect(entries.find((e: any) => e.coordinate === 'HealthPass.status')).toMatchObject({ decision: 'ALLOWED', purpose: 'TRANSIT_ACCESS', basis: expect.stringMatching(/^CONSENT:/) });
  });

  it('gives no pass for someone else’s face, and only kiosks acting for TRANSIT_ACCESS may ask', async () => {
    expect((await pass('C-0016', face('C-0016', 'someone-else'))).body.data).toEqual({ issueHealthPassAtKiosk: { matched: false, pass: null } });
    expect(codes(await pass('C-0016', face('C-0016'), kiosk, 'TAXI_ASSIST'))).toEqual(['FORBIDDEN']);
    expect(codes(await pass('C-0016', face('C-0016'), await staffToken(hub, 'health'), 'PUBLIC_HEALTH'))).toEqual(['FORBIDDEN']);
  });
});

describe('assisted enrolment at a service centre', () => {
  it('refuses a wrong PIN, an unknown card and a card without a PIN with one message, storing nothing', async () => {
    const templates = await count('face_templates');
    const grants = await count('grants');
    for (const [card, pin] of [['C-0017', '0000'], ['C-9999', DEMO_PIN], ['C-0030', DEMO_PIN]] as const) {
      const answer = await enrol(card, pin, face(card));
      expect(codes(answer)).toEqual(['BAD_USER_INPUT']);
      expect(answer.body.errors![0]!.message).toBe(CARD_OR_PIN_WRONG);
    }
    expect(codes(await enrol('C-0017', 'abcd', face('C-0017')))).toEqual(['BAD_USER_INPUT']);
    expect(await count('face_templates')).toBe(templates);
    expect(await count('grants')).toBe(grants);
  });

  it('enrols with the citizen’s card and PIN: the citizen’s own consent, the official named in their log, and the kiosk then matches', async () => {
    expect(codes(await check('C-0017', face('C-0017')))).toEqual(['CONSENT_REQUIRED']);
    const answer = await enrol('c-0017', DEMO_PIN, face('C-0017'));
    expect(answer.body.errors).toBeUndefined();
    const enrolled = (answer.body.data as any).enrollFaceAssisted;
    expect(Date.parse(enrolled.consentValidUntil) - Date.parse(enrolled.enrolledAt)).toBe(365 * 86_400_000);

    const me = await graphql(hub, '{ me { consents { grantee { id } purpose scope { subgraph category } status validUntil } } }', {}, { token: await citizenToken(hub, 'C-0017') });
    const grant = (me.body.data as any).me.consents.find((c: any) => c.grantee.id === 'transport');
    expect(grant).toEqual({ grantee: { id: 'transport' }, purpose: 'TAXI_ASSIST', scope: [{ subgraph: 'consent', category: 'BIOMETRIC' }, { subgraph: 'transport', category: 'LOCATION' }], status: 'ACTIVE', validUntil: enrolled.consentValidUntil });
    const [entry] = await accessLog('C-0017', 1);
    expect(entry).toMatchObject({ coordinate: 'Citizen.face', category: 'BIOMETRIC', decision: 'ALLOWED', purpose: 'SERVICE_DELIVERY', principal: { kind: 'STAFF', id: 'transport', official: 'T-0042' } });

    const matched = await check('C-0017', face('C-0017'));
    expect((matched.body.data as any).checkFaceAtKiosk.matched).toBe(true);
    // The citizen did not ask for their health pass at kiosks: that needs its own consent.
    expect(enrolled.healthPassAtKiosks).toBe(false);
    expect(codes(await pass('C-0017', face('C-0017')))).toEqual(['CONSENT_REQUIRED']);
  });

  it('records the kiosk health-pass consent too when the citizen asks for it', async () => {
    const answer = await enrol('C-0018', DEMO_PIN, face('C-0018'), desk, 'SERVICE_DELIVERY', true);
    expect((answer.body.data as any).enrollFaceAssisted.healthPassAtKiosks).toBe(true);
    const me = await graphql(hub, '{ me { consents { grantee { id } purpose scope { subgraph category } status } } }', {}, { token: await citizenToken(hub, 'C-0018') });
    expect((me.body.data as any).me.consents.filter((c: any) => c.grantee.id === 'transport').map((c: any) => [c.purpose, c.scope, c.status])).toEqual(
      expect.arrayContaining([
        ['TAXI_ASSIST', [{ subgraph: 'consent', category: 'BIOMETRIC' }, { subgraph: 'transport', category: 'LOCATION' }], 'ACTIVE'],
        ['TRANSIT_ACCESS', [{ subgraph: 'consent', category: 'BIOMETRIC' }, { subgraph: 'health', category: 'HEALTH' }], 'ACTIVE'],
      ]),
    );
    expect((await pass('C-0018', face('C-0018'))).body.data).toMatchObject({ issueHealthPassAtKiosk: { matched: true } });
    // revokeFace takes both consents back.
    await graphql(hub, 'mutation { revokeFace { revokedAt } }', {}, { token: await citizenToken(hub, 'C-0018') });
    expect(codes(await pass('C-0018', face('C-0018')))).toEqual(['CONSENT_REVOKED']);
  });

  it('lets only transport officials acting for SERVICE_DELIVERY enrol someone else’s face', async () => {
    expect(codes(await enrol('C-0020', DEMO_PIN, face('C-0020'), await citizenToken(hub, 'C-0020')))).toEqual(['FORBIDDEN']);
    expect(codes(await enrol('C-0020', DEMO_PIN, face('C-0020'), await staffToken(hub, 'health')))).toEqual(['FORBIDDEN']);
    expect(codes(await enrol('C-0020', DEMO_PIN, face('C-0020'), desk, 'TAXI_ASSIST'))).toEqual(['FORBIDDEN']);
  });

  it('locks a card’s PIN after five wrong PINs in a row, even against the right one', async () => {
    for (let i = 0; i < 5; i++) expect((await enrol('C-0019', '1111', face('C-0019'))).body.errors![0]!.message).toBe(CARD_OR_PIN_WRONG);
    const locked = await enrol('C-0019', DEMO_PIN, face('C-0019'));
    expect(codes(locked)).toEqual(['BAD_USER_INPUT']);
    expect(locked.body.errors![0]!.message).toMatch(/Too many wrong PINs/);
  });

  it('counts wrong PINs sent at the same moment one by one', async () => {
    const answers = await Promise.all(Array.from({ length: 6 }, () => enrol('C-0020', '9999', face('C-0020'))));
    expect(answers.map((a) => codes(a))).toEqual(Array.from({ length: 6 }, () => ['BAD_USER_INPUT']));
    expect(answers.some((a) => /Too many wrong PINs/.test(a.body.errors![0]!.message))).toBe(true);
    expect((await enrol('C-0020', DEMO_PIN, face('C-0020'))).body.errors![0]!.message).toMatch(/Too many wrong PINs/);
  });

  it('keeps no PIN or PIN hash in the clear anywhere in the stores', () => {
    const raw = readRawFiles(hub).toString('latin1');
    expect(raw.includes('scrypt$')).toBe(false);
  });
});
