import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createConsentServices } from '../../consent/subgraph/services.js';
import type { Doc } from '../../platform/store/types.js';
import { hubCli } from '../support/cli.js';
import { contract, graphql, startTestHub, type TestHub } from '../support/hub.js';
import { labelled } from '../support/labelled.js';

/**
 * Partners' webhook URLs may not point into the city's own network (docs/taxi-partners.md, docs/notifications.md):
 * with private targets refused (HUB_WEBHOOK_ALLOW_PRIVATE=false, production's default) `registerTaxiWebhook` and
 * `partner subscribe` answer BAD_USER_INPUT for loopback, private, link-local, CGNAT and mapped addresses, and store
 * nothing. The address checks themselves, and the check at delivery (DNS rebinding), are unit-tested in
 * test/unit/platform/webhook-target.test.ts.
 */
let hub: TestHub;
let robotaxiKey: string;
let inside: http.Server;
let insideUrl: string;
let calls = 0;

const INSIDE = ['http://127.0.0.1:4004/graphql', 'http://localhost:4001/internal/seal', 'http://[::1]:4000/', 'http://[::ffff:127.0.0.1]/', 'https://169.254.169.254/latest/meta-data/', 'http://10.0.0.8/', 'http://100.64.0.1/', 'http://0.0.0.0:4000/', 'http://2130706433/'];

beforeAll(async () => {
  inside = http.createServer((req, res) => {
    calls++;
    req.resume();
    res.end();
  });
  await new Promise<void>((resolve) => inside.listen(0, '127.0.0.1', resolve));
  insideUrl = `http://127.0.0.1:${(inside.address() as AddressInfo).port}/offers`;
  hub = await startTestHub({ citizens: 20, sensors: 20, env: { HUB_WEBHOOK_ALLOW_PRIVATE: 'false' } });
  robotaxiKey = (await hubCli(hub, ['key', 'issue', '--partner', 'robotaxi', '--expires-in', '30d'])).trim();
}, 180_000);

afterAll(async () => {
  await hub?.close();
  await new Promise((resolve) => inside?.close(resolve));
});

async function count(subgraph: 'transport' | 'consent', collection: string): Promise<number> {
  return (await hub.servers.get(subgraph)!.store.collection<Doc>({ name: collection })).count();
}

describe('webhook URLs into the city’s network', () => {
  it('registerTaxiWebhook refuses them with BAD_USER_INPUT and a clear reason, storing nothing', async () => {
    const before = await count('transport', 'taxi_webhooks');
    for (const url of [...INSIDE, insideUrl]) {
      const answer = await graphql(hub, contract('taxi-webhook.graphql'), { url }, { operationName: 'RegisterTaxiWebhook', purpose: 'TAXI_ASSIST', headers: { authorization: `ApiKey ${robotaxiKey}` } });
      labelled(url, () => expect(answer.status).toBe(200));
      labelled(url, () => expect((answer.body.errors ?? []).map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']));
      labelled(url, () => expect(answer.body.errors![0]!.message).toMatch(/^The webhook URL's host (is|resolves to) an? [a-z-]+.* address; webhooks go to a partner's public server\.$/));
    }
    expect(await count('transport', 'taxi_webhooks')).toBe(before);
    expect(calls).toBe(0);
  });

  it('partner subscribe refuses them too, keeping the partner’s subscriptions as they were', async () => {
    const consent = await createConsentServices(hub.config, hub.servers.get('consent')!.store);
    const before = (await consent.store.grantees.get('robotaxi'))!.subscriptions ?? [];
    for (const url of INSIDE) {
      const error = await consent.partners.subscribe('admin:test', { partnerId: 'robotaxi', topic: 'ROAD_HAZARDS', url }).then(() => null, (e: unknown) => e);
      labelled(url, () => expect(error).toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/^The webhook URL's host/) }));
    }
    expect((await consent.store.grantees.get('robotaxi'))!.subscriptions ?? []).toEqual(before);
  });
});
