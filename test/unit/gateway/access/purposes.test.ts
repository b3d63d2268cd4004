import { describe, expect, it } from '@jest/globals';
import { loadDepartmentPurposes } from '../../../../contracts/department-purposes/department-purposes.js';
import { endUserOf, justificationOf, staffPurpose } from '../../../../gateway/access/purposes.js';
import { CitygraphError } from '../../../../platform/errors.js';

const policy = loadDepartmentPurposes();
const utf8AsHeader = (text: string) => Buffer.from(text, 'utf8').toString('latin1');

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    return error instanceof CitygraphError ? error.code : 'OTHER';
  }
}

describe('staff purposes', () => {
  it('admits a purpose the department holds, refuses others with FORBIDDEN and unknown or missing ones with BAD_USER_INPUT', () => {
    expect(staffPurpose('transport', ['staff'], 'taxi_assist', undefined, policy)).toEqual({ purpose: 'TAXI_ASSIST' });
    expect(codeOf(() => staffPurpose('sensors', ['staff'], 'TAXI_ASSIST', undefined, policy))).toBe('FORBIDDEN');
    expect(codeOf(() => staffPurpose('health', ['staff'], 'RESEARCH', undefined, policy))).toBe('FORBIDDEN');
    expect(codeOf(() => staffPurpose('health', ['staff'], 'GOSSIP', undefined, policy))).toBe('BAD_USER_INPUT');
    expect(codeOf(() => staffPurpose('health', ['staff'], undefined, undefined, policy))).toBe('BAD_USER_INPUT');
  });

  it('drops a justification sent with an ordinary purpose', () => {
    expect(staffPurpose('water', ['staff', 'emergency'], 'FLOOD_RESPONSE', 'A long enough reason', policy)).toEqual({ purpose: 'FLOOD_RESPONSE' });
  });

  it('admits EMERGENCY only with the emergency role and a justification of 10 to 500 characters', () => {
    expect(codeOf(() => staffPurpose('water', ['staff'], 'EMERGENCY', 'A long enough reason', policy))).toBe('FORBIDDEN');
    expect(codeOf(() => staffPurpose('water', ['staff', 'emergency'], 'EMERGENCY', undefined, policy))).toBe('BAD_USER_INPUT');
    expect(staffPurpose('water', ['staff', 'emergency'], 'EMERGENCY', '  A long enough reason ', policy)).toEqual({ purpose: 'EMERGENCY', justification: 'A long enough reason' });
  });
});

describe('justifications and end users', () => {
  it('counts characters, not bytes, and reads the header as UTF-8', () => {
    expect(justificationOf(utf8AsHeader('洪水疏散，居民电话无人接听'))).toBe('洪水疏散，居民电话无人接听');
    expect(codeOf(() => justificationOf(utf8AsHeader('洪水疏散，居民')))).toBe('BAD_USER_INPUT');
    expect(justificationOf('x'.repeat(500))).toHaveLength(500);
    expect(codeOf(() => justificationOf('x'.repeat(501)))).toBe('BAD_USER_INPUT');
    expect(codeOf(() => justificationOf('ten chars\u0000 and a NUL'))).toBe('BAD_USER_INPUT');
  });

  it('accepts an opaque end user of 1 to 64 characters, and no header at all', () => {
    expect(endUserOf(undefined)).toBeUndefined();
    expect(endUserOf('rider-8842')).toBe('rider-8842');
    expect(endUserOf('u'.repeat(64))).toHaveLength(64);
    expect(codeOf(() => endUserOf('u'.repeat(65)))).toBe('BAD_USER_INPUT');
    expect(codeOf(() => endUserOf(''))).toBe('BAD_USER_INPUT');
  });
});
