import { describe, expect, it } from '@jest/globals';
import type { AuthenticatedPartner } from '../../../../contracts/consent-gateway/wire.js';
import { usePartnerSafelist } from '../../../../gateway/plugins/partner-safelist.js';
import type { GatewayRequest } from '../../../../gateway/pipeline.js';
import { sha256Hex } from '../../../../platform/hash.js';
import { contextOf, gatewayRequest, silent } from './support.js';

const DOCUMENT = 'query Taxi($a: ID!) { citizen(id: $a) { id } }';
const HASH = sha256Hex(DOCUMENT);
const partner: AuthenticatedPartner = {
  partner: { id: 'robotaxi', name: 'RoboTaxi Co.', purposes: ['TAXI_ASSIST'] },
  keyId: 'k',
  scopes: ['transport:read'],
  expiresAt: '2099-01-01T00:00:00Z',
  operations: [{ sha256: HASH, purposes: ['TAXI_ASSIST'], document: DOCUMENT }],
};
const asPartner = (purpose = 'TAXI_ASSIST') => contextOf({ kind: 'partner', id: 'robotaxi', purpose: purpose as never }, { partner });
const plugin = usePartnerSafelist({ logger: silent });

function codeOf(request: GatewayRequest): string | undefined {
  try {
    plugin.onRequest!(request);
    return undefined;
  } catch (error) {
    return `${(error as { code?: string }).code} ${(error as { status?: number }).status}`;
  }
}

describe('usePartnerSafelist', () => {
  it('validates its options', () => {
    expect(() => usePartnerSafelist({ logger: undefined as never })).toThrow();
  });

  it('runs a registered operation sent by hash as its registered text, without the hash', () => {
    const request = gatewayRequest({ body: { variables: { a: 'C-0001' }, extensions: { persistedQuery: { version: 1, sha256Hash: HASH.toUpperCase() }, other: 1 } }, context: asPartner() });
    expect(codeOf(request)).toBeUndefined();
    expect(request.body).toEqual({ query: DOCUMENT, variables: { a: 'C-0001' }, extensions: { other: 1 } });
  });

  it('runs a registered operation sent as text, with or without its own hash', () => {
    expect(codeOf(gatewayRequest({ body: { query: DOCUMENT }, context: asPartner() }))).toBeUndefined();
    expect(codeOf(gatewayRequest({ body: { query: DOCUMENT, extensions: { persistedQuery: { version: 1, sha256Hash: HASH } } }, context: asPartner() }))).toBeUndefined();
  });

  it('refuses with 400 PERSISTED_QUERY_NOT_ALLOWED: another document, an unknown hash, a hash of another text, another purpose, a hash by GET', () => {
    expect(codeOf(gatewayRequest({ body: { query: '{ districts { id } }' }, context: asPartner() }))).toBe('PERSISTED_QUERY_NOT_ALLOWED 400');
    expect(codeOf(gatewayRequest({ body: { extensions: { persistedQuery: { sha256Hash: 'f'.repeat(64) } } }, context: asPartner() }))).toBe('PERSISTED_QUERY_NOT_ALLOWED 400');
    expect(codeOf(gatewayRequest({ body: { query: '{ districts { id } }', extensions: { persistedQuery: { sha256Hash: HASH } } }, context: asPartner() }))).toBe('PERSISTED_QUERY_NOT_ALLOWED 400');
    expect(codeOf(gatewayRequest({ body: { extensions: { persistedQuery: { sha256Hash: 42 } } }, context: asPartner() }))).toBe('PERSISTED_QUERY_NOT_ALLOWED 400');
    expect(codeOf(gatewayRequest({ body: { query: DOCUMENT }, context: asPartner('RESEARCH') }))).toBe('PERSISTED_QUERY_NOT_ALLOWED 400');
    const extensions = encodeURIComponent(JSON.stringify({ persistedQuery: { sha256Hash: HASH } }));
    expect(codeOf(gatewayRequest({ method: 'GET', search: `?extensions=${extensions}`, context: asPartner() }))).toBe('PERSISTED_QUERY_NOT_ALLOWED 400');
  });

  it('lets a partner run a registered document by GET', () => {
    expect(codeOf(gatewayRequest({ method: 'GET', search: `?query=${encodeURIComponent(DOCUMENT)}`, context: asPartner() }))).toBeUndefined();
  });

  it('refuses a hash from anyone but a partner, by POST or GET, and leaves their other requests alone', () => {
    const citizen = contextOf({ kind: 'citizen', id: 'C-0001' });
    expect(codeOf(gatewayRequest({ body: { extensions: { persistedQuery: { sha256Hash: HASH } } }, context: citizen }))).toBe('PERSISTED_QUERY_NOT_ALLOWED 400');
    expect(codeOf(gatewayRequest({ method: 'GET', search: `?extensions=${encodeURIComponent('{"persistedQuery":{"sha256Hash":"x"}}')}`, context: contextOf() }))).toBe('PERSISTED_QUERY_NOT_ALLOWED 400');
    expect(codeOf(gatewayRequest({ body: { query: '{ districts { id } }', extensions: { persistedQuery: null } }, context: citizen }))).toBeUndefined();
  });
});
