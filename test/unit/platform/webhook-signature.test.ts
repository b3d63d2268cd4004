import { describe, expect, it } from '@jest/globals';
import { signWebhook, verifyWebhook } from '../../../platform/webhook-signature.js';

const secret = new Uint8Array(32).fill(7);
const body = JSON.stringify({ id: 'water:1', to: '+86 138 0000 0000', text: 'Flood warning' });
const at = new Date('2026-11-30T08:00:00.000Z');

describe('signed webhooks', () => {
  it('verifies a signature over the exact body and timestamp within the replay window', () => {
    expect(verifyWebhook(secret, signWebhook(secret, body, at), body, new Date(at.getTime() + 299_000))).toEqual({ ok: true });
  });

  it('refuses a replay after the window, and a timestamp from the future beyond it', () => {
    const header = signWebhook(secret, body, at);
    expect(verifyWebhook(secret, header, body, new Date(at.getTime() + 301_000))).toEqual({ ok: false, reason: 'STALE' });
    expect(verifyWebhook(secret, header, body, new Date(at.getTime() - 301_000))).toEqual({ ok: false, reason: 'STALE' });
  });

  it('refuses a changed body, a changed timestamp and another secret', () => {
    const header = signWebhook(secret, body, at);
    expect(verifyWebhook(secret, header, body.replace('Flood', 'Fire'), at)).toEqual({ ok: false, reason: 'BAD_SIGNATURE' });
    const shifted = header.replace(/^t=(\d+)/, (_m, t: string) => `t=${Number(t) + 1}`);
    expect(verifyWebhook(secret, shifted, body, at)).toEqual({ ok: false, reason: 'BAD_SIGNATURE' });
    expect(verifyWebhook(new Uint8Array(32).fill(8), header, body, at)).toEqual({ ok: false, reason: 'BAD_SIGNATURE' });
  });

  it('refuses a missing or malformed header', () => {
    for (const header of [undefined, '', 't=1', 'v1=00', `t=abc,v1=${'0'.repeat(64)}`, `t=1,v1=${'0'.repeat(63)}`]) {
      expect(verifyWebhook(secret, header, body, at)).toEqual({ ok: false, reason: 'MALFORMED' });
    }
  });
});
