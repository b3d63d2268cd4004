import crypto from 'node:crypto';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { passKeyDocument, passVerifyingKey, PASS_LIFETIME_SECONDS, verifyPass, type PassClaims } from '../../../../../contracts/health-pass/pass.js';
import { issuePass, passSigningKeys, signPassClaims, type PassSigningKeys } from '../../../../../subgraphs/health/domain/health-pass.js';
import { loadSodium } from '../../../../../platform/sodium.js';

let keys: PassSigningKeys;
const identityKey = new Uint8Array(crypto.randomBytes(32));
const now = new Date('2030-05-01T10:00:00Z');

beforeAll(async () => {
  await loadSodium();
  keys = passSigningKeys(new Uint8Array(crypto.randomBytes(32)));
});

function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return (error as { code: string }).code;
  }
  return 'ACCEPTED';
}

function claimsOf(token: string): PassClaims {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8'));
}

describe('health pass tokens', () => {
  it('verify offline with the public key alone and name the citizen, status, nonce and expiry', () => {
    const { token, expiresAt } = issuePass(keys, identityKey, { citizenId: 'C-0003', status: 'AMBER', now });
    expect(token).toMatch(/^HP1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(expiresAt.getTime() - now.getTime()).toBe(PASS_LIFETIME_SECONDS * 1000);
    const pass = verifyPass(passVerifyingKey(keys.publicKey), identityKey, token, new Date(now.getTime() + 60_000));
    expect(pass).toMatchObject({ citizenId: 'C-0003', status: 'AMBER', expiresAt });
    expect(pass.nonce).toBe(claimsOf(token).jti);
  });

  it('carry the citizen only encrypted, differently in every pass', () => {
    const a = issuePass(keys, identityKey, { citizenId: 'C-0001', status: 'GREEN', now }).token;
    const b = issuePass(keys, identityKey, { citizenId: 'C-0001', status: 'GREEN', now }).token;
    expect(Buffer.from(a.split('.')[1]!, 'base64url').toString()).not.toContain('C-0001');
    expect(claimsOf(a).sub).not.toBe(claimsOf(b).sub);
    expect(claimsOf(a).jti).not.toBe(claimsOf(b).jti);
  });

  it('never live longer than 120 seconds, whatever the issuer asks for', () => {
    const { expiresAt } = issuePass(keys, identityKey, { citizenId: 'C-0001', status: 'GREEN', now, lifetimeSeconds: 3600 });
    expect(expiresAt.getTime() - now.getTime()).toBe(120_000);
  });

  it('are PASS_EXPIRED once their expiry has passed', () => {
    const { token } = issuePass(keys, identityKey, { citizenId: 'C-0001', status: 'GREEN', now });
    expect(codeOf(() => verifyPass(passVerifyingKey(keys.publicKey), identityKey, token, new Date(now.getTime() + 120_000)))).toBe('PASS_EXPIRED');
  });

  it('are PASS_INVALID when any part is altered', () => {
    const { token } = issuePass(keys, identityKey, { citizenId: 'C-0004', status: 'RED', now });
    const verifying = passVerifyingKey(keys.publicKey);
    const [prefix, body, signature] = token.split('.') as [string, string, string];
    const greener = Buffer.from(JSON.stringify({ ...claimsOf(token), st: 'GREEN' })).toString('base64url');
    const flip = (text: string, at: number) => text.slice(0, at) + (text[at] === 'A' ? 'B' : 'A') + text.slice(at + 1);
    for (const altered of [
      `${prefix}.${greener}.${signature}`,
      `${prefix}.${flip(body, 10)}.${signature}`,
      `${prefix}.${body}.${flip(signature, 5)}`,
      `HP2.${body}.${signature}`,
      `${prefix}.${body}`,
      '',
      'x'.repeat(5000),
    ]) {
      expect(codeOf(() => verifyPass(verifying, identityKey, altered, now))).toBe('PASS_INVALID');
    }
  });

  it('are PASS_INVALID when signed by any other key, even with a valid shape', () => {
    const forger = passSigningKeys(new Uint8Array(crypto.randomBytes(32)));
    const { token } = issuePass({ ...forger, kid: keys.kid }, identityKey, { citizenId: 'C-0001', status: 'GREEN', now });
    expect(codeOf(() => verifyPass(passVerifyingKey(keys.publicKey), identityKey, token, now))).toBe('PASS_INVALID');
  });

  it('are PASS_INVALID when genuinely signed but claiming more than 120 seconds or a future issue time', () => {
    const base = claimsOf(issuePass(keys, identityKey, { citizenId: 'C-0001', status: 'GREEN', now }).token);
    const t = Math.floor(now.getTime() / 1000);
    const verifying = passVerifyingKey(keys.publicKey);
    expect(codeOf(() => verifyPass(verifying, identityKey, signPassClaims(keys, { ...base, iat: t, exp: t + 3600 }), now))).toBe('PASS_INVALID');
    expect(codeOf(() => verifyPass(verifying, identityKey, signPassClaims(keys, { ...base, iat: t + 600, exp: t + 700 }), now))).toBe('PASS_INVALID');
  });

  it('are PASS_INVALID for a scanner that cannot open whose pass it is', () => {
    const { token } = issuePass(keys, identityKey, { citizenId: 'C-0001', status: 'GREEN', now });
    expect(codeOf(() => verifyPass(passVerifyingKey(keys.publicKey), new Uint8Array(32), token, now))).toBe('PASS_INVALID');
  });

  it('publish their key as a JWK document with the key id the passes carry', () => {
    const document = passKeyDocument(passVerifyingKey(keys.publicKey)) as { keys: Array<Record<string, string>> };
    expect(document.keys).toEqual([{ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig', kid: keys.kid, x: Buffer.from(keys.publicKey).toString('base64url') }]);
    expect(claimsOf(issuePass(keys, identityKey, { citizenId: 'C-0001', status: 'GREEN', now }).token).kid).toBe(keys.kid);
  });
});
