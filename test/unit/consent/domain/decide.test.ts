import { describe, expect, it } from '@jest/globals';
import { decide, type DecisionInput } from '../../../../consent/domain/decide.js';
import { effectiveStatus, transition, type GrantRecord } from '../../../../consent/domain/grants.js';
import { loadStatutes, parseStatutes } from '../../../../consent/policy/statutes.js';
import type { Principal } from '../../../../platform/principal.js';

const now = new Date('2026-11-28T12:00:00Z');
const statutes = loadStatutes();
const staff = (department: Principal['department'], purpose: Principal['purpose']): Principal => ({ kind: 'staff', id: department!, department, roles: [], scopes: [], purpose, requestId: 'r' });
const partner: Principal = { kind: 'partner', id: 'robotaxi', roles: [], scopes: [], purpose: 'TAXI_ASSIST', requestId: 'r' };

function grant(overrides: Partial<GrantRecord>): GrantRecord {
  return {
    id: 'CG-1',
    citizenId: 'C-0001',
    granteeId: 'robotaxi',
    purpose: 'TAXI_ASSIST',
    scope: [{ subgraph: 'transport', category: 'LOCATION' }],
    categories: ['LOCATION'],
    validFrom: '2026-01-01T00:00:00.000Z',
    validUntil: '2027-01-01T00:00:00.000Z',
    status: 'ACTIVE',
    createdAt: '2026-01-01T00:00:00.000Z',
    changedAt: '2026-01-01T00:00:00.000Z',
    history: [],
    receipt: '',
    ...overrides,
  };
}

function input(overrides: Partial<DecisionInput>): DecisionInput {
  return { principal: partner, citizenId: 'C-0001', category: 'LOCATION', subgraph: 'transport', erased: false, grants: [], statutes, now, ...overrides };
}

describe('the decision order', () => {
  it('refuses erased data to everyone, the citizen included', () => {
    const self: Principal = { kind: 'citizen', id: 'C-0001', roles: [], scopes: [], requestId: 'r' };
    expect(decide(input({ principal: self, erased: true }))).toEqual({ allow: false, code: 'DATA_ERASED' });
    expect(decide(input({ erased: true, grants: [grant({})] }))).toEqual({ allow: false, code: 'DATA_ERASED' });
  });

  it('allows the citizen their own data', () => {
    const self: Principal = { kind: 'citizen', id: 'C-0001', roles: [], scopes: [], requestId: 'r' };
    expect(decide(input({ principal: self, category: 'HEALTH' }))).toEqual({ allow: true, basis: 'SELF' });
  });

  it('allows by statute only for the department, purpose and field the statute names', () => {
    const health = { subgraph: 'health' as const, category: 'HEALTH' as const, coordinate: 'Citizen.healthCode' };
    expect(decide(input({ principal: staff('health', 'PUBLIC_HEALTH'), ...health }))).toEqual({ allow: true, basis: 'STATUTE:PUBLIC_HEALTH_ACT' });
    expect(decide(input({ principal: staff('transport', 'PUBLIC_HEALTH'), ...health }))).toEqual({ allow: false, code: 'CONSENT_REQUIRED' });
    expect(decide(input({ principal: staff('health', 'RESEARCH'), ...health }))).toEqual({ allow: false, code: 'CONSENT_REQUIRED' });
    expect(decide(input({ principal: staff('transport', 'SERVICE_DELIVERY'), subgraph: 'transport', category: 'LOCATION', coordinate: 'Trip.at' }))).toEqual({ allow: true, basis: 'STATUTE:TRANSPORT_OWN_RECORDS' });
    expect(decide(input({ principal: staff('transport', 'SERVICE_DELIVERY'), ...health }))).toEqual({ allow: false, code: 'CONSENT_REQUIRED' });
  });

  it('releases a name statute’s field and not its category neighbours', () => {
    const name = { subgraph: 'consent' as const, category: 'IDENTITY' as const };
    for (const department of ['water', 'sensors', 'licensing'] as const) {
      expect(decide(input({ principal: staff(department, 'SERVICE_DELIVERY'), ...name, coordinate: 'Citizen.name' }))).toMatchObject({ allow: true });
      expect(decide(input({ principal: staff(department, 'SERVICE_DELIVERY'), ...name, coordinate: 'Citizen.dateOfBirth' }))).toEqual({ allow: false, code: 'CONSENT_REQUIRED' });
    }
    expect(decide(input({ principal: staff('water', 'FLOOD_RESPONSE'), ...name, coordinate: 'Citizen.dateOfBirth' }))).toEqual({ allow: false, code: 'CONSENT_REQUIRED' });
  });

  it('applies no statute when the field is not named (category-level decisions are by grant only)', () => {
    expect(decide(input({ principal: staff('health', 'PUBLIC_HEALTH'), subgraph: 'health', category: 'HEALTH' }))).toEqual({ allow: false, code: 'CONSENT_REQUIRED' });
  });

  it('matches a grant only in the subgraphs its scope names', () => {
    const transport = staff('transport', 'TAXI_ASSIST');
    const faceGrant = grant({ granteeId: 'transport', scope: [{ subgraph: 'consent', category: 'BIOMETRIC' }, { subgraph: 'transport', category: 'LOCATION' }], categories: ['BIOMETRIC', 'LOCATION'] });
    expect(decide(input({ principal: transport, grants: [faceGrant], subgraph: 'transport', category: 'LOCATION' }))).toEqual({ allow: true, basis: 'CONSENT:CG-1' });
    expect(decide(input({ principal: transport, grants: [faceGrant], subgraph: 'health', category: 'LOCATION' }))).toEqual({ allow: false, code: 'CONSENT_REQUIRED' });
    expect(decide(input({ principal: transport, grants: [faceGrant], subgraph: 'consent', category: 'BIOMETRIC' }))).toEqual({ allow: true, basis: 'CONSENT:CG-1' });
  });

  it('never applies statutes to partners', () => {
    expect(decide(input({ principal: { ...partner, purpose: 'SERVICE_DELIVERY' }, subgraph: 'consent', category: 'IDENTITY' }))).toEqual({ allow: false, code: 'CONSENT_REQUIRED' });
  });

  it('allows by an active grant that covers the category and purpose, and names it', () => {
    expect(decide(input({ grants: [grant({})] }))).toEqual({ allow: true, basis: 'CONSENT:CG-1' });
    expect(decide(input({ grants: [grant({})], category: 'IDENTITY' }))).toEqual({ allow: false, code: 'CONSENT_REQUIRED' });
    expect(decide(input({ grants: [grant({ purpose: 'RESEARCH' })] }))).toEqual({ allow: false, code: 'CONSENT_REQUIRED' });
    expect(decide(input({ grants: [grant({ granteeId: 'insurer' })] }))).toEqual({ allow: false, code: 'CONSENT_REQUIRED' });
  });

  it('names the state of a matching grant that does not allow: paused, revoked, expired, not yet valid', () => {
    expect(decide(input({ grants: [grant({ status: 'PAUSED' })] }))).toMatchObject({ allow: false, code: 'CONSENT_PAUSED' });
    expect(decide(input({ grants: [grant({ status: 'REVOKED' })] }))).toMatchObject({ allow: false, code: 'CONSENT_REVOKED' });
    expect(decide(input({ grants: [grant({ validUntil: '2026-11-01T00:00:00.000Z' })] }))).toMatchObject({ allow: false, code: 'CONSENT_EXPIRED' });
    expect(decide(input({ grants: [grant({ validFrom: '2026-12-01T00:00:00.000Z' })] }))).toEqual({ allow: false, code: 'CONSENT_REQUIRED' });
  });

  it('lets an active grant win over an older revoked one, and reports the most recent change among refusals', () => {
    const revoked = grant({ id: 'CG-old', status: 'REVOKED', changedAt: '2026-05-01T00:00:00.000Z' });
    expect(decide(input({ grants: [revoked, grant({ id: 'CG-new' })] }))).toEqual({ allow: true, basis: 'CONSENT:CG-new' });
    const paused = grant({ id: 'CG-p', status: 'PAUSED', changedAt: '2026-10-01T00:00:00.000Z' });
    expect(decide(input({ grants: [revoked, paused] }))).toMatchObject({ code: 'CONSENT_PAUSED' });
  });

  it('refuses a grant whose daily limit is used up', () => {
    expect(decide(input({ grants: [grant({ fetchLimitPerDay: 3 })], exhausted: new Set(['CG-1']) }))).toEqual({ allow: false, code: 'CONSENT_REQUIRED' });
  });

  it('refuses anonymous callers and callers without a purpose', () => {
    const anonymous: Principal = { kind: 'anonymous', id: 'anonymous', roles: [], scopes: [], requestId: 'r' };
    expect(decide(input({ principal: anonymous, grants: [grant({})] }))).toEqual({ allow: false, code: 'CONSENT_REQUIRED' });
    expect(decide(input({ principal: { ...partner, purpose: undefined }, grants: [grant({})] }))).toEqual({ allow: false, code: 'CONSENT_REQUIRED' });
  });
});

describe('grant states', () => {
  it('expires active and paused grants at their end date, and keeps revoked ones revoked', () => {
    expect(effectiveStatus({ status: 'ACTIVE', validUntil: '2026-11-28T11:59:59.000Z' }, now)).toBe('EXPIRED');
    expect(effectiveStatus({ status: 'PAUSED', validUntil: '2026-11-28T11:59:59.000Z' }, now)).toBe('EXPIRED');
    expect(effectiveStatus({ status: 'REVOKED', validUntil: '2026-11-28T11:59:59.000Z' }, now)).toBe('REVOKED');
    expect(effectiveStatus({ status: 'ACTIVE', validUntil: '2026-11-28T12:00:01.000Z' }, now)).toBe('ACTIVE');
  });

  it('allows pause, resume and revoke only from the states that make sense', () => {
    expect(transition('ACTIVE', 'PAUSED')).toEqual({ ok: true, status: 'PAUSED' });
    expect(transition('PAUSED', 'RESUMED')).toEqual({ ok: true, status: 'ACTIVE' });
    expect(transition('PAUSED', 'REVOKED')).toEqual({ ok: true, status: 'REVOKED' });
    expect(transition('REVOKED', 'RESUMED')).toMatchObject({ ok: false });
    expect(transition('EXPIRED', 'PAUSED')).toMatchObject({ ok: false });
    expect(transition('ACTIVE', 'RESUMED')).toMatchObject({ ok: false });
  });
});

describe('the statute file', () => {
  it('loads the reviewed policy: every statute names fields, never a category', () => {
    expect(statutes.statutes.length).toBeGreaterThan(3);
    for (const statute of statutes.statutes) expect(statute.fields.every((f) => statutes.personal.has(f))).toBe(true);
  });

  it('refuses a malformed policy: unknown department or purpose, a category instead of fields, duplicate ids', () => {
    const statute = { id: 'GOOD_STATUTE', department: 'health', purpose: 'PUBLIC_HEALTH', fields: ['Citizen.healthCode'], legalReference: 'Act §1', description: { en: 'A statute with a long enough description.', zh: '一个描述足够长的法规。' } };
    const policy = (list: unknown[]) => ({ version: '1', reviewedBy: 'DPO', reviewedAt: '2026-11-01', statutes: list });
    expect(() => parseStatutes(policy([statute]))).not.toThrow();
    expect(() => parseStatutes(policy([{ ...statute, department: 'police' }]))).toThrow();
    expect(() => parseStatutes(policy([{ ...statute, purpose: 'PROFIT' }]))).toThrow();
    expect(() => parseStatutes(policy([{ ...statute, fields: ['HEALTH'] }]))).toThrow();
    expect(() => parseStatutes(policy([{ ...statute, categories: ['HEALTH'] }]))).toThrow();
    expect(() => parseStatutes(policy([statute, statute]))).toThrow(/duplicate/);
  });

  it('refuses, at start, a statute naming a field that is not @personal in the composed supergraph', () => {
    const statute = { id: 'BAD_STATUTE', department: 'water', purpose: 'FLOOD_RESPONSE', fields: ['District.name', 'Citizen.shoeSize'], legalReference: 'Act §1', description: { en: 'A statute with a long enough description.', zh: '一个描述足够长的法规。' } };
    expect(() => parseStatutes({ version: '1', reviewedBy: 'DPO', reviewedAt: '2026-11-01', statutes: [statute] })).toThrow(/District\.name.*not a @personal field.*Citizen\.shoeSize/);
  });
});

describe('a one-ride consent (one record, named fields)', () => {
  const oneRide = grant({ id: 'CG-R', onlyRecord: { subgraph: 'transport', type: 'TaxiRide', id: 'TR-1', fields: ['TaxiRide.pickup', 'TaxiRide.destination'] } });

  it('allows only its named fields, for its one record, and never a whole category', () => {
    expect(decide(input({ grants: [oneRide], coordinate: 'TaxiRide.pickup' }))).toEqual({ allow: true, basis: 'CONSENT:CG-R', onlyRecord: 'TR-1' });
    expect(decide(input({ grants: [oneRide], coordinate: 'SavedPlace.address' }))).toEqual({ allow: false, code: 'CONSENT_REQUIRED' });
    expect(decide(input({ grants: [oneRide] }))).toEqual({ allow: false, code: 'CONSENT_REQUIRED' });
  });

  it('allows nothing once the ride ended it (EXPIRED)', () => {
    expect(decide(input({ grants: [{ ...oneRide, status: 'EXPIRED' }], coordinate: 'TaxiRide.pickup' }))).toEqual({ allow: false, code: 'CONSENT_EXPIRED', basis: 'CONSENT:CG-R' });
  });
});
