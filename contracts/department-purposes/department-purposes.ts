import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { PURPOSES, type Purpose } from '../../platform/principal.js';
import { DEPARTMENTS, type Department } from '../../platform/services.js';

/**
 * Which purposes each department's staff may act for (ARCHITECTURE §3). A reviewed policy file, loaded and
 * validated at start: an unknown department or purpose, a missing department, or EMERGENCY (which is never a
 * department's own purpose: it is reached only through break-glass) stops the gateway from starting.
 */
export const DEPARTMENT_PURPOSES_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'department-purposes.json');

const purposeList = z
  .array(z.enum(PURPOSES))
  .refine((list) => new Set(list).size === list.length, 'lists a purpose twice')
  .refine((list) => !list.includes('EMERGENCY'), 'EMERGENCY is reached only through break-glass, never listed');

const schema = z.strictObject(Object.fromEntries(DEPARTMENTS.map((d) => [d, purposeList])) as Record<Department, typeof purposeList>);

export interface DepartmentPurposes {
  /** Whether staff of `department` may act for `purpose` (break-glass is decided apart). */
  allows(department: Department, purpose: Purpose): boolean;
  purposesOf(department: Department): readonly Purpose[];
}

export function parseDepartmentPurposes(json: unknown): DepartmentPurposes {
  const parsed = schema.parse(json) as Record<Department, Purpose[]>;
  const sets = new Map(DEPARTMENTS.map((d) => [d, new Set<Purpose>(parsed[d])]));
  return {
    allows: (department, purpose) => sets.get(department)?.has(purpose) ?? false,
    purposesOf: (department) => [...(sets.get(department) ?? [])],
  };
}

export function loadDepartmentPurposes(file = DEPARTMENT_PURPOSES_FILE): DepartmentPurposes {
  return parseDepartmentPurposes(JSON.parse(fs.readFileSync(file, 'utf8')));
}
