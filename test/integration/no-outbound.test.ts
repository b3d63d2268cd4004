import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { citizenToken, contract, graphql, staffToken, startTestHub, type TestHub } from '../support/hub.js';

/**
 * The hub talks to nothing but itself: every socket the gateway and subgraphs open goes to the loopback address.
 * (@apollo/gateway would otherwise probe cloud metadata addresses and send telemetry to Apollo.)
 */
const destinations: string[] = [];
const originalConnect = net.Socket.prototype.connect;
let hub: TestHub;

beforeAll(async () => {
  net.Socket.prototype.connect = function patched(this: net.Socket, ...args: unknown[]) {
    // Node calls connect internally with its normalised arguments as one array: [options, callback].
    const raw = Array.isArray(args[0]) ? (args[0] as unknown[])[0] : args[0];
    const first = raw as { host?: string; path?: string } | number | string;
    if (typeof first === 'object' && first !== null) destinations.push(first.path ? `unix:${first.path}` : String(first.host ?? 'localhost'));
    else if (typeof first === 'number') destinations.push(String(args[1] ?? 'localhost'));
    else destinations.push(`unix:${String(first)}`);
    return (originalConnect as (...a: unknown[]) => net.Socket).apply(this, args);
  } as typeof net.Socket.prototype.connect;
  hub = await startTestHub({ sensors: 500 });
});
afterAll(async () => {
  net.Socket.prototype.connect = originalConnect;
  await hub?.close();
});

describe('no traffic leaves the machine', () => {
  it('opens sockets only to loopback while serving citizens, staff and the public', async () => {
    await graphql(hub, contract('flood-overview.graphql'));
    await graphql(hub, contract('citizen-me.graphql'), {}, { token: await citizenToken(hub, 'C-0001') });
    await graphql(hub, contract('staff-citizen-view.graphql'), { id: 'C-0002' }, { token: await staffToken(hub, 'transport'), purpose: 'SERVICE_DELIVERY' });
    // Give background work (telemetry exporters, resource detectors, MQTT reconnects) time to show itself.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(destinations.length).toBeGreaterThan(5);
    const outside = destinations.filter((d) => !/^(127\.\d+\.\d+\.\d+|localhost|::1|unix:.*)$/.test(d));
    expect(outside).toEqual([]);
  });
});
