import { describe, expect, it } from '@jest/globals';
import { PERMITS } from '../../../../../subgraphs/licensing/domain/permits.js';
import { gradeRisk, reasonText, riskLevelOf } from '../../../../../subgraphs/licensing/domain/risk.js';

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

describe('risk graded by the permits AND the business record', () => {
  const now = new Date('2026-06-01T09:00:00.000Z');
  const DAY_MS = 86_400_000;
  const ago = (days: number) => new Date(now.getTime() - days * DAY_MS).toISOString();
  /**
   * A business's licences, each a year long, the current one issued 100 days ago; each earlier one ran out `gap`
   * days before the next was issued (negative: renewed early), the gaps listed oldest first.
   */
  const chain = (...gaps: number[]) => {
    const licences = [{ id: `L-${gaps.length + 1}`, permits: [] as never[], issuedAt: ago(100), expiresAt: ago(100 - 365) }];
    for (const [i, gap] of [...gaps].reverse().entries()) {
      const expires = Date.parse(licences[0]!.issuedAt) - gap * DAY_MS;
      licences.unshift({ id: `L-${gaps.length - i}`, permits: [], issuedAt: new Date(expires - 365 * DAY_MS).toISOString(), expiresAt: new Date(expires).toISOString() });
    }
    return licences;
  };

  it('keeps the permits’ level with no record at all, the permit being the one reason', () => {
    const grade = gradeRisk(['FOOD_BUSINESS'], { licences: [], inspections: [] }, now);
    expect(grade).toEqual({ level: 'MEDIUM', points: 0, reasons: [{ code: 'MEDIUM_RISK_PERMIT', at: null, points: 0, detail: { permit: 'FOOD_BUSINESS' } }] });
  });

  it('raises a LOW-permit business two levels for a lapse and a major finding, listing each with its date', () => {
    const grade = gradeRisk(['SIGNAGE'], { licences: chain(75), inspections: [{ at: ago(120), severity: 'MAJOR' }] }, now);
    expect(grade.level).toBe('HIGH');
    expect(grade.points).toBe(4);
    expect(grade.reasons.map((r) => [r.code, r.at, r.points])).toEqual([
      ['LOW_RISK_PERMIT', null, 0],
      ['LAPSE', ago(175), 2],
      ['INSPECTION_MAJOR', ago(120), 2],
      ['RECORD_RAISES_RISK', null, 0],
    ]);
    expect(reasonText(grade.reasons[1]!, 'EN')).toBe(`The licence lapsed for 75 days after it ran out on ${ago(175).slice(0, 10)}.`);
    expect(reasonText(grade.reasons[1]!, 'ZH_HANS')).toContain('失效 75 天');
    expect(reasonText(grade.reasons[3]!, 'EN')).toBe("The business's record adds up to 4 points: risk raised by 2 levels.");
  });

  it('raises one level from 2 points (two late renewals), and counts 30 days late as late, 31 as a lapse', () => {
    expect(gradeRisk(['SIGNAGE'], { licences: chain(10, 30), inspections: [] }, now)).toMatchObject({ level: 'MEDIUM', points: 2 });
    expect(gradeRisk(['SIGNAGE'], { licences: chain(31), inspections: [] }, now).reasons.map((r) => r.code)).toEqual(['LOW_RISK_PERMIT', 'LAPSE', 'RECORD_RAISES_RISK']);
  });

  it('lists a single late renewal or minor finding without changing the level (1 point)', () => {
    expect(gradeRisk(['SIGNAGE'], { licences: chain(12), inspections: [] }, now)).toMatchObject({ level: 'LOW', points: 1 });
    expect(gradeRisk(['FOOD_BUSINESS'], { licences: [], inspections: [{ at: ago(10), severity: 'MINOR' }] }, now)).toMatchObject({ level: 'MEDIUM', points: 1 });
  });

  it('raises a MEDIUM permit to HIGH for one critical finding; HIGH cannot go higher', () => {
    expect(gradeRisk(['STREET_TRADING'], { licences: [], inspections: [{ at: ago(90), severity: 'CRITICAL' }] }, now).level).toBe('HIGH');
    const high = gradeRisk(['LIQUOR_RETAIL'], { licences: [], inspections: [{ at: ago(90), severity: 'CRITICAL' }] }, now);
    expect(high.level).toBe('HIGH');
    expect(high.reasons.map((r) => r.code)).toEqual(['HIGH_RISK_PERMIT', 'INSPECTION_CRITICAL']);
  });

  it('lowers one level for a clean record: renewed on time, no findings', () => {
    const grade = gradeRisk(['LIQUOR_RETAIL'], { licences: chain(-20), inspections: [] }, now);
    expect(grade.level).toBe('MEDIUM');
    expect(grade.reasons.map((r) => r.code)).toEqual(['HIGH_RISK_PERMIT', 'CLEAN_RECORD']);
    expect(reasonText(grade.reasons[1]!, 'EN')).toBe('Renewed on time 1 time with no inspection findings: risk lowered by one level.');
    expect(gradeRisk(['SIGNAGE'], { licences: chain(-20), inspections: [] }, now)).toMatchObject({ level: 'LOW', reasons: [{ code: 'LOW_RISK_PERMIT' }] });
  });

  it('forgets what is older than three years, and counts a licence run out over 30 days ago with no successor as a lapse', () => {
    expect(gradeRisk(['SIGNAGE'], { licences: [], inspections: [{ at: ago(3 * 365 + 1), severity: 'CRITICAL' }] }, now).level).toBe('LOW');
    const ranOut = [{ id: 'L-1', permits: [] as never[], issuedAt: ago(400), expiresAt: ago(35) }];
    expect(gradeRisk(['SIGNAGE'], { licences: ranOut, inspections: [] }, now).reasons.map((r) => [r.code, r.points])).toEqual([['LOW_RISK_PERMIT', 0], ['LAPSE', 2], ['RECORD_RAISES_RISK', 0]]);
  });

  it('has a text in both languages for every reason', () => {
    for (const code of ['HIGH_RISK_PERMIT', 'MEDIUM_RISK_PERMIT', 'LOW_RISK_PERMIT', 'LATE_RENEWAL', 'LAPSE', 'INSPECTION_MINOR', 'INSPECTION_MAJOR', 'INSPECTION_CRITICAL', 'RECORD_RAISES_RISK', 'CLEAN_RECORD'] as const) {
      const reason = { code, at: ago(1), points: 1, detail: { permit: 'SIGNAGE', days: 3, points: 2, levels: 1, renewals: 2 } };
      expect(reasonText(reason, 'EN')).toMatch(/^[A-Z].+\.$/);
      expect(reasonText(reason, 'ZH_HANS')).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});

describe('what counts as a renewal', () => {
  const now = new Date('2026-06-01T09:00:00.000Z');
  const at = (days: number) => new Date(now.getTime() + days * 86_400_000).toISOString();

  it('is a later licence covering the older one’s permits: two licences issued side by side renew nothing', () => {
    const sideBySide = [
      { id: 'L-1', permits: ['SIGNAGE'] as const, issuedAt: at(-100), expiresAt: at(265) },
      { id: 'L-2', permits: ['LIQUOR_RETAIL'] as const, issuedAt: at(-100), expiresAt: at(265) },
    ];
    expect(gradeRisk(['LIQUOR_RETAIL'], { licences: sideBySide.map((l) => ({ ...l, permits: [...l.permits] })), inspections: [] }, now).reasons.map((r) => r.code)).toEqual(['HIGH_RISK_PERMIT']);
    const otherPermits = [
      { id: 'L-1', permits: ['SIGNAGE' as const], issuedAt: at(-500), expiresAt: at(-135) },
      { id: 'L-2', permits: ['LIQUOR_RETAIL' as const], issuedAt: at(-100), expiresAt: at(265) },
    ];
    // L-2 does not renew the signage licence, and the signage licence is not the one that runs out last: no lapse.
    expect(gradeRisk(['LIQUOR_RETAIL'], { licences: otherPermits, inspections: [] }, now).reasons.map((r) => r.code)).toEqual(['HIGH_RISK_PERMIT']);
  });
});
