import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { labelled } from '../support/labelled.js';
import { citizenToken, staffToken, startTestHub, type TestHub } from '../support/hub.js';

/** A request from a chosen loopback address (the whole of 127.0.0.0/8 is this machine), answered with status, headers and code. */
function post(hub: TestHub, body: unknown, options: { from?: string; token?: string; purpose?: string } = {}): Promise<{ status: number; retryAfter?: string; code?: string }> {
  const url = new URL(hub.url);
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        localAddress: options.from ?? '127.0.0.1',
        agent: false,
        headers: {
          'content-type': 'application/json',
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          ...(options.purpose ? { 'x-purpose': options.purpose } : {}),
        },
      },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        res.on('end', () => {
          const parsed = JSON.parse(text) as { errors?: Array<{ extensions?: { code?: string } }> };
          resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'] as string | undefined, code: parsed.errors?.[0]?.extensions?.code });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

const DISTRICTS = { query: '{ districts { id } }' };

describe('rate limits for every kind of caller', () => {
  let hub: TestHub;

  beforeAll(async () => {
    hub = await startTestHub({
      sensors: 500,
      env: {
        // Slow refills, so that a busy machine spreading a burst over a second cannot sneak in an extra token.
        HUB_RATE_ANONYMOUS_PER_SECOND: '0.5',
        HUB_RATE_ANONYMOUS_BURST: '3',
        HUB_RATE_CITIZEN_PER_SECOND: '0.2',
        HUB_RATE_CITIZEN_BURST: '3',
        HUB_RATE_STAFF_PER_SECOND: '0.2',
        HUB_RATE_STAFF_BURST: '3',
      },
    });
  });
  afterAll(async () => {
    await hub?.close();
  });

  it('sheds an anonymous burst per client address with 429 and Retry-After, and lets the address in again once a token is back', async () => {
    const burst = await Promise.all(Array.from({ length: 6 }, () => post(hub, DISTRICTS, { from: '127.0.0.11' })));
    const refused = burst.filter((r) => r.status === 429);
    expect(burst.filter((r) => r.status === 200).length).toBe(3);
    expect(refused.length).toBe(3);
    for (const r of refused) labelled(JSON.stringify(r), () => expect({ ...r, retryAfter: ['1', '2'].includes(r.retryAfter ?? '') }).toEqual({ status: 429, retryAfter: true, code: 'RATE_LIMITED' }));
    // Another address is a different caller.
    expect((await post(hub, DISTRICTS, { from: '127.0.0.12' })).status).toBe(200);
    // Retry-After is the wait for one token (2 s at 0.5 a second): after it the address is let in again.
    await new Promise((resolve) => setTimeout(resolve, 1000 * Math.max(...refused.map((r) => Number(r.retryAfter)))));
    expect((await post(hub, DISTRICTS, { from: '127.0.0.11' })).status).toBe(200);
  });

  it('limits each citizen and each named official on their own', async () => {
    const [c1, c2, t1, t2] = await Promise.all([citizenToken(hub, 'C-0001'), citizenToken(hub, 'C-0002'), staffToken(hub, 'transport', { official: 'T-0001' }), staffToken(hub, 'transport', { official: 'T-0002' })]);
    const me = { query: '{ me { id } }' };
    const citizen = await Promise.all(Array.from({ length: 5 }, () => post(hub, me, { token: c1 })));
    expect(citizen.map((r) => r.status).sort()).toEqual([200, 200, 200, 429, 429]);
    expect((await post(hub, me, { token: c2 })).status).toBe(200);
    const staff = await Promise.all(Array.from({ length: 5 }, () => post(hub, DISTRICTS, { token: t1, purpose: 'SERVICE_DELIVERY' })));
    expect(staff.map((r) => r.status).sort()).toEqual([200, 200, 200, 429, 429]);
    expect((await post(hub, DISTRICTS, { token: t2, purpose: 'SERVICE_DELIVERY' })).status).toBe(200);
  });
});

describe('admission control through the whole hub', () => {
  let hub: TestHub;

  beforeAll(async () => {
    hub = await startTestHub({ sensors: 500, env: { HUB_ADMISSION_MAX_CONCURRENT: '4', HUB_ADMISSION_MAX_QUEUE: '2', HUB_ADMISSION_ANONYMOUS_QUEUE_TIMEOUT_MS: '0' } });
  });
  afterAll(async () => {
    await hub?.close();
  });

  it('answers anonymous requests beyond the limit at once with 503 OVERLOADED and Retry-After, while a citizen still gets in', async () => {
    const token = await citizenToken(hub, 'C-0001');
    const flood = { query: '{ districts { id name floodRisk { level } gauges { id sensor { id latestReading { value } } } } }' };
    const anonymous = Array.from({ length: 30 }, (_, i) => post(hub, flood, { from: `127.0.1.${i + 1}` }));
    const citizen = post(hub, { query: '{ me { id } }' }, { token });
    const answers = await Promise.all(anonymous);
    const shed = answers.filter((a) => a.status === 503);
    expect(shed.length).toBeGreaterThan(0);
    for (const a of shed) labelled(JSON.stringify(a), () => expect(a).toEqual({ status: 503, retryAfter: '1', code: 'OVERLOADED' }));
    expect(answers.filter((a) => a.status === 200).length).toBeGreaterThan(0);
    expect((await citizen).status).toBe(200);
  });
});
