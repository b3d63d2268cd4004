import crypto from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { decodeLeaf, encodeLeaf, type LeafContent } from '../../../../contracts/transparency-log/transparency-log.js';

/**
 * The leaf's bytes are a published format (docs/consent.md): the UTF-8 JSON.stringify of an object with the keys in
 * a fixed order. encodeLeaf builds that text directly (it runs once per access-log entry); this holds it to the
 * object form it replaced, byte for byte, over every optional group and awkward strings.
 */
function objectForm(content: LeafContent): Buffer {
  const ordered: Record<string, unknown> = {
    v: content.v,
    citizen: content.citizen,
    seq: content.seq,
    at: content.at,
    principal: {
      kind: content.principal.kind,
      id: content.principal.id,
      name: content.principal.name,
      ...(content.principal.official !== undefined ? { official: content.principal.official } : {}),
      ...(content.principal.endUserHash !== undefined ? { endUserHash: content.principal.endUserHash } : {}),
    },
    coordinate: content.coordinate,
    category: content.category,
    purpose: content.purpose,
    decision: content.decision,
    basis: content.basis,
    code: content.code,
    requestId: content.requestId,
    subgraph: content.subgraph,
    ...(content.breakGlass ? { breakGlass: true } : {}),
    ...(content.justificationHash !== undefined ? { justificationHash: content.justificationHash } : {}),
    ...(content.count !== undefined ? { count: content.count, until: content.until } : {}),
    ...(content.grant !== undefined
      ? { grant: { id: content.grant.id, version: content.grant.version, action: content.grant.action, status: content.grant.status, receiptHash: content.grant.receiptHash } }
      : {}),
  };
  return Buffer.from(JSON.stringify(ordered), 'utf8');
}

const awkward = ['', 'plain', 'quote " and \\ backslash', 'line\nbreak\ttab\u0000nul', '中文 名字', 'emoji 🚕', 'lone \ud800 surrogate', '</script>', '\u2028\u2029'];
const pick = <T>(list: readonly T[]): T => list[crypto.randomInt(list.length)]!;
const maybe = <T>(value: T): T | undefined => (crypto.randomInt(2) ? value : undefined);

function randomContent(): LeafContent {
  const content: LeafContent = {
    v: 1,
    citizen: crypto.randomBytes(32).toString('base64url'),
    seq: crypto.randomInt(1, 2 ** 40),
    at: new Date(crypto.randomInt(2 ** 42)).toISOString(),
    principal: { kind: pick(['STAFF', 'CITIZEN', 'PARTNER', 'SERVICE']), id: pick(awkward), name: pick(awkward), official: maybe(pick(awkward)), endUserHash: maybe(pick(awkward)) },
    coordinate: pick(['Citizen.name', 'ConsentGrant', ...awkward]),
    category: pick(['IDENTITY', 'CONTACT', 'HEALTH']),
    purpose: pick([null, 'SERVICE_DELIVERY', ...awkward]),
    decision: pick(['ALLOWED', 'DENIED'] as const),
    basis: pick([null, 'STATUTE:X', ...awkward]),
    code: pick([null, 'CONSENT_REQUIRED']),
    requestId: pick(awkward),
    subgraph: pick(['transport', 'gateway', 'consent']),
  };
  if (crypto.randomInt(3) === 0) content.breakGlass = true;
  if (crypto.randomInt(3) === 0) content.justificationHash = pick(awkward);
  if (crypto.randomInt(3) === 0) {
    content.count = crypto.randomInt(1, 10_000);
    content.until = maybe(new Date().toISOString());
  }
  if (crypto.randomInt(3) === 0) content.grant = { id: pick(awkward), version: crypto.randomInt(1, 100), action: pick(['CREATED', 'REVOKED']), status: pick(['ACTIVE', 'REVOKED']), receiptHash: pick(awkward) };
  return content;
}

describe('leaf encoding', () => {
  it('writes the same bytes as JSON.stringify of the ordered object, for 5,000 varied entries', () => {
    for (let i = 0; i < 5000; i++) {
      const content = randomContent();
      const fast = encodeLeaf(content);
      if (!fast.equals(objectForm(content))) expect({ content, fast: fast.toString('utf8') }).toEqual({ content, fast: objectForm(content).toString('utf8') });
    }
  });

  it('leaves out keys whose value is undefined and keeps nulls, as JSON.stringify does', () => {
    const content = { ...randomContent(), purpose: null, basis: undefined, breakGlass: undefined, grant: undefined, count: undefined } as unknown as LeafContent;
    content.principal = { kind: 'STAFF', id: 'transport', name: 'Transport', official: undefined };
    expect(encodeLeaf(content).toString('utf8')).toBe(objectForm(content).toString('utf8'));
    expect(encodeLeaf(content).toString('utf8')).toContain('"purpose":null');
    expect(encodeLeaf(content).toString('utf8')).not.toContain('basis');
    expect(decodeLeaf(encodeLeaf(content)).seq).toBe(content.seq);
  });
});
