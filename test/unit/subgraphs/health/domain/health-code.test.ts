import { describe, expect, it } from '@jest/globals';
import {
  deriveHealthCode,
  FEVER_CELSIUS,
  LISTED_TRAVEL_AREAS,
  windowStart,
  type CheckInFacts,
  type DeclarationFacts,
  type FlaggedFacility,
} from '../../../../../subgraphs/health/domain/health-code.js';

const now = new Date('2026-11-28T08:00:00.000Z');
const DAY_MS = 24 * 60 * 60 * 1000;
const ago = (days: number) => new Date(now.getTime() - days * DAY_MS).toISOString();

function declaration(overrides: Partial<DeclarationFacts> = {}): DeclarationFacts {
  return { submittedAt: ago(1), symptoms: [], temperature: null, recentTravel: [], ...overrides };
}

const market: FlaggedFacility = { id: 'F-013', name: 'Garden City Market', exposureSince: ago(6) };

function derive(declarations: DeclarationFacts[], checkIns: CheckInFacts[] = [], flaggedFacilities: FlaggedFacility[] = []) {
  return deriveHealthCode({ now, declarations, checkIns, flaggedFacilities });
}

describe('deriveHealthCode', () => {
  it('is GREEN with no reasons for a citizen with no health events', () => {
    expect(derive([])).toEqual({ status: 'GREEN', reasons: [] });
  });

  it('is GREEN for a clean declaration with a normal temperature', () => {
    expect(derive([declaration({ temperature: 36.6 })])).toEqual({ status: 'GREEN', reasons: [] });
  });

  describe('fever', () => {
    it('is RED at exactly 38.0 °C and names the temperature and day', () => {
      expect(FEVER_CELSIUS).toBe(38);
      expect(derive([declaration({ temperature: 38.0, submittedAt: '2026-11-27T10:00:00.000Z' })])).toEqual({
        status: 'RED',
        reasons: ['A temperature of 38.0 °C was declared on 2026-11-27.'],
      });
    });

    it('stays GREEN just below the threshold, at 37.9 °C', () => {
      expect(derive([declaration({ temperature: 37.9 })]).status).toBe('GREEN');
    });

    it('names only the highest fever when several were declared', () => {
      const code = derive([declaration({ temperature: 38.2, submittedAt: ago(3) }), declaration({ temperature: 39.1, submittedAt: ago(2) })]);
      expect(code.reasons).toEqual([`A temperature of 39.1 °C was declared on ${ago(2).slice(0, 10)}.`]);
    });
  });

  describe('symptoms', () => {
    it('is AMBER for exactly one symptom, in the citizen’s own words', () => {
      expect(derive([declaration({ symptoms: ['Sore throat'] })])).toEqual({
        status: 'AMBER',
        reasons: ['A symptom declared in the last 14 days: Sore throat.'],
      });
    });

    it('is RED for two different symptoms in one declaration', () => {
      expect(derive([declaration({ symptoms: ['cough', 'headache'] })])).toEqual({
        status: 'RED',
        reasons: ['2 symptoms declared in the last 14 days: cough, headache.'],
      });
    });

    it('is RED for two different symptoms declared on different days within 14 days', () => {
      const code = derive([declaration({ symptoms: ['cough'], submittedAt: ago(13) }), declaration({ symptoms: ['fatigue'], submittedAt: ago(1) })]);
      expect(code.status).toBe('RED');
    });

    it('counts the same symptom declared twice, in any case or spacing, once', () => {
      const code = derive([declaration({ symptoms: ['cough'], submittedAt: ago(5) }), declaration({ symptoms: ['  COUGH '] })]);
      expect(code).toEqual({ status: 'AMBER', reasons: ['A symptom declared in the last 14 days: cough.'] });
    });
  });

  describe('the 14-day window', () => {
    it('starts exactly 14 days before now', () => {
      expect(windowStart(now).toISOString()).toBe('2026-11-14T08:00:00.000Z');
    });

    it('counts a declaration made exactly 14 days ago', () => {
      expect(derive([declaration({ temperature: 39, submittedAt: ago(14) })]).status).toBe('RED');
    });

    it('ignores a declaration made one millisecond before the window', () => {
      const justBefore = new Date(windowStart(now).getTime() - 1).toISOString();
      expect(derive([declaration({ temperature: 39, symptoms: ['cough', 'fatigue'], recentTravel: ['Northvale'], submittedAt: justBefore })])).toEqual({
        status: 'GREEN',
        reasons: [],
      });
    });
  });

  describe('travel', () => {
    it('is AMBER after travel to a listed area, matched whatever the case and spacing', () => {
      expect(LISTED_TRAVEL_AREAS).toContain('Port Elwin');
      expect(derive([declaration({ recentTravel: ['  port   ELWIN '] })])).toEqual({
        status: 'AMBER',
        reasons: ['Recent travel to Port Elwin, an area under a travel advisory.'],
      });
    });

    it('stays GREEN after travel to places that are not listed', () => {
      expect(derive([declaration({ recentTravel: ['Ashford', 'Northvale Road'] })]).status).toBe('GREEN');
    });

    it('uses the listed areas it is given instead of the default list', () => {
      const code = deriveHealthCode({ now, declarations: [declaration({ recentTravel: ['Ashford'] })], checkIns: [], flaggedFacilities: [], listedAreas: ['Ashford'] });
      expect(code.status).toBe('AMBER');
    });
  });

  describe('exposure at a flagged facility', () => {
    it('is AMBER after a check-in during the exposure period, naming the facility and day', () => {
      const code = derive([], [{ at: '2026-11-24T17:00:00.000Z', facilityId: 'F-013' }], [market]);
      expect(code).toEqual({ status: 'AMBER', reasons: ['Checked in at Garden City Market on 2026-11-24, during a reported exposure there.'] });
    });

    it('counts a check-in at the very start of the exposure period', () => {
      expect(derive([], [{ at: market.exposureSince, facilityId: 'F-013' }], [market]).status).toBe('AMBER');
    });

    it('ignores a check-in there before the exposure period began', () => {
      const before = new Date(Date.parse(market.exposureSince) - 1).toISOString();
      expect(derive([], [{ at: before, facilityId: 'F-013' }], [market]).status).toBe('GREEN');
    });

    it('ignores a check-in during the exposure period but older than 14 days', () => {
      const longExposure: FlaggedFacility = { ...market, exposureSince: ago(30) };
      expect(derive([], [{ at: ago(15), facilityId: 'F-013' }], [longExposure]).status).toBe('GREEN');
    });

    it('ignores check-ins at facilities that are not flagged', () => {
      expect(derive([], [{ at: ago(2), facilityId: 'F-001' }], [market]).status).toBe('GREEN');
    });

    it('gives one reason per facility, dated by the latest check-in there', () => {
      const code = derive([], [{ at: ago(5), facilityId: 'F-013' }, { at: ago(2), facilityId: 'F-013' }], [market]);
      expect(code.reasons).toEqual([`Checked in at Garden City Market on ${ago(2).slice(0, 10)}, during a reported exposure there.`]);
    });
  });

  it('is RED when RED and AMBER rules both apply, listing RED reasons first', () => {
    const code = derive(
      [declaration({ temperature: 38.5, symptoms: ['cough'], recentTravel: ['Northvale'], submittedAt: '2026-11-27T08:00:00.000Z' })],
      [{ at: '2026-11-25T08:00:00.000Z', facilityId: 'F-013' }],
      [market],
    );
    expect(code).toEqual({
      status: 'RED',
      reasons: [
        'A temperature of 38.5 °C was declared on 2026-11-27.',
        'A symptom declared in the last 14 days: cough.',
        'Recent travel to Northvale, an area under a travel advisory.',
        'Checked in at Garden City Market on 2026-11-25, during a reported exposure there.',
      ],
    });
  });
});
