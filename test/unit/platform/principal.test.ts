import crypto from 'node:crypto';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { principalKey, signPrincipal, verifyPrincipal, type Principal } from '../../../platform/principal.js';
import { loadSodium } from '../../../platform/sodium.js';

const secret = new Uint8Array(crypto.randomBytes(32));
const principal: Principal = { kind: 'staff', id: 'transport', department: 'transport', roles: [], scopes: [], purpose: 'SERVICE_DELIVERY', requestId: 'r-1' };

beforeAll(async () => {
  await loadSodium();
});

describe('the signed principal header', () => {
  it('verifies for the subgraph it was signed for', () => {
    const header = signPrincipal(principal, 'health', principalKey(secret, 'health'));
    const result = verifyPrincipal(header, 'health', principalKey(secret, 'health'));
    expect(result).toEqual({ ok: true, principal });
  });

  it('is refused by another subgraph, after expiry, when tampered with, and when missing', () => {
    const key = principalKey(secret, 'health');
    const header = signPrincipal(principal, 'health', key, 1_000);
    expect(verifyPrincipal(header, 'health', key, 1_000 + 31_000)).toEqual({ ok: false, reason: 'expired' });
    const fresh = signPrincipal(principal, 'health', key);
    expect(verifyPrincipal(fresh, 'transport', principalKey(secret, 'transport')).ok).toBe(false);
    const [v, body, tag] = fresh.split('.');
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(body!, 'base64url').toString()), kind: 'admin' })).toString('base64url');
    expect(verifyPrincipal(`${v}.${forged}.${tag}`, 'health', key)).toEqual({ ok: false, reason: 'bad-mac' });
    expect(verifyPrincipal(undefined, 'health', key)).toEqual({ ok: false, reason: 'missing' });
    expect(verifyPrincipal('garbage', 'health', key)).toEqual({ ok: false, reason: 'malformed' });
  });
});
