import { describe, expect, it } from '@jest/globals';
import {
  assertCitizen,
  assertLicensingOfficer,
  assertMayLookUp,
  mayReadBusinessOf,
  mayReadRegister,
} from '../../../../../subgraphs/licensing/domain/access.js';
import type { Principal } from '../../../../../platform/principal.js';
import { errorOf } from './error-of.js';

const principal = (fields: Partial<Principal> & Pick<Principal, 'kind' | 'id'>): Principal => ({ roles: [], scopes: [], requestId: 'r', ...fields });
const licensingStaff = principal({ kind: 'staff', id: 'licensing', department: 'licensing', purpose: 'LICENSING' });
const transportStaff = principal({ kind: 'staff', id: 'transport', department: 'transport', purpose: 'LICENSING' });
const admin = principal({ kind: 'admin', id: 'root', roles: ['admin'] });
const owner = principal({ kind: 'citizen', id: 'C-0001' });
const neighbour = principal({ kind: 'citizen', id: 'C-0002' });
const anonymous = principal({ kind: 'anonymous', id: 'anonymous' });
const scopedPartner = principal({ kind: 'partner', id: 'registry-co', scopes: ['licensing:read'] });
const otherPartner = principal({ kind: 'partner', id: 'robotaxi', scopes: ['transport:read', 'sensors:read'] });

describe('who may run the licensing register', () => {
  it('lets licensing staff and admins act as officers', () => {
    expect(() => assertLicensingOfficer(licensingStaff)).not.toThrow();
    expect(() => assertLicensingOfficer(admin)).not.toThrow();
  });

  it.each([
    ['staff of another department', transportStaff],
    ['a citizen', owner],
    ['a partner', scopedPartner],
  ])('refuses %s with FORBIDDEN', (_who, who) => {
    expect(errorOf(() => assertLicensingOfficer(who)).code).toBe('FORBIDDEN');
  });

  it('asks an anonymous caller to sign in', () => {
    expect(errorOf(() => assertLicensingOfficer(anonymous)).code).toBe('UNAUTHENTICATED');
  });
});

describe('who may read businesses and licences', () => {
  it('opens the register to officers and to partners holding licensing:read only', () => {
    expect([licensingStaff, admin, scopedPartner].map(mayReadRegister)).toEqual([true, true, true]);
    expect([transportStaff, otherPartner, owner, anonymous].map(mayReadRegister)).toEqual([false, false, false, false]);
  });

  it('lets a citizen read their own business and no one else’s', () => {
    expect(mayReadBusinessOf(owner, 'C-0001')).toBe(true);
    expect(mayReadBusinessOf(neighbour, 'C-0001')).toBe(false);
  });

  it('lets citizens reach the look-up entry points but turns away other departments and unscoped partners', () => {
    expect(() => assertMayLookUp(owner)).not.toThrow();
    expect(() => assertMayLookUp(scopedPartner)).not.toThrow();
    expect(errorOf(() => assertMayLookUp(transportStaff)).code).toBe('FORBIDDEN');
    expect(errorOf(() => assertMayLookUp(otherPartner)).code).toBe('FORBIDDEN');
    expect(errorOf(() => assertMayLookUp(anonymous)).code).toBe('UNAUTHENTICATED');
  });
});

describe('who may apply', () => {
  it('answers the signed-in citizen’s own id', () => {
    expect(assertCitizen(owner)).toBe('C-0001');
  });

  it('refuses staff and admins, who cannot apply on a citizen’s behalf', () => {
    expect(errorOf(() => assertCitizen(licensingStaff)).code).toBe('FORBIDDEN');
    expect(errorOf(() => assertCitizen(admin)).code).toBe('FORBIDDEN');
    expect(errorOf(() => assertCitizen(anonymous)).code).toBe('UNAUTHENTICATED');
  });
});
