import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startGateway } from '../../gateway/server.js';
import { createLogger } from '../../platform/logger.js';
import type { RunningServer } from '../../platform/subgraph-server.js';
import { hubCli } from '../support/cli.js';
import { contract, startTestHub, type TestHub } from '../support/hub.js';

/**
 * Two gateway instances sharing one partner's token bucket through a real Redis. Runs only with REDIS_URL (CI starts
 * Debian's redis-server); without it, it says so loudly.
 */
const redisUrl = process.env.REDIS_URL ?? '';
if (!redisUrl) console.warn('SKIPPED rate limits shared through Redis: REDIS_URL is not set (npm test starts a private redis-server and sets it)');

(redisUrl ? describe : describe.skip)('rate limits shared through Redis', () => {
  let hub: TestHub;
  let second: RunningServer;
  let key: string;
  const TAXI = contract('partner-taxi-assist.graphql');

  beforeAll(async () => {
    hub = await startTestHub({ sensors: 500, env: { REDIS_URL: redisUrl } });
    second = await startGateway({ ...hub.config, ports: { ...hub.config.ports, gateway: 0 } }, createLogger({ service: 'gateway-2', level: 'silent' }));
    const suffix = Date.now().toString(36);
    await hubCli(hub, ['partner', 'add', `shared-${suffix}`, '--name', 'Shared Quota Ltd', '--purposes', 'TAXI_ASSIST', '--requests-per-minute', '24']);
    const file = path.join(hub.config.dataDir, 'shared.graphql');
    fs.writeFileSync(file, TAXI);
    await hubCli(hub, ['operation', 'register', '--partner', `shared-${suffix}`, '--purposes', 'TAXI_ASSIST', file]);
    key = (await hubCli(hub, ['key', 'issue', '--partner', `shared-${suffix}`, '--scopes', 'consent:read,transport:read', '--expires-in', '1d'])).trim();
  });
  afterAll(async () => {
    await second?.close();
    await hub?.close();
  });

  it('draws requests to both gateways from one token bucket', async () => {
    const call = (url: string) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `ApiKey ${key}`, 'x-purpose': 'TAXI_ASSIST' },
        body: JSON.stringify({ query: TAXI, variables: { a: 'C-0001', b: 'C-0002' } }),
      });
    // 24 a minute: a bucket of 10 s worth (4 requests), refilling one every 2.5 s, drawn from by both gateways.
    const statuses: number[] = [];
    for (const url of [hub.url, second.url, hub.url, second.url, hub.url, second.url]) statuses.push((await call(url)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
    const limited = await call(second.url);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await limited.json()) as any).errors[0].extensions.code).toBe('RATE_LIMITED');
  });
});
