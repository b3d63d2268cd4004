import { describe, expect, it } from '@jest/globals';
import { verifyWebhook, signWebhook } from '../../../../platform/webhook-signature.js';
import { loadConfig } from '../../../../platform/config.js';
import { checkWebhookUrl, deliveryId, screenTaxiWebhookUrl, secretKey, showSecret, webhookSecret } from '../../../../subgraphs/transport/taxi-webhooks.js';

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

describe('taxi webhook targets', () => {
  it('refuses a URL into the city’s own network with BAD_USER_INPUT unless private targets are allowed', async () => {
    for (const url of ['http://127.0.0.1:4004/graphql', 'http://localhost:4000/', 'https://169.254.169.254/latest/meta-data', 'http://[::ffff:10.0.0.1]/', 'http://100.64.1.1/']) {
      await expect(screenTaxiWebhookUrl(url, { allowHttp: true, allowPrivate: false })).rejects.toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/^The webhook URL's host/) }));
    }
    await expect(screenTaxiWebhookUrl('http://127.0.0.1:8080/offers', { allowHttp: true, allowPrivate: true })).resolves.toBe('http://127.0.0.1:8080/offers');
    await expect(screenTaxiWebhookUrl('https://93.184.216.34/offers', { allowHttp: false, allowPrivate: false })).resolves.toBe('https://93.184.216.34/offers');
  });

  it('allows private targets by default in development and test only (HUB_WEBHOOK_ALLOW_PRIVATE overrides)', () => {
    const allowed = (env: Record<string, string>) => loadConfig({ HUB_DATA_DIR: '/tmp/citygraph-config-test', ...env }).webhooks.allowPrivateTargets;
    expect(allowed({ NODE_ENV: 'development' })).toBe(true);
    expect(allowed({ NODE_ENV: 'test' })).toBe(true);
    expect(allowed({ NODE_ENV: 'development', HUB_WEBHOOK_ALLOW_PRIVATE: 'false' })).toBe(false);
    expect(() => loadConfig({ HUB_DATA_DIR: '/tmp/citygraph-config-test', HUB_WEBHOOK_ALLOW_PRIVATE: 'yes' })).toThrow(/HUB_WEBHOOK_ALLOW_PRIVATE/);
  });
});
