import { describe, expect, it } from '@jest/globals';
import type { Principal } from '../../../../../platform/principal.js';
import { requireCitizen, requireHealthStaff } from '../../../../../subgraphs/health/domain/access.js';

const principal = (overrides: Partial<Principal>): Principal => ({ kind: 'anonymous', id: 'anonymous', roles: [], scopes: [], requestId: 'r-1', ...overrides });

function codeOf(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return (error as { extensions: Record<string, unknown> }).extensions.code;
  }
  throw new Error('expected a rejection');
}

describe('requireCitizen', () => {
  it('answers the signed-in citizen’s own id', () => {
    expect(requireCitizen(principal({ kind: 'citizen', id: 'C-0001' }))).toBe('C-0001');
  });

  it('rejects an anonymous caller with UNAUTHENTICATED', () => {
    expect(codeOf(() => requireCitizen(principal({})))).toBe('UNAUTHENTICATED');
  });

  it('rejects staff, partners and admins with FORBIDDEN', () => {
    expect(codeOf(() => requireCitizen(principal({ kind: 'staff', id: 'health', department: 'health' })))).toBe('FORBIDDEN');
    expect(codeOf(() => requireCitizen(principal({ kind: 'partner', id: 'robotaxi' })))).toBe('FORBIDDEN');
    expect(codeOf(() => requireCitizen(principal({ kind: 'admin', id: 'admin' })))).toBe('FORBIDDEN');
  });
});

describe('requireHealthStaff', () => {
  it('lets staff of the health department through', () => {
    expect(() => requireHealthStaff(principal({ kind: 'staff', id: 'health', department: 'health' }))).not.toThrow();
  });

  it('rejects staff of another department with FORBIDDEN', () => {
    expect(codeOf(() => requireHealthStaff(principal({ kind: 'staff', id: 'transport', department: 'transport' })))).toBe('FORBIDDEN');
  });

  it('rejects citizens with FORBIDDEN and anonymous callers with UNAUTHENTICATED', () => {
    expect(codeOf(() => requireHealthStaff(principal({ kind: 'citizen', id: 'C-0001' })))).toBe('FORBIDDEN');
    expect(codeOf(() => requireHealthStaff(principal({})))).toBe('UNAUTHENTICATED');
  });
});
