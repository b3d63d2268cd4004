import { describe, expect, it } from '@jest/globals';
import { verifyWebhook, signWebhook } from '../../../../platform/webhook-signature.js';
import { checkWebhookUrl, deliveryId, secretKey, showSecret, webhookSecret } from '../../../../subgraphs/transport/taxi-webhooks.js';

const root = new Uint8Array(32).fill(7);

describe('taxi webhook secrets and ids', () => {
  it('derives one secret per partner and registration, which the partner verifies with from what it was shown', () => {
    const v1 = webhookSecret(root, 'robotaxi', 1);
    expect(Buffer.from(webhookSecret(root, 'robotaxi', 1))).toEqual(Buffer.from(v1));
    expect(Buffer.from(webhookSecret(root, 'robotaxi', 2))).not.toEqual(Buffer.from(v1));
    expect(Buffer.from(webhookSecret(root, 'othertaxi', 1))).not.toEqual(Buffer.from(v1));
    const shown = showSecret(v1);
    expect(shown).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    const body = '{"type":"taxi.ride.offered"}';
    expect(verifyWebhook(secretKey(shown), signWebhook(v1, body), body)).toEqual({ ok: true });
    expect(verifyWebhook(secretKey(showSecret(webhookSecret(root, 'robotaxi', 2))), signWebhook(v1, body), body)).toEqual({ ok: false, reason: 'BAD_SIGNATURE' });
  });

  it('gives an offer the same delivery id on every try, and another offer another', () => {
    expect(deliveryId('TR-1', 'robotaxi')).toBe(deliveryId('TR-1', 'robotaxi'));
    expect(deliveryId('TR-1', 'robotaxi')).not.toBe(deliveryId('TR-2', 'robotaxi'));
    expect(deliveryId('TR-1', 'robotaxi')).toMatch(/^WD-[A-Za-z0-9_-]{32}$/);
  });

  it('accepts https (and http outside production) and refuses anything else with BAD_USER_INPUT', () => {
    expect(checkWebhookUrl('https://dispatch.example/offers', false)).toBe('https://dispatch.example/offers');
    expect(checkWebhookUrl('http://127.0.0.1:8080/offers', true)).toBe('http://127.0.0.1:8080/offers');
    for (const [url, allowHttp] of [
      ['http://dispatch.example/offers', false],
      ['ftp://dispatch.example/offers', true],
      ['https://user:pw@dispatch.example/', true],
      ['https://dispatch.example/#x', true],
      ['dispatch.example', true],
    ] as const) {
      expect(() => checkWebhookUrl(url, allowHttp)).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
    }
  });
});
