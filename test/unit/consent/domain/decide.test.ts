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

  it('allows by statute only for the department, subgraph, category and purpose the rule names', () => {
    expect(decide(input({ principal: staff('health', 'PUBLIC_HEALTH'), subgraph: 'health', category: 'HEALTH' }))).toEqual({ allow: true, basis: 'STATUTE:PUBLIC_HEALTH_ACT' });
    expect(decide(input({ principal: staff('transport', 'PUBLIC_HEALTH'), subgraph: 'health', category: 'HEALTH' }))).toEqual({ allow: false, code: 'CONSENT_REQUIRED' });
    expect(decide(input({ principal: staff('health', 'RESEARCH'), subgraph: 'health', category: 'HEALTH' }))).toEqual({ allow: false, code: 'CONSENT_REQUIRED' });
    expect(decide(input({ principal: staff('transport', 'SERVICE_DELIVERY'), subgraph: 'transport', category: 'LOCATION' }))).toEqual({ allow: true, basis: 'STATUTE:OWN_RECORDS_SERVICE_DELIVERY' });
    expect(decide(input({ principal: staff('transport', 'SERVICE_DELIVERY'), subgraph: 'health', category: 'HEALTH' }))).toEqual({ allow: false, code: 'CONSENT_REQUIRED' });
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
  it('loads the reviewed policy', () => {
    expect(statutes.rules.length).toBeGreaterThan(3);
  });

  it('refuses a malformed policy: unknown department, category or purpose, duplicate ids', () => {
    const rule = { id: 'GOOD_RULE', description: 'A rule with a long enough description.', departments: ['health'], subgraph: 'health', categories: ['HEALTH'], purposes: ['PUBLIC_HEALTH'] };
    const policy = (rules: unknown[]) => ({ version: '1', reviewedBy: 'DPO', reviewedAt: '2026-11-01', rules });
    expect(() => parseStatutes(policy([rule]))).not.toThrow();
    expect(() => parseStatutes(policy([{ ...rule, departments: ['police'] }]))).toThrow();
    expect(() => parseStatutes(policy([{ ...rule, categories: ['DNA'] }]))).toThrow();
    expect(() => parseStatutes(policy([{ ...rule, purposes: ['PROFIT'] }]))).toThrow();
    expect(() => parseStatutes(policy([rule, rule]))).toThrow(/duplicate/);
  });
});
