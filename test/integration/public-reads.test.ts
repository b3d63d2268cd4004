import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createLogger } from '../../platform/logger.js';
import { sensorId } from '../../seed/demo-layout.js';
import { startEmbeddedBroker, type EmbeddedBroker } from '../../subgraphs/sensors/ingestion/embedded-broker.js';
import { citizenToken, contract, graphql, staffToken, startTestHub, type TestHub } from '../support/hub.js';
import { freePort } from '../../platform/ports.js';


async function publicReads(hub: TestHub): Promise<Record<string, number>> {
  const text = await (await fetch(hub.url.replace(/graphql$/, 'metrics'))).text();
  return Object.fromEntries([...text.matchAll(/^citygraph_public_reads_total\{outcome="(\w+)"[^}]*\} (\d+)/gm)].map((m) => [m[1]!, Number(m[2])]));
}

async function publicAnswers(hub: TestHub): Promise<Record<string, number>> {
  const text = await (await fetch(hub.url.replace(/graphql$/, 'metrics'))).text();
  return Object.fromEntries([...text.matchAll(/^citygraph_public_answers_total\{outcome="(\w+)"[^}]*\} (\d+)/gm)].map((m) => [m[1]!, Number(m[2])]));
}

describe('coalesced public reads through the whole hub', () => {
  let hub: TestHub;
  let broker: EmbeddedBroker;

  beforeAll(async () => {
    const port = await freePort();
    broker = await startEmbeddedBroker({ port, logger: createLogger({ service: 'test-broker', level: 'silent' }) });
    // A long reuse time: within the test, only an ingestion event can explain a fresh answer.
    hub = await startTestHub({ sensors: 500, env: { HUB_MQTT_PORT: String(port), HUB_PUBLIC_CACHE_TTL_MS: '60000' } });
  });
  afterAll(async () => {
    await hub?.close();
    await broker?.close();
  });

  it('answers 16 identical concurrent flood overviews from shared subgraph calls, every one complete', async () => {
    const before = await publicReads(hub);
    const answers = await Promise.all(Array.from({ length: 16 }, () => graphql<{ districts: Array<{ id: string; floodRisk: unknown }> }>(hub, contract('flood-overview.graphql'))));
    for (const a of answers) expect({ status: a.status, districts: a.body.data?.districts.length, errors: a.body.errors }).toEqual({ status: 200, districts: 16, errors: undefined });
    const after = await publicReads(hub);
    const fetched = after.fetched! - (before.fetched ?? 0);
    const reused = after.shared! + after.cached! - (before.shared ?? 0) - (before.cached ?? 0);
    // The overview takes a few fetches per request: 16 requests made far fewer subgraph calls than 16 times that.
    expect(reused).toBeGreaterThan(fetched);
  });

  it('never shares a fetch that needed a decision: identical documents from two citizens get each their own answer', async () => {
    const [one, two] = await Promise.all([citizenToken(hub, 'C-0001'), citizenToken(hub, 'C-0002')]);
    const query = '{ me { id name phone } districts { id } }';
    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => graphql<{ me: { id: string; name: string; phone: string } }>(hub, query, {}, { token: i % 2 ? two : one })));
    for (const [i, a] of answers.entries()) expect(a.body.data?.me.id).toBe(i % 2 ? 'C-0002' : 'C-0001');
    const names = new Set(answers.map((a) => `${a.body.data?.me.id}:${a.body.data?.me.name}:${a.body.data?.me.phone}`));
    expect(names.size).toBe(2);
    // Staff asking for a personal field at the same time as anonymous callers ask for the same citizen's public neighbours.
    const health = await staffToken(hub, 'health');
    const staffQuery = '{ facilities(first: 3) { id } citizen(id: "C-0003") { id name phone } }';
    const staff = await Promise.all(Array.from({ length: 4 }, () => graphql(hub, staffQuery, {}, { token: health, purpose: 'SERVICE_DELIVERY' })));
    for (const a of staff) {
      expect(a.body.data?.citizen?.name).toEqual(expect.any(String));
      expect(a.body.data?.citizen?.phone).toBeNull();
      expect(a.body.errors?.map((e: { extensions?: { code?: string } }) => e.extensions?.code)).toEqual(['CONSENT_REQUIRED']);
    }
  });

  it('answers a repeated anonymous public query from the kept whole answer, and only anonymous callers from it', async () => {
    const query = '{ districts { id name pumpingStations { id } } }';
    const before = await publicAnswers(hub);
    const first = await fetch(hub.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
    const firstText = await first.text();
    const again = await fetch(hub.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
    expect({ status: again.status, type: again.headers.get('content-type'), body: await again.text() }).toEqual({ status: 200, type: first.headers.get('content-type'), body: firstText });
    const afterAnonymous = await publicAnswers(hub);
    expect((afterAnonymous.served ?? 0) - (before.served ?? 0)).toBe(1);
    // A citizen asking the very same document goes through the graph: nothing of theirs is ever served from, or kept in, it.
    const token = await citizenToken(hub, 'C-0001');
    const citizen = await graphql(hub, query, {}, { token });
    expect(citizen.status).toBe(200);
    expect(await publicAnswers(hub)).toEqual(afterAnonymous);
  });

  it('never keeps an answer that carried an error: an anonymous caller asking for a personal field is refused every time', async () => {
    const query = '{ districts { id } citizen(id: "C-0001") { id name } }';
    const before = await publicAnswers(hub);
    for (let i = 0; i < 2; i += 1) {
      const answer = await graphql(hub, query);
      expect(answer.body.data?.citizen?.name ?? null).toBeNull();
      expect((answer.body.errors ?? []).length).toBeGreaterThan(0);
    }
    expect(await publicAnswers(hub)).toEqual(before);
  });

  it('serves a fresh answer once ingestion says the readings changed, long before the cached one expires', async () => {
    const id = sensorId(3);
    const query = `{ sensor(id: "${id}") { id latestReading { value at } } }`;
    const first = await graphql<{ sensor: { latestReading: { value: number; at: string } | null } }>(hub, query);
    const again = await graphql(hub, query);
    expect(again.body).toEqual(first.body);
    const staff = await staffToken(hub, 'sensors');
    const at = new Date().toISOString();
    const value = (first.body.data?.sensor.latestReading?.value ?? 0) + 1.5;
    const ingested = await graphql(hub, 'mutation($r: [ReadingInput!]!) { ingestReadings(readings: $r) { accepted } }', { r: [{ sensorId: id, at, value }] }, { token: staff, purpose: 'SERVICE_DELIVERY' });
    expect(ingested.body.data?.ingestReadings.accepted).toBe(1);
    // The event travels sensors -> broker -> gateway: ask until the gateway has heard it (bounded; no fixed sleep).
    const deadline = Date.now() + 5000;
    let latest = first.body.data?.sensor.latestReading;
    while (latest?.value !== value && Date.now() < deadline) {
      await new Promise((resolve) => setImmediate(resolve));
      latest = (await graphql<{ sensor: { latestReading: { value: number; at: string } } }>(hub, query)).body.data?.sensor.latestReading;
    }
    expect(latest?.value).toBe(value);
  });

  it('still applies the anonymous rate limit to answers served from the kept copy', async () => {
    const query = '{ districts { id } }';
    await graphql(hub, query);
    // Bursts of 160 (the bucket holds 100 and refills 50 a second): on a slow machine one burst may not outrun the refill.
    let limited: Array<Awaited<ReturnType<typeof graphql>>> = [];
    for (let burst = 0; burst < 10 && limited.length === 0; burst += 1) {
      const answers = await Promise.all(Array.from({ length: 160 }, () => graphql(hub, query)));
      limited = answers.filter((a) => a.status === 429);
    }
    expect(limited.length).toBeGreaterThan(0);
    expect(limited[0]!.body.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
  });
});
