import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { blockedAddress, postWebhook, screenWebhookUrl, WebhookTargetRefusedError, type Resolver } from '../../../platform/webhook-target.js';
import { labelled } from '../../support/labelled.js';

/**
 * Webhook targets (docs/taxi-partners.md, docs/notifications.md): a partner's URL may not point into the city's own
 * network. Refused: loopback, private, link-local, CGNAT, multicast and unspecified addresses, IPv4 and IPv6,
 * IPv4-mapped IPv6 included; checked at registration and again at each delivery against the address connected to.
 */
describe('blockedAddress', () => {
  const refused: Array<[string, string]> = [
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.10', 'private'],
    ['169.254.169.254', 'link-local'],
    ['100.64.0.1', 'CGNAT'],
    ['100.127.255.255', 'CGNAT'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['255.255.255.255', 'reserved'],
    ['240.0.0.1', 'reserved'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fc00::1', 'private'],
    ['fd12:3456:789a::1', 'private'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['febf::1', 'link-local'],
    ['ff02::1', 'multicast'],
    ['fec0::1', 'private'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:10.1.2.3', 'private'],
    ['::ffff:169.254.169.254', 'link-local'],
    ['0:0:0:0:0:ffff:c0a8:0101', 'private'],
    ['::127.0.0.1', 'loopback'],
    ['64:ff9b::10.0.0.1', 'private'],
  ];
  it.each(refused)('refuses %s (%s)', (address, kind) => {
    expect(blockedAddress(address)).toBe(kind);
  });

  const public_: string[] = ['93.184.216.34', '8.8.8.8', '172.32.0.1', '172.15.255.255', '100.63.255.255', '100.128.0.1', '169.255.0.1', '223.255.255.255', '192.169.0.1', '2606:4700:4700::1111', '2001:db8::1', '::ffff:8.8.8.8', '64:ff9b::8.8.8.8'];
  it('lets public addresses through', () => {
    for (const address of public_) labelled(address, () => expect(blockedAddress(address)).toBeNull());
  });

  it('treats something that is not an IP address as refused, never as public', () => {
    for (const text of ['', 'localhost', '1.2.3', '1.2.3.4.5', '256.1.1.1', '::ffff:1.2.3.999', 'fe80::1::2']) labelled(text, () => expect(blockedAddress(text)).toBe('invalid'));
  });
});

describe('screenWebhookUrl (at registration)', () => {
  const answers = (table: Record<string, string[]>): Resolver => async (host) => {
    const addresses = table[host];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  const resolve = answers({ 'partner.example': ['93.184.216.34'], 'inside.example': ['93.184.216.34', '10.0.0.5'], 'localhost': ['127.0.0.1', '::1'] });

  it('accepts a public host and a public literal address', async () => {
    await expect(screenWebhookUrl(new URL('https://partner.example/hook'), { allowPrivate: false, resolve })).resolves.toBeUndefined();
    await expect(screenWebhookUrl(new URL('https://93.184.216.34/hook'), { allowPrivate: false, resolve })).resolves.toBeUndefined();
  });

  it('refuses literal and resolved private targets with BAD_USER_INPUT naming the kind of address', async () => {
    for (const url of ['http://127.0.0.1:8080/x', 'http://[::1]/x', 'http://[::ffff:127.0.0.1]/x', 'https://169.254.169.254/latest', 'https://localhost/x', 'https://inside.example/x', 'http://0.0.0.0/x', 'http://2130706433/x']) {
      const error = await screenWebhookUrl(new URL(url), { allowPrivate: false, resolve }).then(() => null, (e: unknown) => e);
      labelled(url, () => expect(error).toBeInstanceOf(WebhookTargetRefusedError));
      labelled(url, () => expect((error as WebhookTargetRefusedError).code).toBe('BAD_USER_INPUT'));
      labelled(url, () => expect((error as Error).message).toMatch(/^The webhook URL's host (is|resolves to) an? (loopback|private|link-local|unspecified) address/));
    }
  });

  it('refuses a host name that cannot be found', async () => {
    await expect(screenWebhookUrl(new URL('https://nowhere.example/x'), { allowPrivate: false, resolve })).rejects.toThrow(/cannot be found/);
  });

  it('allows private targets when the configuration says so (development)', async () => {
    await expect(screenWebhookUrl(new URL('http://127.0.0.1:8080/x'), { allowPrivate: true, resolve })).resolves.toBeUndefined();
  });
});

describe('postWebhook (at delivery)', () => {
  let server: http.Server;
  let port: number;
  let received = 0;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      received++;
      req.resume();
      req.on('end', () => res.writeHead(204).end());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const post = (url: string, allowPrivate: boolean, resolve?: Resolver) => postWebhook(url, { headers: { 'content-type': 'application/json' }, body: '{}', timeoutMs: 2000, allowPrivate, ...(resolve ? { resolve } : {}) });

  it('posts to a private target when allowed and answers the status', async () => {
    expect(await post(`http://127.0.0.1:${port}/hook`, true)).toBe(204);
  });

  it('refuses a private literal target when not allowed, sending nothing', async () => {
    const before = received;
    await expect(post(`http://127.0.0.1:${port}/hook`, false)).rejects.toBeInstanceOf(WebhookTargetRefusedError);
    expect(received).toBe(before);
  });

  it('checks the address it connects to: a name that resolved publicly at registration and now points inside is refused (DNS rebinding)', async () => {
    let calls = 0;
    const rebinding: Resolver = async () => (++calls === 1 ? [{ address: '93.184.216.34', family: 4 }] : [{ address: '127.0.0.1', family: 4 }]);
    await expect(screenWebhookUrl(new URL(`http://rebind.example:${port}/hook`), { allowPrivate: false, resolve: rebinding })).resolves.toBeUndefined();
    const before = received;
    await expect(post(`http://rebind.example:${port}/hook`, false, rebinding)).rejects.toBeInstanceOf(WebhookTargetRefusedError);
    expect(received).toBe(before);
  });

  it('connects to the address it checked (the name is resolved once, by the check)', async () => {
    let calls = 0;
    const once: Resolver = async () => {
      calls++;
      return [{ address: '127.0.0.1', family: 4 }];
    };
    expect(await post(`http://checked.example:${port}/hook`, true, once)).toBe(204);
    expect(calls).toBe(1);
  });
});
