import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { PURPOSES, type Purpose } from '../../platform/principal.js';
import { DEPARTMENTS, SUBGRAPH_NAMES, type Department, type SubgraphName } from '../../platform/services.js';
import { DATA_CATEGORIES, type DataCategory } from '../enforcement/types.js';
import { subgraphsHolding, type PersonalFieldIndex } from './personal-fields.js';
import { DEPARTMENT_PURPOSES_FILE } from '../../contracts/department-purposes/department-purposes.js';

const POLICY_DIR = path.dirname(fileURLToPath(import.meta.url));
export const PURPOSE_SCOPE_FILE = path.join(POLICY_DIR, 'purpose-scope.json');

/** One element of a grant's scope: a category of data as held by one subgraph (ARCHITECTURE §4). */
export interface ScopeItem {
  subgraph: SubgraphName;
  category: DataCategory;
}

/**
 * Data a subgraph holds about citizens outside any `@personal` field: face templates are the consent service's
 * (ARCHITECTURE §5), checked through its 1:1 face check rather than read as a field.
 */
const RECORDS_OUTSIDE_FIELDS: Partial<Record<DataCategory, SubgraphName[]>> = { BIOMETRIC: ['consent'] };

const purposeScopeSchema = z.strictObject({
  description: z.string().optional(),
  purposes: z.partialRecord(z.enum(PURPOSES), z.partialRecord(z.enum([...DATA_CATEGORIES, '*']), z.array(z.enum(SUBGRAPH_NAMES)).min(1))),
});

export type PurposeScopeMap = z.infer<typeof purposeScopeSchema>['purposes'];

export function loadPurposeScope(file = PURPOSE_SCOPE_FILE): PurposeScopeMap {
  return purposeScopeSchema.parse(JSON.parse(fs.readFileSync(file, 'utf8'))).purposes;
}

const departmentPurposesSchema = z.record(z.enum(DEPARTMENTS), z.array(z.enum(PURPOSES)));

/** The purposes each department may use (ARCHITECTURE §3), from the policy file. */
export function loadDepartmentPurposes(file = DEPARTMENT_PURPOSES_FILE): Readonly<Record<Department, readonly Purpose[]>> {
  const parsed = departmentPurposesSchema.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
  return Object.fromEntries(DEPARTMENTS.map((d) => [d, parsed[d] ?? []])) as Record<Department, Purpose[]>;
}

/** Deduplicated, in the fixed order: subgraphs as in the service table, categories as in DATA_CATEGORIES. */
export function normaliseScope(items: readonly ScopeItem[]): ScopeItem[] {
  const seen = new Set(items.map((i) => `${i.subgraph}|${i.category}`));
  const out: ScopeItem[] = [];
  for (const subgraph of SUBGRAPH_NAMES) for (const category of DATA_CATEGORIES) if (seen.has(`${subgraph}|${category}`)) out.push({ subgraph, category });
  return out;
}

/** The scope's categories, in the order the (normalised) scope first names them. */
export function scopeCategories(scope: readonly ScopeItem[]): DataCategory[] {
  return [...new Set(scope.map((i) => i.category))];
}

export function scopeSubgraphs(scope: readonly ScopeItem[]): SubgraphName[] {
  return SUBGRAPH_NAMES.filter((s) => scope.some((i) => i.subgraph === s));
}

export function scopeCovers(scope: readonly ScopeItem[], subgraph: SubgraphName, category: DataCategory): boolean {
  return scope.some((i) => i.subgraph === subgraph && i.category === category);
}

/**
 * The scope a grant or request covers. With subgraphs: the product of categories and subgraphs. Without: for each
 * category, every subgraph holding `@personal` fields of it in the composed supergraph, narrowed by the purpose map
 * where the map names subgraphs for that purpose (and category, or `*`).
 */
export function resolveScope(
  input: { purpose: Purpose; categories: readonly DataCategory[]; subgraphs?: readonly SubgraphName[] | null },
  personal: PersonalFieldIndex,
  narrowing: PurposeScopeMap,
): ScopeItem[] {
  if (input.subgraphs && input.subgraphs.length > 0) {
    return normaliseScope(input.subgraphs.flatMap((subgraph) => input.categories.map((category) => ({ subgraph, category }))));
  }
  const items: ScopeItem[] = [];
  for (const category of input.categories) {
    const holders = new Set([...subgraphsHolding(personal, category), ...(RECORDS_OUTSIDE_FIELDS[category] ?? [])]);
    const byPurpose = narrowing[input.purpose];
    const narrowed = byPurpose?.[category] ?? byPurpose?.['*'];
    for (const subgraph of SUBGRAPH_NAMES) if (holders.has(subgraph) && (!narrowed || narrowed.includes(subgraph))) items.push({ subgraph, category });
  }
  return normaliseScope(items);
}
