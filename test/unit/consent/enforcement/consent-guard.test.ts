import { describe, expect, it } from '@jest/globals';
import { ConsentGuard } from '../../../../consent/enforcement/consent-guard.js';
import type { CitizenDecision, ConsentAuthority } from '../../../../consent/enforcement/types.js';
import { ConsentDeniedError } from '../../../../platform/errors.js';

const partner = { principal: { kind: 'partner' as const, id: 'robotaxi', roles: [], scopes: [], purpose: 'TAXI_ASSIST' as const, requestId: 'r' } };
const key = { key: new Uint8Array(32), version: 1 };
const oneRide: CitizenDecision = {
  citizenId: 'C-0002',
  categories: { LOCATION: { allow: false, code: 'CONSENT_REQUIRED' } },
  fields: { 'TaxiRide.pickup': { allow: true, basis: 'CONSENT:CG-R', onlyRecord: 'TR-1' } },
  keys: { LOCATION: key },
};

describe('ConsentGuard.enforce with a one-ride decision', () => {
  it('releases the field of its own record, refuses the same field of any other record, and logs both', () => {
    const guard = new ConsentGuard(partner, 'transport', {} as ConsentAuthority);
    expect(guard.enforce(oneRide, 'LOCATION', 'TaxiRide.pickup', 'TR-1')).toBe(key);
    expect(() => guard.enforce(oneRide, 'LOCATION', 'TaxiRide.pickup', 'TR-2')).toThrow(ConsentDeniedError);
    expect(() => guard.enforce(oneRide, 'LOCATION', 'TaxiRide.pickup')).toThrow(ConsentDeniedError);
    expect(guard.records.map((r) => [r.coordinate, r.allow, r.code ?? null])).toEqual([
      ['TaxiRide.pickup', true, null],
      ['TaxiRide.pickup', false, 'CONSENT_REQUIRED'],
    ]);
  });
});
