import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { simulatedCapture } from '../../contracts/kiosk/demo-face.js';
import type { Doc, Filter } from '../../platform/store/types.js';
import type { TaxiRideMoveRecord, TaxiWebhookDeliveryRecord } from '../../subgraphs/transport/store.js';
import { hubCli } from '../support/cli.js';
import { citizenToken, contract, graphql, staffToken, startTestHub, type GraphQLAnswer, type TestHub } from '../support/hub.js';

/**
 * The kiosk cancels the card holder's own ride (docs/kiosk.md): one call that checks a fresh face 1:1 and, on a
 * match only, makes the citizen's own cancel, the portal's `updateRide(CANCELLED)` path, with all of its effects: the
 * ride CANCELLED, the partner seeing it cancelled and its queued offer withdrawn, a one-ride consent ended. The
 * citizen's access log names the kiosk. A wrong face cancels nothing; another citizen's ride is NOT_FOUND; a ride
 * that is over is BAD_USER_INPUT.
 */
let hub: TestHub;
let kiosk: string;
let robotaxiKey: string;
let receiver: http.Server;
let receiverUrl: string;
const received: string[] = [];

const DISPATCH = contract('taxi-dispatch.graphql');
const HAIL = `mutation Hail($kioskId: ID!, $citizenId: ID!, $embedding: [Float!]!, $destinationLabel: String!) {
  hailTaxiAtKiosk(kioskId: $kioskId, citizenId: $citizenId, embedding: $embedding, destinationLabel: $destinationLabel) { matched ride { id status awaitingConsent } }
}`;
const ANSWER = `mutation Answer($kioskId: ID!, $citizenId: ID!, $rideId: ID!, $partnerId: ID!, $approve: Boolean!, $embedding: [Float!]!) {
  answerRideConsentAtKiosk(kioskId: $kioskId, citizenId: $citizenId, rideId: $rideId, partnerId: $partnerId, approve: $approve, embedding: $embedding) { matched ride { id status } }
}`;
const CANCEL = `mutation Cancel($kioskId: ID!, $citizenId: ID!, $rideId: ID!, $embedding: [Float!]!) {
  cancelRideAtKiosk(kioskId: $kioskId, citizenId: $citizenId, rideId: $rideId, embedding: $embedding) { matched ride { id status awaitingConsent } }
}`;

const face = (citizenId: string, who: 'card-holder' | 'someone-else' = 'card-holder') => Array.from(simulatedCapture(citizenId, who));
const codes = (answer: GraphQLAnswer) => (answer.body.errors ?? []).map((e) => e.extensions?.code);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function cancel(citizenId: string, rideId: string, embedding: number[], options: { token?: string; purpose?: string; kioskId?: string } = {}) {
  return graphql(hub, CANCEL, { kioskId: options.kioskId ?? 'K-001', citizenId, rideId, embedding }, { token: options.token ?? kiosk, purpose: options.purpose ?? 'TAXI_ASSIST' });
}

/** A ride hailed at the kiosk: C-0015 and C-0016 let no company see their rides, so it waits for a one-ride consent. */
async function hail(citizenId: string, destinationLabel: string): Promise<string> {
  const answer = await graphql(hub, HAIL, { kioskId: 'K-001', citizenId, embedding: face(citizenId), destinationLabel }, { token: kiosk, purpose: 'TAXI_ASSIST' });
  expect(answer.body.errors).toBeUndefined();
  expect((answer.body.data as any).hailTaxiAtKiosk.ride).toMatchObject({ status: 'REQUESTED', awaitingConsent: true });
  return (answer.body.data as any).hailTaxiAtKiosk.ride.id;
}

/** The citizen says yes at the kiosk: the ride's own one-ride grant, and the ride OFFERED to robotaxi at once. */
async function approve(citizenId: string, rideId: string): Promise<void> {
  const answer = await graphql(hub, ANSWER, { kioskId: 'K-001', citizenId, rideId, partnerId: 'robotaxi', approve: true, embedding: face(citizenId) }, { token: kiosk, purpose: 'TAXI_ASSIST' });
  expect(answer.body.errors).toBeUndefined();
  expect((answer.body.data as any).answerRideConsentAtKiosk.ride).toEqual({ id: rideId, status: 'OFFERED' });
}

async function partner(operationName: string, variables: Record<string, unknown> = {}): Promise<GraphQLAnswer> {
  return graphql(hub, DISPATCH, variables, { operationName, purpose: 'TAXI_ASSIST', headers: { authorization: `ApiKey ${robotaxiKey}` } });
}

async function offeredToRobotaxi(): Promise<string[]> {
  const answer = await partner('OfferedRides');
  expect(answer.body.errors).toBeUndefined();
  return (answer.body.data as any).offeredRides.map((r: { id: string }) => r.id);
}

async function myRide(citizenId: string, rideId: string) {
  const answer = await graphql(hub, 'query($id: ID!) { me { taxiRide(id: $id) { id status awaitingConsent } } }', { id: rideId }, { token: await citizenToken(hub, citizenId) });
  return (answer.body.data as any).me.taxiRide;
}

async function rideGrant(citizenId: string, rideId: string) {
  const answer = await graphql(hub, '{ me { consents { id grantee { id } status onlyRecord { id } history { action status } } } }', {}, { token: await citizenToken(hub, citizenId) });
  return (answer.body.data as any).me.consents.find((c: any) => c.onlyRecord?.id === rideId);
}

async function rideRequest(citizenId: string, rideId: string) {
  const answer = await graphql(hub, '{ me { consentRequests { id status onlyRecord { id } } } }', {}, { token: await citizenToken(hub, citizenId) });
  return (answer.body.data as any).me.consentRequests.find((r: any) => r.onlyRecord?.id === rideId);
}

async function accessLog(citizenId: string, first = 10) {
  const answer = await graphql(hub, `{ me { accessLog(first: ${first}) { edges { node { coordinate category decision basis purpose principal { kind id official } } } } } }`, {}, { token: await citizenToken(hub, citizenId) });
  return (answer.body.data as any).me.accessLog.edges.map((e: any) => e.node);
}

async function transportRecords<T extends Doc>(collection: string, filter: Filter<T>): Promise<T[]> {
  return (await hub.servers.get('transport')!.store.collection<T>({ name: collection })).find(filter);
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 8000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

beforeAll(async () => {
  // robotaxi's webhook never accepts an offer (503), so an offer stays queued and is retried with back-off.
  receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      received.push(body);
      res.statusCode = 503;
      res.end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/offers`;
  hub = await startTestHub({ citizens: 40, sensors: 100 });
  kiosk = await staffToken(hub, 'transport', { official: 'K-001' });
  robotaxiKey = (await hubCli(hub, ['key', 'issue', '--partner', 'robotaxi', '--expires-in', '30d'])).trim();
  const registered = await graphql(hub, contract('taxi-webhook.graphql'), { url: receiverUrl }, { operationName: 'RegisterTaxiWebhook', purpose: 'TAXI_ASSIST', headers: { authorization: `ApiKey ${robotaxiKey}` } });
  expect(registered.body.errors).toBeUndefined();
}, 180_000);
afterAll(async () => {
  await hub?.close();
  await new Promise((resolve) => receiver?.close(resolve));
});

describe('cancelling a ride at the kiosk', () => {
  let waiting: string;

  it('refuses anyone but a kiosk (transport staff, TAXI_ASSIST) and a malformed embedding, cancelling nothing', async () => {
    waiting = await hail('C-0015', 'Clinic');
    expect(codes(await cancel('C-0015', waiting, face('C-0015'), { purpose: 'SERVICE_DELIVERY' }))).toEqual(['FORBIDDEN']);
    expect(codes(await cancel('C-0015', waiting, face('C-0015'), { token: await citizenToken(hub, 'C-0015') }))).toEqual(['FORBIDDEN']);
    expect(codes(await cancel('C-0015', waiting, face('C-0015'), { token: await staffToken(hub, 'health') }))).toEqual(['FORBIDDEN']);
    expect(codes(await cancel('C-0015', waiting, []))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await cancel('C-0015', waiting, face('C-0015'), { kioskId: 'K-999999' }))).toEqual(['NOT_FOUND']);
    expect(await myRide('C-0015', waiting)).toMatchObject({ status: 'REQUESTED', awaitingConsent: true });
  });

  it('cancels nothing for someone else’s face: only matched: false comes back', async () => {
    const stranger = await cancel('C-0015', waiting, face('C-0015', 'someone-else'));
    expect(stranger.body.errors).toBeUndefined();
    expect((stranger.body.data as any).cancelRideAtKiosk).toEqual({ matched: false, ride: null });
    expect(await myRide('C-0015', waiting)).toMatchObject({ status: 'REQUESTED', awaitingConsent: true });
    expect(await rideRequest('C-0015', waiting)).toMatchObject({ status: 'PENDING' });
  });

  it('answers NOT_FOUND for another citizen’s ride (their own face matched) and for a ride that does not exist', async () => {
    expect(codes(await cancel('C-0016', waiting, face('C-0016')))).toEqual(['NOT_FOUND']);
    expect(codes(await cancel('C-0015', 'TR-00000000-0000-0000-0000-000000000000', face('C-0015')))).toEqual(['NOT_FOUND']);
    expect(await myRide('C-0015', waiting)).toMatchObject({ status: 'REQUESTED', awaitingConsent: true });
  });

  it('refuses the card holder’s face without their kiosk consent with the consent code', async () => {
    expect(codes(await cancel('C-0002', waiting, face('C-0002')))).toEqual(['CONSENT_REQUIRED']);
  });

  it('cancels a ride waiting for its one-ride consent: the question is withdrawn, and the dispatcher never offers it', async () => {
    const cancelled = await cancel('C-0015', waiting, face('C-0015'));
    expect(cancelled.body.errors).toBeUndefined();
    expect((cancelled.body.data as any).cancelRideAtKiosk).toEqual({ matched: true, ride: { id: waiting, status: 'CANCELLED', awaitingConsent: false } });
    expect(await myRide('C-0015', waiting)).toMatchObject({ status: 'CANCELLED' });
    expect(await rideRequest('C-0015', waiting)).toMatchObject({ status: 'EXPIRED' });
    await sleep(600);
    expect(await offeredToRobotaxi()).not.toContain(waiting);
  });

  it('cancels an OFFERED ride as the portal does: the one-ride grant ends, the offer and its queued webhook are withdrawn', async () => {
    const rideId = await hail('C-0015', 'Home');
    await approve('C-0015', rideId);
    expect(await offeredToRobotaxi()).toContain(rideId);
    // The offer is queued for robotaxi's webhook, which refuses it: it is retried with back-off.
    await waitFor('the first webhook attempt', async () => (received.some((body) => body.includes(rideId)) ? true : undefined));
    const [queued] = await transportRecords<TaxiWebhookDeliveryRecord>('taxi_webhook_deliveries', { rideId });
    expect(queued).toMatchObject({ partnerId: 'robotaxi', status: 'PENDING' });

    const cancelled = await cancel('C-0015', rideId, face('C-0015'));
    expect(cancelled.body.errors).toBeUndefined();
    expect((cancelled.body.data as any).cancelRideAtKiosk).toEqual({ matched: true, ride: { id: rideId, status: 'CANCELLED', awaitingConsent: false } });
    expect(await myRide('C-0015', rideId)).toMatchObject({ status: 'CANCELLED' });
    expect(await rideGrant('C-0015', rideId)).toMatchObject({ grantee: { id: 'robotaxi' }, status: 'EXPIRED', history: [{ action: 'GRANTED' }, { action: 'ENDED', status: 'EXPIRED' }] });
    expect(await offeredToRobotaxi()).not.toContain(rideId);
    const accepted = await partner('AcceptRide', { id: rideId, etaMinutes: 5 });
    expect(codes(accepted)).toEqual(['BAD_USER_INPUT']);
    expect(accepted.body.errors![0]!.message).toMatch(/CANCELLED cannot become ACCEPTED/);
    // The queued offer is dropped at its next attempt, unsent.
    await waitFor('the queued offer dropped', async () => {
      const [delivery] = await transportRecords<TaxiWebhookDeliveryRecord>('taxi_webhook_deliveries', { rideId });
      return delivery?.status === 'DROPPED' ? delivery : undefined;
    });

    // The ride's history says the citizen cancelled it, in person at this kiosk.
    const moves = await transportRecords<TaxiRideMoveRecord>('taxi_ride_moves', { rideId });
    expect(moves.find((m) => m.to === 'CANCELLED')).toMatchObject({ from: 'OFFERED', by: 'citizen:C-0015@kiosk:K-001' });
    // The face check that authorised it is in the citizen's access log, naming the kiosk.
    const [entry] = (await accessLog('C-0015', 20)).filter((e: any) => e.coordinate === 'Citizen.face');
    expect(entry).toEqual({
      coordinate: 'Citizen.face',
      category: 'BIOMETRIC',
      decision: 'ALLOWED',
      basis: expect.stringMatching(/^CONSENT:/),
      purpose: 'TAXI_ASSIST',
      principal: { kind: 'STAFF', id: 'transport', official: 'K-001' },
    });
  });

  it('cancels an ACCEPTED ride: the partner that accepted it sees it cancelled', async () => {
    const rideId = await hail('C-0016', 'Pharmacy');
    await approve('C-0016', rideId);
    expect((await partner('AcceptRide', { id: rideId, etaMinutes: 7 })).body.data).toEqual({ acceptRide: { id: rideId, status: 'ACCEPTED', etaMinutes: 7 } });
    expect(await offeredToRobotaxi()).toContain(rideId);

    const cancelled = await cancel('C-0016', rideId, face('C-0016'));
    expect((cancelled.body.data as any).cancelRideAtKiosk).toEqual({ matched: true, ride: { id: rideId, status: 'CANCELLED', awaitingConsent: false } });
    expect(await offeredToRobotaxi()).not.toContain(rideId);
    const arrived = await partner('UpdateRide', { id: rideId, status: 'ARRIVED' });
    expect(codes(arrived)).toEqual(['BAD_USER_INPUT']);
    expect(arrived.body.errors![0]!.message).toMatch(/CANCELLED cannot become ARRIVED/);
    expect(await rideGrant('C-0016', rideId)).toMatchObject({ status: 'EXPIRED' });
  });

  it('refuses a ride that is no longer live with BAD_USER_INPUT, changing nothing: cancelled already, or completed', async () => {
    const again = await cancel('C-0015', waiting, face('C-0015'));
    expect(codes(again)).toEqual(['BAD_USER_INPUT']);
    expect(again.body.errors![0]!.message).toMatch(/CANCELLED cannot become CANCELLED/);

    const rideId = await hail('C-0016', 'Home');
    await approve('C-0016', rideId);
    await partner('AcceptRide', { id: rideId, etaMinutes: 3 });
    await partner('UpdateRide', { id: rideId, status: 'ARRIVED' });
    expect((await partner('UpdateRide', { id: rideId, status: 'COMPLETED' })).body.data).toEqual({ updateRide: { id: rideId, status: 'COMPLETED' } });
    const completed = await cancel('C-0016', rideId, face('C-0016'));
    expect(codes(completed)).toEqual(['BAD_USER_INPUT']);
    expect(completed.body.errors![0]!.message).toMatch(/COMPLETED cannot become CANCELLED/);
    expect(await myRide('C-0016', rideId)).toMatchObject({ status: 'COMPLETED' });
  });
});
