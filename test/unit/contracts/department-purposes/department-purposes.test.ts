import fs from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { DEPARTMENT_PURPOSES_FILE, loadDepartmentPurposes, parseDepartmentPurposes } from '../../../../contracts/department-purposes/department-purposes.js';

const FILE = {
  health: ['PUBLIC_HEALTH', 'SERVICE_DELIVERY'],
  licensing: ['LICENSING', 'SERVICE_DELIVERY'],
  transport: ['SERVICE_DELIVERY', 'TRANSIT_ACCESS', 'TAXI_ASSIST'],
  water: ['FLOOD_RESPONSE', 'SERVICE_DELIVERY'],
  sensors: ['SERVICE_DELIVERY', 'FLOOD_RESPONSE'],
};

describe('the department purposes policy file', () => {
  it('is exactly ARCHITECTURE §3’s list', () => {
    expect(JSON.parse(fs.readFileSync(DEPARTMENT_PURPOSES_FILE, 'utf8'))).toEqual(FILE);
    const policy = loadDepartmentPurposes();
    expect(policy.allows('transport', 'TAXI_ASSIST')).toBe(true);
    expect(policy.allows('sensors', 'TAXI_ASSIST')).toBe(false);
    expect(policy.allows('health', 'RESEARCH')).toBe(false);
    expect(policy.allows('water', 'EMERGENCY')).toBe(false);
  });

  it.each([
    ['an unknown purpose', { ...FILE, water: ['FLOOD_RESPONSE', 'SNOOPING'] }],
    ['an unknown department', { ...FILE, police: ['SERVICE_DELIVERY'] }],
    ['a missing department', { health: FILE.health, licensing: FILE.licensing, transport: FILE.transport, water: FILE.water }],
    ['EMERGENCY as a department purpose', { ...FILE, health: ['EMERGENCY'] }],
    ['a purpose listed twice', { ...FILE, health: ['PUBLIC_HEALTH', 'PUBLIC_HEALTH'] }],
  ])('refuses a file with %s', (_label, json) => {
    expect(() => parseDepartmentPurposes(json)).toThrow();
  });
});
