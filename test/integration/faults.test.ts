import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startSubgraph } from '../../subgraphs/runtime.js';
import { createLogger } from '../../platform/logger.js';
import { CITIZEN_NAME, citizenToken, errorText, type GraphQLAnswer, graphql, LEAK_PATTERN, staffToken, startTestHub, type TestHub } from '../support/hub.js';

/**
 * A department that is killed, hangs, answers garbage or loses its store: the rest of the graph keeps answering,
 * the department's fields are null with SUBGRAPH_UNAVAILABLE, nothing internal leaks, and it recovers.
 */
let hub: TestHub;
let token: string;
const ME = '{ me { id name savedPlaces { label } businesses { id } } }';

beforeAll(async () => {
  hub = await startTestHub({ sensors: 500, env: { HUB_SUBGRAPH_TIMEOUT_LICENSING_MS: '400' } });
  token = await citizenToken(hub, 'C-0001');
});
afterAll(async () => {
  await hub?.close();
});

function expectPartial(answer: GraphQLAnswer): void {
  expect(answer.status).toBe(200);
  const me = answer.body.data!.me as any;
  expect(me.id).toBe('C-0001');
  expect(me.name).toMatch(CITIZEN_NAME);
  expect(me.savedPlaces).toHaveLength(2);
  expect(me.businesses).toBeNull();
  expect(answer.body.errors?.map((e) => e.extensions?.code)).toContain('SUBGRAPH_UNAVAILABLE');
  expect(errorText(answer)).not.toMatch(LEAK_PATTERN);
}

async function readiness(): Promise<number> {
  return (await fetch(hub.url.replace(/\/graphql$/, '/readyz'))).status;
}

async function metricsText(): Promise<string> {
  return (await fetch(hub.url.replace(/\/graphql$/, '/metrics'))).text();
}

/** Puts something else on the licensing port for the duration of `run`, then brings the real subgraph back. */
async function withImpostor(impostor: net.Server | http.Server, run: () => Promise<void>): Promise<void> {
  await hub.stopSubgraph('licensing');
  await new Promise<void>((resolve) => impostor.listen(hub.config.ports.licensing, hub.config.host, () => resolve()));
  try {
    await run();
  } finally {
    if (impostor instanceof http.Server) impostor.closeAllConnections();
    await new Promise<void>((resolve) => impostor.close(() => resolve()));
    const server = await startSubgraph('licensing', hub.config, createLogger({ service: 'licensing', level: 'silent' }));
    hub.servers.set('licensing', server);
  }
}

describe('faults in one department', () => {
  it('answers around a hung subgraph within its timeout', async () => {
    const sockets: net.Socket[] = [];
    const hung = net.createServer((socket) => sockets.push(socket));
    await withImpostor(hung, async () => {
      try {
        const started = Date.now();
        const answer = await graphql(hub, ME, {}, { token });
        expect(Date.now() - started).toBeLessThan(1800);
        expectPartial(answer);
        expect(await readiness()).toBe(503);
      } finally {
        // Even when an expectation fails: the impostor cannot close while its sockets hang, and the test would time out.
        for (const s of sockets) s.destroy();
      }
    });
  });

  it('answers around a subgraph that answers garbage', async () => {
    const garbage = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"data": {"_entities": [ not json at db-7.internal:5432');
    });
    await withImpostor(garbage, async () => {
      expectPartial(await graphql(hub, ME, {}, { token }));
    });
  });

  it('opens the breaker after repeated failures, fails fast, and closes again once the department is back', async () => {
    await hub.stopSubgraph('licensing');
    for (let i = 0; i < 12; i++) expectPartial(await graphql(hub, ME, {}, { token }));
    expect(await metricsText()).toMatch(/citygraph_circuit_breaker_state\{subgraph="licensing",service="gateway"\} 2/);
    expect(await metricsText()).toMatch(/citygraph_subgraph_errors_total\{[^}]*subgraph="licensing"[^}]*outcome="rejected"[^}]*\} [1-9]/);
    hub.servers.set('licensing', await startSubgraph('licensing', hub.config, createLogger({ service: 'licensing', level: 'silent' })));
    await new Promise((resolve) => setTimeout(resolve, 5200));
    const recovered = await graphql(hub, ME, {}, { token });
    expect(recovered.body.errors).toBeUndefined();
    expect((recovered.body.data!.me as any).businesses.length).toBeGreaterThan(0);
    expect(await metricsText()).toMatch(/citygraph_circuit_breaker_state\{subgraph="licensing",service="gateway"\} 0/);
    expect(await readiness()).toBe(200);
  });

  it('reports a store that became unreachable as not ready, and its fields as internal errors without details', async () => {
    const transport = hub.servers.get('transport')!;
    await transport.store.close();
    expect(await readiness()).toBe(503);
    const answer = await graphql(hub, '{ me { id name savedPlaces { label } } }', {}, { token });
    expect(answer.status).toBe(200);
    expect((answer.body.data!.me as any).name).toMatch(CITIZEN_NAME);
    expect((answer.body.data!.me as any).savedPlaces).toBeNull();
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    expect(errorText(answer)).not.toMatch(LEAK_PATTERN);
    expect(errorText(answer)).not.toMatch(/database connection/i);
    await hub.stopSubgraph('transport');
    hub.servers.set('transport', await startSubgraph('transport', hub.config, createLogger({ service: 'transport', level: 'silent' })));
    expect(await readiness()).toBe(200);
  });

  it('refuses to start a subgraph whose store cannot be opened, with a clear error', async () => {
    // The data directory is a regular file here: SQLite cannot be opened under it.
    const notADirectory = path.join(hub.config.dataDir, 'keys', 'master.key');
    const broken = { ...hub.config, dataDir: notADirectory, ports: { ...hub.config.ports, water: 0 } };
    await expect(startSubgraph('water', broken, createLogger({ service: 'water', level: 'silent' }))).rejects.toThrow();
  });
});

describe('idempotent mutations', () => {
  const GRANT = 'mutation($input: GrantConsentInput!) { grantConsent(input: $input) { id status } }';
  const input = { granteeId: 'transport', purpose: 'RESEARCH', categories: ['LOCATION'], validUntil: '2031-01-01T00:00:00Z' };

  async function send(key: string, variables: unknown) {
    const response = await fetch(hub.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': key },
      body: JSON.stringify({ query: GRANT, variables }),
    });
    return { status: response.status, replayed: response.headers.get('idempotent-replayed'), body: (await response.json()) as any };
  }

  async function consents(): Promise<number> {
    return ((await graphql(hub, '{ me { consents { id } } }', {}, { token })).body.data!.me as any).consents.length;
  }

  it('replays the stored answer for the same key and body, and runs the mutation once', async () => {
    const before = await consents();
    const first = await send('grant-once-1', { input });
    const again = await send('grant-once-1', { input });
    expect(first.status).toBe(200);
    expect(again.replayed).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(await consents()).toBe(before + 1);
  });

  it('refuses the same key with another body with 422 IDEMPOTENCY_KEY_REUSED', async () => {
    await send('grant-once-2', { input });
    const other = await send('grant-once-2', { input: { ...input, validUntil: '2032-01-01T00:00:00Z' } });
    expect(other.status).toBe(422);
    expect(other.body.errors[0].extensions.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('refuses a concurrent duplicate with 409 IDEMPOTENCY_IN_PROGRESS while the first is still running', async () => {
    // A licensing stand-in that takes 300 ms to answer keeps the first request running while the second arrives.
    let calls = 0;
    const slow = http.createServer((_req, res) => {
      calls++;
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ data: null, errors: [{ message: 'Not now.', extensions: { code: 'BAD_USER_INPUT' } }] }));
      }, 300);
    });
    await withImpostor(slow, async () => {
      const apply = 'mutation { applyForIntegratedLicence(input: { businessId: "B-0001", permits: [SIGNAGE] }) { id } }';
      const post = () =>
        fetch(hub.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': 'apply-once-1' },
          body: JSON.stringify({ query: apply }),
        });
      const first = post();
      await new Promise((resolve) => setTimeout(resolve, 100));
      const second = await post();
      expect(second.status).toBe(409);
      expect(((await second.json()) as any).errors[0].extensions.code).toBe('IDEMPOTENCY_IN_PROGRESS');
      expect((await first).status).toBe(200);
      expect(calls).toBe(1);
    });
  });
});

describe('metrics', () => {
  it('exposes requests by operation and code, subgraph latency, consent decisions by outcome', async () => {
    await graphql(hub, 'query MyName { me { name } }', {}, { token });
    await graphql(hub, '{ citizen(id: "C-0002") { healthCode { status } } }', {}, { token: await staffToken(hub, 'transport'), purpose: 'SERVICE_DELIVERY' });
    const text = await metricsText();
    expect(text).toMatch(/citygraph_gateway_requests_total\{operation="MyName",code="OK",service="gateway"\} [1-9]/);
    expect(text).toMatch(/citygraph_gateway_request_duration_seconds_bucket\{[^}]*operation="MyName"/);
    expect(text).toMatch(/citygraph_subgraph_request_duration_seconds_count\{subgraph="consent",outcome="ok",service="gateway"\} [1-9]/);
    expect(text).toMatch(/citygraph_consent_decisions_total\{subgraph="consent",outcome="ALLOWED",service="consent"\} [1-9]/);
    expect(text).toMatch(/citygraph_consent_decisions_total\{[^}]*outcome="CONSENT_REQUIRED"/);
    expect(text).toMatch(/citygraph_sensor_ingestion_rate\{service="sensors"\} /);
    expect(text).toMatch(/citygraph_sensor_readings_rejected_total\{reason="unknownSensor",service="sensors"\} /);
  });
});
