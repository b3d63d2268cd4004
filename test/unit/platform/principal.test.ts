import crypto from 'node:crypto';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { principalConsentKey, principalKey, signPrincipal, verifyPrincipal, verifyPrincipalForConsent, type Principal } from '../../../platform/principal.js';
import { loadSodium } from '../../../platform/sodium.js';

const secret = new Uint8Array(crypto.randomBytes(32));
const consentRoot = new Uint8Array(crypto.randomBytes(32));
const keysFor = (subgraph: 'health' | 'transport') => ({ subgraph: principalKey(secret, subgraph), consent: principalConsentKey(consentRoot, subgraph) });
const principal: Principal = { kind: 'staff', id: 'transport', department: 'transport', roles: [], scopes: [], purpose: 'SERVICE_DELIVERY', requestId: 'r-1' };

beforeAll(async () => {
  await loadSodium();
});

describe('the signed principal header', () => {
  it('verifies for the subgraph it was signed for', () => {
    const header = signPrincipal(principal, 'health', keysFor('health'));
    expect(verifyPrincipal(header, 'health', principalKey(secret, 'health'))).toEqual({ ok: true, principal });
    expect(verifyPrincipalForConsent(header, 'health', principalConsentKey(consentRoot, 'health'))).toEqual({ ok: true, principal });
  });

  it('is refused by another subgraph, after expiry, when tampered with, and when missing', () => {
    const key = principalKey(secret, 'health');
    const header = signPrincipal(principal, 'health', keysFor('health'), 1_000);
    expect(verifyPrincipal(header, 'health', key, 1_000 + 31_000)).toEqual({ ok: false, reason: 'expired' });
    const fresh = signPrincipal(principal, 'health', keysFor('health'));
    expect(verifyPrincipal(fresh, 'transport', principalKey(secret, 'transport')).ok).toBe(false);
    const [v, body, tag, consentTag] = fresh.split('.');
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(body!, 'base64url').toString()), kind: 'admin' })).toString('base64url');
    expect(verifyPrincipal(`${v}.${forged}.${tag}.${consentTag}`, 'health', key)).toEqual({ ok: false, reason: 'bad-mac' });
    // The old single-MAC form is not accepted any more.
    expect(verifyPrincipal(`v1.${body}.${tag}`, 'health', key)).toEqual({ ok: false, reason: 'malformed' });
    expect(verifyPrincipal(undefined, 'health', key)).toEqual({ ok: false, reason: 'missing' });
    expect(verifyPrincipal('garbage', 'health', key)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('carries a second MAC the subgraph cannot make: consent refuses one made with the subgraph’s own key', () => {
    const own = principalKey(secret, 'health');
    const made = signPrincipal({ ...principal, kind: 'citizen', id: 'C-0042' }, 'health', { subgraph: own, consent: own });
    expect(verifyPrincipal(made, 'health', own).ok).toBe(true);
    expect(verifyPrincipalForConsent(made, 'health', principalConsentKey(consentRoot, 'health'))).toEqual({ ok: false, reason: 'bad-mac' });
    // And a genuine header for one audience is refused by consent for another.
    const genuine = signPrincipal(principal, 'health', keysFor('health'));
    expect(verifyPrincipalForConsent(genuine, 'transport', principalConsentKey(consentRoot, 'transport')).ok).toBe(false);
  });
});
