import { describe, expect, it } from '@jest/globals';
import { admitBreakGlass, breakGlassCovers } from '../../../../consent/domain/break-glass.js';
import { decide, type DecisionInput } from '../../../../consent/domain/decide.js';
import { loadStatutes } from '../../../../consent/policy/statutes.js';
import { isBreakGlass, type Principal } from '../../../../platform/principal.js';

const now = new Date('2026-11-28T12:00:00Z');
const statutes = loadStatutes();
const official: Principal = {
  kind: 'staff',
  id: 'water',
  department: 'water',
  official: 'W-0007',
  roles: ['staff', 'emergency'],
  scopes: [],
  purpose: 'EMERGENCY',
  justification: 'Flood evacuation, resident unreachable',
  requestId: 'r',
};

function input(overrides: Partial<DecisionInput>): DecisionInput {
  return { principal: official, citizenId: 'C-0001', category: 'IDENTITY', subgraph: 'consent', coordinate: 'Citizen.name', erased: false, grants: [], statutes, now, ...overrides };
}

describe('break-glass in the decision order', () => {
  it('releases exactly the fields the department’s EMERGENCY statute names (name, phone, home address), basis BREAK_GLASS', () => {
    expect(decide(input({ breakGlass: 'RELEASE' }))).toEqual({ allow: true, basis: 'BREAK_GLASS' });
    expect(decide(input({ breakGlass: 'RELEASE', category: 'CONTACT', coordinate: 'Citizen.phone' }))).toEqual({ allow: true, basis: 'BREAK_GLASS' });
    expect(decide(input({ breakGlass: 'RELEASE', category: 'CONTACT', coordinate: 'Citizen.homeAddress' }))).toEqual({ allow: true, basis: 'BREAK_GLASS' });
    // Date of birth is IDENTITY in the register, but no EMERGENCY statute names it.
    expect(decide(input({ breakGlass: 'RELEASE', coordinate: 'Citizen.dateOfBirth' }))).toEqual({ allow: false, code: 'CONSENT_REQUIRED' });
    expect(decide(input({ breakGlass: 'RELEASE', coordinate: undefined }))).toEqual({ allow: false, code: 'CONSENT_REQUIRED' });
    expect(decide(input({ breakGlass: 'RELEASE', category: 'HEALTH', subgraph: 'health', coordinate: 'HealthCode.status' }))).toEqual({ allow: false, code: 'CONSENT_REQUIRED' });
    expect(decide(input({ breakGlass: 'RELEASE', category: 'LOCATION', subgraph: 'transport', coordinate: 'SavedPlace.address' }))).toEqual({ allow: false, code: 'CONSENT_REQUIRED' });
  });

  it('refuses past the official’s cap with RATE_LIMITED', () => {
    expect(decide(input({ breakGlass: 'CAPPED' }))).toEqual({ allow: false, code: 'RATE_LIMITED', basis: 'BREAK_GLASS' });
  });

  it('lets no statute release anything for EMERGENCY without break-glass', () => {
    const plain: Principal = { ...official, roles: ['staff'], justification: undefined };
    for (const category of ['IDENTITY', 'CONTACT'] as const) expect(decide(input({ principal: plain, category }))).toEqual({ allow: false, code: 'CONSENT_REQUIRED' });
  });

  it('still refuses erased data first', () => {
    expect(decide(input({ breakGlass: 'RELEASE', erased: true }))).toEqual({ allow: false, code: 'DATA_ERASED' });
  });

  it('recognises a break-glass principal only with the role, the purpose and a justification', () => {
    expect(isBreakGlass(official)).toBe(true);
    expect(isBreakGlass({ ...official, roles: ['staff'] })).toBe(false);
    expect(isBreakGlass({ ...official, purpose: 'FLOOD_RESPONSE' })).toBe(false);
    expect(isBreakGlass({ ...official, justification: undefined })).toBe(false);
    expect(isBreakGlass({ ...official, kind: 'partner' })).toBe(false);
  });
});

describe('the per-official cap', () => {
  it('admits citizens already reached in the window for free, and new ones only up to the cap', () => {
    expect(admitBreakGlass(['C-1', 'C-2', 'C-3'], new Set(), 2)).toEqual(['RELEASE', 'RELEASE', 'CAPPED']);
    expect(admitBreakGlass(['C-1', 'C-9'], new Set(['C-1', 'C-2']), 2)).toEqual(['RELEASE', 'CAPPED']);
    expect(admitBreakGlass(['C-1', 'C-1'], new Set(), 1)).toEqual(['RELEASE', 'RELEASE']);
  });

  it('covers exactly the register’s identity and contact', () => {
    expect(breakGlassCovers('consent', 'IDENTITY')).toBe(true);
    expect(breakGlassCovers('consent', 'BIOMETRIC')).toBe(false);
    expect(breakGlassCovers('health', 'CONTACT')).toBe(false);
  });
});
