/** The permits an integrated licence can cover, as in the SDL's `Permit` enum. */
export const PERMITS = [
  'FOOD_BUSINESS',
  'LIQUOR_RETAIL',
  'OUTDOOR_SEATING',
  'SIGNAGE',
  'STREET_TRADING',
  'ENTERTAINMENT',
  'TOBACCO_RETAIL',
  'WASTE_CARRIER',
] as const;
export type Permit = (typeof PERMITS)[number];

export const RISK_LEVELS = ['LOW', 'MEDIUM', 'HIGH'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

/** The permits, each once, in the enum's order: how permits are stored and shown. */
export function inPermitOrder(permits: Iterable<string>): Permit[] {
  const wanted = new Set(permits);
  return PERMITS.filter((permit) => wanted.has(permit));
}
