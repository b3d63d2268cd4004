import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { hubCli } from '../support/cli.js';
import { citizenToken, contract, graphql, startTestHub, type TestHub } from '../support/hub.js';

/** Issue 14 item 2: taxis really dispatched (contract taxi-dispatch.graphql, docs/taxi-partners.md). */
const DISPATCH = contract('taxi-dispatch.graphql');
let hub: TestHub;
let robotaxiKey: string;
let c1: string;

beforeAll(async () => {
  hub = await startTestHub({ citizens: 60, sensors: 50 });
  robotaxiKey = (await hubCli(hub, ['key', 'issue', '--partner', 'robotaxi', '--expires-in', '30d'])).trim();
  c1 = await citizenToken(hub, 'C-0001');
}, 180_000);

afterAll(async () => {
  await hub?.close();
});

async function run(operationName: string, variables: Record<string, unknown>, as: { token?: string; partner?: boolean }): Promise<any> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (as.partner) Object.assign(headers, { authorization: `ApiKey ${robotaxiKey}`, 'x-purpose': 'TAXI_ASSIST' });
  else headers.authorization = `Bearer ${as.token}`;
  const response = await fetch(hub.url, { method: 'POST', headers, body: JSON.stringify({ query: DISPATCH, operationName, variables }) });
  return { status: response.status, ...((await response.json()) as object) };
}

const codes = (answer: any) => (answer.errors ?? []).map((e: any) => e.extensions.code);

describe('contract: taxi-dispatch', () => {
  let rideId: string;

  it('offers a hailed ride at once to the partner holding the citizen’s TAXI_ASSIST grant', async () => {
    const hail = await run('HailTaxi', { input: { fromLabel: 'Home', toLabel: 'Clinic' } }, { token: c1 });
    expect(hail.errors).toBeUndefined();
    expect(hail.data.hailTaxi).toMatchObject({ status: 'OFFERED', pickup: { label: 'Home' }, destination: { label: 'Clinic' } });
    rideId = hail.data.hailTaxi.id;
    const offered = await run('OfferedRides', {}, { partner: true });
    expect(offered.errors).toBeUndefined();
    expect(offered.data.offeredRides.find((r: any) => r.id === rideId)).toMatchObject({ status: 'OFFERED', pickup: { label: 'Home' } });
  });

  it('moves the ride ACCEPTED (with the partner’s ETA) -> ARRIVED -> COMPLETED, and the citizen follows it', async () => {
    const accepted = await run('AcceptRide', { id: rideId, etaMinutes: 4 }, { partner: true });
    expect(accepted.data.acceptRide).toEqual({ id: rideId, status: 'ACCEPTED', etaMinutes: 4 });
    expect((await run('MyRide', { id: rideId }, { token: c1 })).data.me.taxiRide).toEqual({ id: rideId, status: 'ACCEPTED', etaMinutes: 4 });
    expect((await run('UpdateRide', { id: rideId, status: 'ARRIVED' }, { partner: true })).data.updateRide).toEqual({ id: rideId, status: 'ARRIVED' });
    expect((await run('UpdateRide', { id: rideId, status: 'COMPLETED' }, { partner: true })).data.updateRide).toEqual({ id: rideId, status: 'COMPLETED' });
    expect((await run('MyRide', { id: rideId }, { token: c1 })).data.me.taxiRide.status).toBe('COMPLETED');
  });

  it('refuses an illegal move with BAD_USER_INPUT and shows the partner nothing of a finished ride', async () => {
    const back = await run('AcceptRide', { id: rideId, etaMinutes: 3 }, { partner: true });
    expect(codes(back)).toEqual(['BAD_USER_INPUT']);
    expect(back.errors[0].message).toMatch(/COMPLETED cannot become ACCEPTED/);
    const offered = await run('OfferedRides', {}, { partner: true });
    expect(offered.data.offeredRides.map((r: any) => r.id)).not.toContain(rideId);
  });

  it('logs every release of the pickup place to the partner in the citizen’s access log, under the grant', async () => {
    const log = await graphql(hub, '{ me { accessLog(first: 50) { edges { node { coordinate decision basis principal { kind id } } } } } }', {}, { token: c1 });
    const releases = log.body.data!.me.accessLog.edges.map((e: any) => e.node).filter((e: any) => e.coordinate === 'TaxiRide.pickup' && e.principal.id === 'robotaxi');
    expect(releases.length).toBeGreaterThanOrEqual(1);
    for (const entry of releases) expect(entry).toMatchObject({ decision: 'ALLOWED', basis: expect.stringMatching(/^CONSENT:/), principal: { kind: 'PARTNER' } });
  });

  it('lets the citizen cancel a live ride, and no one move a cancelled one', async () => {
    const hail = await run('HailTaxi', { input: { fromLabel: 'Clinic', toLabel: 'Home' } }, { token: c1 });
    const id = hail.data.hailTaxi.id;
    expect((await run('UpdateRide', { id, status: 'CANCELLED' }, { token: c1 })).data.updateRide).toEqual({ id, status: 'CANCELLED' });
    expect(codes(await run('AcceptRide', { id, etaMinutes: 5 }, { partner: true }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await run('UpdateRide', { id, status: 'ARRIVED' }, { token: c1 }))).toEqual(['BAD_USER_INPUT']);
  });

  it('answers NOT_FOUND to a partner for a ride never offered to it, and to a citizen for someone else’s ride', async () => {
    expect(codes(await run('AcceptRide', { id: 'TR-000001', etaMinutes: 5 }, { partner: true }))).toEqual(['NOT_FOUND']);
    const other = await citizenToken(hub, 'C-0002');
    const hail = await run('HailTaxi', { input: { fromLabel: 'Home', toLabel: 'Clinic' } }, { token: c1 });
    expect(codes(await run('UpdateRide', { id: hail.data.hailTaxi.id, status: 'CANCELLED' }, { token: other }))).toEqual(['NOT_FOUND']);
    expect((await run('MyRide', { id: hail.data.hailTaxi.id }, { token: other })).data.me.taxiRide).toBeNull();
  });
});
