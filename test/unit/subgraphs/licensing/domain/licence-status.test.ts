import { describe, expect, it } from '@jest/globals';
import { effectiveStatus, licenceExpiry, renews } from '../../../../../subgraphs/licensing/domain/licence-status.js';

const now = new Date('2026-06-01T09:00:00.000Z');

describe('licence status', () => {
  it('is ACTIVE before expiry and EXPIRED from the moment of expiry on', () => {
    expect(effectiveStatus('ACTIVE', '2026-06-01T09:00:00.001Z', now)).toBe('ACTIVE');
    expect(effectiveStatus('ACTIVE', '2026-06-01T09:00:00.000Z', now)).toBe('EXPIRED');
  });

  it('stays SUSPENDED whether or not it has expired', () => {
    expect(effectiveStatus('SUSPENDED', '2027-01-01T00:00:00.000Z', now)).toBe('SUSPENDED');
    expect(effectiveStatus('SUSPENDED', '2026-01-01T00:00:00.000Z', now)).toBe('SUSPENDED');
  });

  it('issues a licence valid for 365 days', () => {
    expect(licenceExpiry(now).toISOString()).toBe('2027-06-01T09:00:00.000Z');
  });
});

describe('renewal', () => {
  const old = { permits: ['FOOD_BUSINESS', 'SIGNAGE'], expiresAt: '2026-07-01T00:00:00.000Z' };

  it('renews an unexpired licence when the new one covers all its permits and more', () => {
    expect(renews(['FOOD_BUSINESS', 'LIQUOR_RETAIL', 'SIGNAGE'], old, now)).toBe(true);
  });

  it('does not renew a licence whose permits the new one leaves out', () => {
    expect(renews(['FOOD_BUSINESS'], old, now)).toBe(false);
  });

  it('does not renew a licence that has already expired', () => {
    expect(renews(['FOOD_BUSINESS', 'SIGNAGE'], { ...old, expiresAt: '2026-05-01T00:00:00.000Z' }, now)).toBe(false);
  });
});
