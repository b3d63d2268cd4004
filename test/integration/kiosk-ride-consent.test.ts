import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { simulatedCapture } from '../../contracts/kiosk/demo-face.js';
import { hubCli } from '../support/cli.js';
import { citizenToken, contract, graphql, staffToken, startTestHub, type GraphQLAnswer, type TestHub } from '../support/hub.js';

/**
 * Issue 14 item 2 at the kiosk: a senior whom no taxi partner holds a grant from hails a taxi at the kiosk; the ride
 * waits for a one-ride consent, and the kiosk asks it there. The approval is one call that checks a fresh face 1:1
 * and answers the ride's own request as the citizen (same grant and receipt as in the portal), with the kiosk named
 * in the citizen's access log. A wrong face, a malformed embedding, or a face check made earlier approves nothing.
 */
let hub: TestHub;
let kiosk: string;
let robotaxiKey: string;

const HAIL = `mutation Hail($kioskId: ID!, $citizenId: ID!, $embedding: [Float!]!, $destinationLabel: String!) {
  hailTaxiAtKiosk(kioskId: $kioskId, citizenId: $citizenId, embedding: $embedding, destinationLabel: $destinationLabel) {
    matched ride { id status awaitingConsent } oneRideQuestions { partnerId partnerName }
  }
}`;
const CHECK = `mutation Check($kioskId: ID!, $citizenId: ID!, $embedding: [Float!]!) {
  checkFaceAtKiosk(kioskId: $kioskId, citizenId: $citizenId, embedding: $embedding) { matched }
}`;
const ANSWER = `mutation Answer($kioskId: ID!, $citizenId: ID!, $rideId: ID!, $partnerId: ID!, $approve: Boolean!, $embedding: [Float!]!) {
  answerRideConsentAtKiosk(kioskId: $kioskId, citizenId: $citizenId, rideId: $rideId, partnerId: $partnerId, approve: $approve, embedding: $embedding) {
    matched ride { id status awaitingConsent }
  }
}`;
const RIDE = `query Ride($citizenId: ID!, $rideId: ID!) { citizen(id: $citizenId) { taxiRide(id: $rideId) { id status } } }`;

const face = (citizenId: string, who: 'card-holder' | 'someone-else' = 'card-holder') => Array.from(simulatedCapture(citizenId, who));
const codes = (answer: GraphQLAnswer) => (answer.body.errors ?? []).map((e) => e.extensions?.code);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function hail(citizenId: string, destinationLabel: string) {
  return graphql(hub, HAIL, { kioskId: 'K-001', citizenId, embedding: face(citizenId), destinationLabel }, { token: kiosk, purpose: 'TAXI_ASSIST' });
}

function answer(citizenId: string, rideId: string, approve: boolean, embedding: number[], options: { token?: string; purpose?: string; partnerId?: string } = {}) {
  return graphql(hub, ANSWER, { kioskId: 'K-001', citizenId, rideId, partnerId: options.partnerId ?? 'robotaxi', approve, embedding }, { token: options.token ?? kiosk, purpose: options.purpose ?? 'TAXI_ASSIST' });
}

async function rideStatus(citizenId: string, rideId: string): Promise<string> {
  const answer = await graphql(hub, RIDE, { citizenId, rideId }, { token: kiosk, purpose: 'TAXI_ASSIST' });
  return (answer.body.data as any).citizen.taxiRide.status;
}

async function myRequests(citizenId: string) {
  const answer = await graphql(hub, '{ me { consentRequests { id status requester { id } onlyRecord { id } } } }', {}, { token: await citizenToken(hub, citizenId) });
  return (answer.body.data as any).me.consentRequests as Array<{ id: string; status: string; requester: { id: string }; onlyRecord: { id: string } | null }>;
}

async function requestFor(citizenId: string, rideId: string) {
  return (await myRequests(citizenId)).find((r) => r.onlyRecord?.id === rideId && r.requester.id === 'robotaxi');
}

async function accessLog(citizenId: string, first = 30) {
  const answer = await graphql(hub, `{ me { accessLog(first: ${first}) { edges { node { coordinate category decision basis purpose principal { kind id official } } } } } }`, {}, { token: await citizenToken(hub, citizenId) });
  return (answer.body.data as any).me.accessLog.edges.map((e: any) => e.node);
}

async function offeredToRobotaxi(): Promise<Array<{ id: string; status: string; pickup: { label: string } | null }>> {
  const response = await fetch(hub.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `ApiKey ${robotaxiKey}`, 'x-purpose': 'TAXI_ASSIST' },
    body: JSON.stringify({ query: contract('taxi-dispatch.graphql'), operationName: 'OfferedRides' }),
  });
  const body = (await response.json()) as any;
  expect(body.errors).toBeUndefined();
  return body.data.offeredRides;
}

beforeAll(async () => {
  hub = await startTestHub({ citizens: 40, sensors: 100 });
  kiosk = await staffToken(hub, 'transport', { official: 'K-001' });
  robotaxiKey = (await hubCli(hub, ['key', 'issue', '--partner', 'robotaxi', '--expires-in', '30d'])).trim();
}, 180_000);
afterAll(async () => {
  await hub?.close();
});

describe('a kiosk ride that needs a one-ride consent', () => {
  let rideId: string;

  it('waits REQUESTED with the question to ask: which taxi company may see this one ride', async () => {
    const hailed = await hail('C-0015', 'Clinic');
    expect(hailed.body.errors).toBeUndefined();
    const payload = (hailed.body.data as any).hailTaxiAtKiosk;
    expect(payload.matched).toBe(true);
    expect(payload.ride).toMatchObject({ status: 'REQUESTED', awaitingConsent: true });
    expect(payload.oneRideQuestions).toEqual([{ partnerId: 'robotaxi', partnerName: 'RoboTaxi Co.' }]);
    rideId = payload.ride.id;
    // The dispatcher looks every 250 ms: without an approval nothing is offered, however long it waits.
    await sleep(1500);
    expect(await rideStatus('C-0015', rideId)).toBe('REQUESTED');
    expect((await offeredToRobotaxi()).map((r) => r.id)).not.toContain(rideId);
    expect(await requestFor('C-0015', rideId)).toMatchObject({ status: 'PENDING' });
  });

  it('approves nothing with someone else’s face, even right after the card holder’s face matched', async () => {
    const matched = await graphql(hub, CHECK, { kioskId: 'K-001', citizenId: 'C-0015', embedding: face('C-0015') }, { token: kiosk, purpose: 'TAXI_ASSIST' });
    expect((matched.body.data as any).checkFaceAtKiosk.matched).toBe(true);
    const stranger = await answer('C-0015', rideId, true, face('C-0015', 'someone-else'));
    expect(stranger.body.errors).toBeUndefined();
    expect((stranger.body.data as any).answerRideConsentAtKiosk).toEqual({ matched: false, ride: null });
    expect(await requestFor('C-0015', rideId)).toMatchObject({ status: 'PENDING' });
    expect(await rideStatus('C-0015', rideId)).toBe('REQUESTED');
  });

  it('refuses a malformed embedding with BAD_USER_INPUT, and anyone but a kiosk (transport staff, TAXI_ASSIST)', async () => {
    expect(codes(await answer('C-0015', rideId, true, []))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await answer('C-0015', rideId, true, face('C-0015'), { purpose: 'SERVICE_DELIVERY' }))).toEqual(['FORBIDDEN']);
    expect(codes(await answer('C-0015', rideId, true, face('C-0015'), { token: await citizenToken(hub, 'C-0015') }))).toEqual(['FORBIDDEN']);
    expect(codes(await answer('C-0015', rideId, true, face('C-0015'), { token: await staffToken(hub, 'health') }))).toEqual(['FORBIDDEN']);
    expect(await requestFor('C-0015', rideId)).toMatchObject({ status: 'PENDING' });
  });

  it('answers NOT_FOUND for a ride that is not the card holder’s, and for a partner that was not asked', async () => {
    expect(codes(await answer('C-0016', rideId, true, face('C-0016')))).toEqual(['NOT_FOUND']);
    expect(codes(await answer('C-0015', rideId, true, face('C-0015'), { partnerId: 'transport' }))).toEqual(['NOT_FOUND']);
    expect(await requestFor('C-0015', rideId)).toMatchObject({ status: 'PENDING' });
  });

  it('approves with a fresh match: the citizen’s own one-ride grant, the ride OFFERED to the partner, the kiosk in the log', async () => {
    const approved = await answer('C-0015', rideId, true, face('C-0015'));
    expect(approved.body.errors).toBeUndefined();
    expect((approved.body.data as any).answerRideConsentAtKiosk).toEqual({ matched: true, ride: { id: rideId, status: 'OFFERED', awaitingConsent: false } });
    const offered = (await offeredToRobotaxi()).find((r) => r.id === rideId);
    expect(offered).toMatchObject({ status: 'OFFERED', pickup: { label: expect.stringMatching(/kiosk/i) } });

    const token = await citizenToken(hub, 'C-0015');
    const mine = await graphql(hub, '{ me { consents { id grantee { id } purpose status scope { subgraph category } onlyRecord { id } history { action status } } } }', {}, { token });
    const grant = (mine.body.data as any).me.consents.find((c: any) => c.grantee.id === 'robotaxi');
    expect(grant).toMatchObject({ purpose: 'TAXI_ASSIST', status: 'ACTIVE', scope: [{ subgraph: 'transport', category: 'LOCATION' }], onlyRecord: { id: rideId }, history: [{ action: 'GRANTED', status: 'ACTIVE' }] });
    expect(await requestFor('C-0015', rideId)).toMatchObject({ status: 'APPROVED' });

    const entries = await accessLog('C-0015');
    expect(entries.find((e: any) => e.coordinate === 'Mutation.respondToConsentRequest')).toEqual({
      coordinate: 'Mutation.respondToConsentRequest',
      category: 'LOCATION',
      decision: 'ALLOWED',
      basis: `CONSENT:${grant.id}`,
      purpose: 'TAXI_ASSIST',
      principal: { kind: 'STAFF', id: 'transport', official: 'K-001' },
    });
    // The grant itself is the citizen's act, as in the portal.
    expect(entries.find((e: any) => e.coordinate === 'ConsentGrant' && e.basis === `CONSENT:${grant.id}`)).toMatchObject({ principal: { kind: 'CITIZEN', id: 'SELF' } });
    // Answered once: a second answer changes nothing.
    expect(codes(await answer('C-0015', rideId, false, face('C-0015')))).toEqual(['BAD_USER_INPUT']);
  });

  it('ends the grant with the ride, as in the portal', async () => {
    const token = await citizenToken(hub, 'C-0015');
    const cancelled = await graphql(hub, 'mutation($id: ID!) { updateRide(id: $id, status: CANCELLED) { status } }', { id: rideId }, { token });
    expect(cancelled.body.errors).toBeUndefined();
    const mine = await graphql(hub, '{ me { consents { grantee { id } status onlyRecord { id } } } }', {}, { token });
    expect((mine.body.data as any).me.consents.find((c: any) => c.onlyRecord?.id === rideId)).toMatchObject({ status: 'EXPIRED' });
  });
});

describe('declining at the kiosk', () => {
  it('declines the request as in the portal: nothing is cancelled, the ride waits, the kiosk is named in the log', async () => {
    const hailed = await hail('C-0016', 'Pharmacy');
    const rideId = (hailed.body.data as any).hailTaxiAtKiosk.ride.id;
    const declined = await answer('C-0016', rideId, false, face('C-0016'));
    expect(declined.body.errors).toBeUndefined();
    expect((declined.body.data as any).answerRideConsentAtKiosk).toEqual({ matched: true, ride: { id: rideId, status: 'REQUESTED', awaitingConsent: true } });
    expect(await requestFor('C-0016', rideId)).toMatchObject({ status: 'DECLINED' });
    await sleep(600);
    expect(await rideStatus('C-0016', rideId)).toBe('REQUESTED');
    const entry = (await accessLog('C-0016')).find((e: any) => e.coordinate === 'Mutation.respondToConsentRequest');
    expect(entry).toMatchObject({ decision: 'DENIED', basis: expect.stringMatching(/^REQUEST:CR-R-/), principal: { kind: 'STAFF', official: 'K-001' } });
    const mine = await graphql(hub, '{ me { consents { grantee { id } } } }', {}, { token: await citizenToken(hub, 'C-0016') });
    expect((mine.body.data as any).me.consents.filter((c: any) => c.grantee.id === 'robotaxi')).toEqual([]);
  });
});
