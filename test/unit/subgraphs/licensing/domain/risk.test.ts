import { describe, expect, it } from '@jest/globals';
import { PERMITS } from '../../../../../subgraphs/licensing/domain/permits.js';
import { riskLevelOf } from '../../../../../subgraphs/licensing/domain/risk.js';

describe('risk level of an integrated licence', () => {
  it.each(['LIQUOR_RETAIL', 'ENTERTAINMENT', 'TOBACCO_RETAIL'] as const)('is HIGH when it covers %s', (permit) => {
    expect(riskLevelOf([permit])).toBe('HIGH');
    expect(riskLevelOf(['SIGNAGE', permit, 'FOOD_BUSINESS'])).toBe('HIGH');
  });

  it.each(['FOOD_BUSINESS', 'STREET_TRADING', 'WASTE_CARRIER'] as const)('is MEDIUM when its riskiest permit is %s', (permit) => {
    expect(riskLevelOf([permit])).toBe('MEDIUM');
    expect(riskLevelOf(['OUTDOOR_SEATING', permit, 'SIGNAGE'])).toBe('MEDIUM');
  });

  it('is LOW for outdoor seating and signage only', () => {
    expect(riskLevelOf(['OUTDOOR_SEATING'])).toBe('LOW');
    expect(riskLevelOf(['SIGNAGE', 'OUTDOOR_SEATING'])).toBe('LOW');
  });

  it('is LOW for no permits at all, and HIGH for every permit together', () => {
    expect(riskLevelOf([])).toBe('LOW');
    expect(riskLevelOf(PERMITS)).toBe('HIGH');
  });

  it('does not depend on the order of the permits', () => {
    expect(riskLevelOf(['WASTE_CARRIER', 'SIGNAGE'])).toBe(riskLevelOf(['SIGNAGE', 'WASTE_CARRIER']));
  });
});
