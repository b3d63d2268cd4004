import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { PURPOSES, type Purpose } from '../../platform/principal.js';
import { DEPARTMENTS, type Department } from '../../platform/services.js';
import { loadPersonalFields, type PersonalFieldIndex } from './personal-fields.js';

/**
 * The statutes: which department may read which named `@personal` fields (`Type.field`, never a whole category)
 * for which purpose, without the citizen's consent, under which law. The file is reviewed like code (its history
 * is the review trail); it is loaded and checked at start against the composed supergraph, and a statute naming a
 * field that is not `@personal` there stops the consent service from starting.
 */
export const STATUTES_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'statutes.json');

const COORDINATE = /^[A-Z][A-Za-z0-9_]*\.[a-z_][A-Za-z0-9_]*$/;

const statuteSchema = z.strictObject({
  id: z.string().regex(/^[A-Z][A-Z0-9_]{2,63}$/),
  department: z.enum(DEPARTMENTS),
  purpose: z.enum(PURPOSES),
  fields: z.array(z.string().regex(COORDINATE, 'a field coordinate looks like Type.field')).min(1),
  legalReference: z.string().min(3).max(200),
  description: z.strictObject({ en: z.string().min(20).max(500), zh: z.string().min(6).max(500) }),
});

const policySchema = z.strictObject({
  version: z.string().min(1),
  reviewedBy: z.string().min(1),
  reviewedAt: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  statutes: z.array(statuteSchema).min(1),
});

export type Statute = z.infer<typeof statuteSchema>;

export interface StatutePolicy {
  version: string;
  statutes: readonly Statute[];
  /** The composed supergraph's `@personal` fields the statutes were checked against. */
  personal: PersonalFieldIndex;
  /** The statute that lets (department, purpose) read the field at `coordinate`, if any. */
  find(department: Department, coordinate: string, purpose: Purpose | undefined): Statute | undefined;
}

export class StatutePolicyError extends Error {
  constructor(problems: readonly string[]) {
    super(`statutes: ${problems.join('; ')}`);
    this.name = 'StatutePolicyError';
  }
}

/**
 * Parses and checks a statute file: ids unique; every field a `@personal` field of the composed supergraph; no
 * field listed twice in one statute. Every problem is reported at once.
 */
export function parseStatutes(json: unknown, personal: PersonalFieldIndex = loadPersonalFields()): StatutePolicy {
  const parsed = policySchema.safeParse(json);
  if (!parsed.success) throw new StatutePolicyError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  const policy = parsed.data;
  const problems: string[] = [];
  const ids = new Set<string>();
  const index = new Map<string, Statute>();
  for (const statute of policy.statutes) {
    if (ids.has(statute.id)) problems.push(`duplicate statute id ${statute.id}`);
    ids.add(statute.id);
    if (new Set(statute.fields).size !== statute.fields.length) problems.push(`${statute.id} names a field twice`);
    for (const coordinate of statute.fields) {
      if (!personal.has(coordinate)) problems.push(`${statute.id} names ${coordinate}, which is not a @personal field of the composed supergraph`);
      const key = `${statute.department}|${statute.purpose}|${coordinate}`;
      if (!index.has(key)) index.set(key, statute);
    }
  }
  if (problems.length > 0) throw new StatutePolicyError(problems);
  return {
    version: policy.version,
    statutes: policy.statutes,
    personal,
    find(department, coordinate, purpose) {
      return purpose ? index.get(`${department}|${purpose}|${coordinate}`) : undefined;
    },
  };
}

export function loadStatutes(file = STATUTES_FILE, personal?: PersonalFieldIndex): StatutePolicy {
  return parseStatutes(JSON.parse(fs.readFileSync(file, 'utf8')), personal);
}
