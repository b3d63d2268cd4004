import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { citizenToken, startTestHub, type TestHub } from '../support/hub.js';

/**
 * Idempotency never replays personal data past the decision that released it (issue 10, ARCHITECTURE §4): the
 * stored answer keeps no personal value; a replay answers the rest of it, with the personal fields null and an error
 * at each path; the same key with another body or purpose is 422. The mutation itself never runs twice.
 */
let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub({ citizens: 20, sensors: 200 });
});
afterAll(async () => {
  await hub?.close();
});

const HAIL = 'mutation Hail { hailTaxi(input: { fromLabel: "Home", toLabel: "Clinic" }) { id status pickup { label } ride: destination { label } } }';

async function send(token: string, key: string, query = HAIL, purpose?: string) {
  const response = await fetch(hub.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': key, ...(purpose ? { 'x-purpose': purpose } : {}) },
    body: JSON.stringify({ query }),
  });
  return { status: response.status, replayed: response.headers.get('idempotent-replayed'), body: (await response.json()) as any };
}

describe('an idempotent replay', () => {
  it('answers the first request in full, and replays it without any personal value, the mutation not run again', async () => {
    const token = await citizenToken(hub, 'C-0001');
    const first = await send(token, 'hail-replay-1');
    expect(first.status).toBe(200);
    expect(first.body.errors).toBeUndefined();
    expect(first.body.data.hailTaxi).toMatchObject({ status: 'OFFERED', pickup: { label: 'Home' }, ride: { label: 'Clinic' } });

    const again = await send(token, 'hail-replay-1');
    expect(again.status).toBe(200);
    expect(again.replayed).toBe('true');
    expect(again.body.data.hailTaxi).toEqual({ id: first.body.data.hailTaxi.id, status: 'OFFERED', pickup: null, ride: null });
    expect(again.body.errors.map((e: any) => [e.path.join('.'), e.extensions.code]).sort()).toEqual([
      ['hailTaxi.pickup', 'CONSENT_REQUIRED'],
      ['hailTaxi.ride', 'CONSENT_REQUIRED'],
    ]);
    expect(JSON.stringify(again.body)).not.toMatch(/"label":"(Home|Clinic)"/);

    // One ride, not two: the replay did not run the mutation.
    const rides = await fetch(hub.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ me { taxiRides(last: 10) { id } } }' }),
    });
    const ids = ((await rides.json()) as any).data.me.taxiRides.map((r: any) => r.id);
    expect(ids.filter((id: string) => id === first.body.data.hailTaxi.id)).toHaveLength(1);
  });

  it('refuses the same key with another purpose, 422 IDEMPOTENCY_KEY_REUSED', async () => {
    const token = await citizenToken(hub, 'C-0002');
    expect((await send(token, 'hail-replay-2')).status).toBe(200);
    const other = await send(token, 'hail-replay-2', HAIL, 'SERVICE_DELIVERY');
    expect(other.status).toBe(422);
    expect(other.body.errors[0].extensions.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });
});
