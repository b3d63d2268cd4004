import type { Permit, RiskLevel } from './permits.js';

/**
 * The risk each permit carries on its own. Alcohol, tobacco and entertainment draw the most enforcement;
 * food, street trading and waste carrying need regular checks; seating and signage rarely do.
 */
export const PERMIT_RISK: Readonly<Record<Permit, RiskLevel>> = {
  LIQUOR_RETAIL: 'HIGH',
  ENTERTAINMENT: 'HIGH',
  TOBACCO_RETAIL: 'HIGH',
  FOOD_BUSINESS: 'MEDIUM',
  STREET_TRADING: 'MEDIUM',
  WASTE_CARRIER: 'MEDIUM',
  OUTDOOR_SEATING: 'LOW',
  SIGNAGE: 'LOW',
};

const RANK: Readonly<Record<RiskLevel, number>> = { LOW: 0, MEDIUM: 1, HIGH: 2 };

/** An integrated licence is as risky as its riskiest permit; a licence with no permits is LOW. */
export function riskLevelOf(permits: readonly Permit[]): RiskLevel {
  let level: RiskLevel = 'LOW';
  for (const permit of permits) {
    const risk = PERMIT_RISK[permit];
    if (RANK[risk] > RANK[level]) level = risk;
  }
  return level;
}
