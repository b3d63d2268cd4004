import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { BadUserInputError } from './errors.js';

/**
 * Where the hub may POST a partner's webhook (taxi offers, topic notices). A partner chooses the URL, so without a
 * check it could make the hub call into the city's own network (the subgraphs on loopback, a cloud metadata address,
 * a private admin service): server-side request forgery. Refused: loopback, private, link-local, CGNAT, multicast,
 * unspecified and reserved addresses, IPv4 and IPv6 (IPv4-mapped, IPv4-compatible and NAT64 IPv6 by the IPv4 address
 * they carry). A URL is screened when it is registered, and every delivery checks again the address it actually
 * connects to (the name is resolved once, by the check, and that address is used), so a name that later resolves
 * inside (DNS rebinding) is refused too. Development may allow private targets (HUB_WEBHOOK_ALLOW_PRIVATE).
 */
export type BlockedKind = 'loopback' | 'private' | 'link-local' | 'CGNAT' | 'multicast' | 'unspecified' | 'reserved' | 'invalid';

/** A resolver of host names (the system's by default); answers every address, in the system's order. */
export type Resolver = (hostname: string) => Promise<Array<{ address: string; family: number }>>;

const systemResolver: Resolver = (hostname) => dns.promises.lookup(hostname, { all: true, verbatim: true });

export interface TargetPolicy {
  allowPrivate: boolean;
  resolve?: Resolver;
}

/** A webhook target the hub will not call; at registration it is the caller's bad input. */
export class WebhookTargetRefusedError extends BadUserInputError {
  constructor(message: string) {
    super(message, { argument: 'url' });
    this.name = 'WebhookTargetRefusedError';
  }
}

const ARTICLE: Record<BlockedKind, string> = {
  loopback: 'a loopback',
  private: 'a private',
  'link-local': 'a link-local',
  CGNAT: 'a carrier-grade NAT (100.64.0.0/10)',
  multicast: 'a multicast',
  unspecified: 'an unspecified',
  reserved: 'a reserved',
  invalid: 'an unusable',
};

function ipv4Octets(address: string): number[] | null {
  const parts = address.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p))) return null;
  const octets = parts.map(Number);
  return octets.every((o) => o <= 255) ? octets : null;
}

function ipv4Kind([a, b]: number[]): BlockedKind | null {
  if (a === 0) return 'unspecified'; // 0.0.0.0/8: "this network"
  if (a === 127) return 'loopback';
  if (a === 10 || (a === 172 && b! >= 16 && b! <= 31) || (a === 192 && b === 168)) return 'private';
  if (a === 169 && b === 254) return 'link-local'; // cloud metadata services live here
  if (a === 100 && b! >= 64 && b! <= 127) return 'CGNAT';
  if (a! >= 224 && a! <= 239) return 'multicast';
  if (a! >= 240) return 'reserved'; // 240.0.0.0/4 and the broadcast address
  return null;
}

/** The 16 bytes of an IPv6 address (a zone id removed), or null when it is not one. */
function ipv6Bytes(text: string): number[] | null {
  const address = text.replace(/%.*$/, '');
  if (net.isIPv6(address) === false) return null;
  let head = address;
  let tail: number[] = [];
  const dotted = /:(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (dotted) {
    const octets = ipv4Octets(dotted[1]!);
    if (!octets) return null;
    tail = octets;
    // The dotted tail stands for the last two groups; its bytes replace them below.
    head = `${address.slice(0, dotted.index + 1)}0:0`;
  }
  const halves = head.split('::');
  if (halves.length > 2) return null;
  const groups = (part: string) => (part === '' ? [] : part.split(':'));
  const left = groups(halves[0]!);
  const right = halves.length === 2 ? groups(halves[1]!) : [];
  const missing = 8 - left.length - right.length;
  if ((halves.length === 1 && missing !== 0) || missing < 0) return null;
  const words = [...left, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...right].map((g) => parseInt(g, 16));
  const bytes = words.flatMap((w) => [w >> 8, w & 0xff]);
  if (dotted) bytes.splice(12, 4, ...tail);
  return bytes.length === 16 ? bytes : null;
}

function ipv6Kind(bytes: number[]): BlockedKind | null {
  const zeroUpTo = (n: number) => bytes.slice(0, n).every((b) => b === 0);
  if (zeroUpTo(16)) return 'unspecified';
  if (zeroUpTo(15) && bytes[15] === 1) return 'loopback';
  // IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d) and NAT64 (64:ff9b::a.b.c.d): judged by the IPv4 address.
  if (zeroUpTo(10) && bytes[10] === 0xff && bytes[11] === 0xff) return ipv4Kind(bytes.slice(12));
  if (zeroUpTo(12)) return ipv4Kind(bytes.slice(12)) ?? 'reserved';
  if (bytes[0] === 0x00 && bytes[1] === 0x64 && bytes[2] === 0xff && bytes[3] === 0x9b && bytes.slice(4, 12).every((b) => b === 0)) return ipv4Kind(bytes.slice(12));
  if ((bytes[0]! & 0xfe) === 0xfc) return 'private'; // fc00::/7, unique local
  if (bytes[0] === 0xfe && (bytes[1]! & 0xc0) === 0x80) return 'link-local'; // fe80::/10
  if (bytes[0] === 0xfe && (bytes[1]! & 0xc0) === 0xc0) return 'private'; // fec0::/10, the old site-local
  if (bytes[0] === 0xff) return 'multicast';
  return null;
}

/** Why the hub may not call this IP address (IPv4 or IPv6 text), or null when it is a public address. */
export function blockedAddress(address: string): BlockedKind | null {
  const v4 = ipv4Octets(address);
  if (v4) return ipv4Kind(v4);
  const v6 = address.includes(':') ? ipv6Bytes(address) : null;
  return v6 ? ipv6Kind(v6) : 'invalid';
}

/** The URL's host as an IP address when it is one (IPv6 without its brackets), else null. */
function literalAddress(url: URL): string | null {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return net.isIP(host) ? host : null;
}

/** Every address the host stands for, each checked; throws for the first that may not be called. */
async function checkedAddresses(url: URL, policy: TargetPolicy): Promise<Array<{ address: string; family: number }>> {
  const literal = literalAddress(url);
  let addresses: Array<{ address: string; family: number }>;
  if (literal) addresses = [{ address: literal, family: net.isIP(literal) }];
  else {
    try {
      addresses = await (policy.resolve ?? systemResolver)(url.hostname);
    } catch {
      throw new WebhookTargetRefusedError(`The webhook URL's host name cannot be found: ${url.hostname}.`);
    }
    if (addresses.length === 0) throw new WebhookTargetRefusedError(`The webhook URL's host name cannot be found: ${url.hostname}.`);
  }
  if (policy.allowPrivate) return addresses;
  for (const { address } of addresses) {
    const kind = blockedAddress(address);
    if (kind) {
      throw new WebhookTargetRefusedError(
        `The webhook URL's host ${literal ? 'is' : 'resolves to'} ${ARTICLE[kind]} address; webhooks go to a partner's public server.`,
      );
    }
  }
  return addresses;
}

/**
 * At registration: BAD_USER_INPUT (WebhookTargetRefusedError) when the URL's host is, or resolves to, an address the
 * hub may not call, or cannot be found. Where private targets are allowed (development) nothing is looked up: a
 * partner's test server may not be resolvable yet, and every delivery resolves the name again anyway.
 */
export async function screenWebhookUrl(url: URL, policy: TargetPolicy): Promise<void> {
  if (policy.allowPrivate) return;
  await checkedAddresses(url, policy);
}

export interface WebhookPost extends TargetPolicy {
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
}

/**
 * POSTs one webhook and answers the HTTP status (redirects are not followed: a 3xx is the answer). The host is
 * resolved once and checked, and the connection goes to the checked address (TLS still verifies the name). Throws
 * WebhookTargetRefusedError for a target that may not be called (nothing is sent), and the network's error otherwise.
 */
export async function postWebhook(target: string, post: WebhookPost): Promise<number> {
  const url = new URL(target);
  const addresses = await checkedAddresses(url, post);
  const lookup: net.LookupFunction = (_hostname, options, callback) => {
    const all = (options as { all?: boolean }).all;
    if (all) (callback as unknown as (error: null, addresses: Array<{ address: string; family: number }>) => void)(null, addresses);
    else callback(null, addresses[0]!.address, addresses[0]!.family);
  };
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise<number>((resolve, reject) => {
    const request = transport.request(
      url,
      { method: 'POST', headers: { ...post.headers, 'content-length': String(Buffer.byteLength(post.body)) }, lookup },
      (response) => {
        response.resume();
        response.on('end', () => {
          clearTimeout(timer);
          resolve(response.statusCode ?? 0);
        });
        response.on('error', reject);
      },
    );
    // The whole exchange, not only an idle socket, must end within the timeout.
    const timer = setTimeout(() => request.destroy(new Error('webhook timed out')), post.timeoutMs);
    request.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    request.end(post.body);
  });
}
