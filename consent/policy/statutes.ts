import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { PURPOSES, type Purpose } from '../../platform/principal.js';
import { DEPARTMENTS, SUBGRAPH_NAMES, type Department, type SubgraphName } from '../../platform/services.js';
import { DATA_CATEGORIES, type DataCategory } from '../enforcement/types.js';

/**
 * The statutory rules: which department may read which category of which subgraph's fields for which purpose,
 * without the citizen's consent. The file is reviewed like code (its history is the review trail); it is loaded
 * and validated at start, and a malformed file stops the consent service from starting.
 */
export const STATUTES_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'statutes.json');

const ruleSchema = z.object({
  id: z.string().regex(/^[A-Z][A-Z0-9_]{2,63}$/),
  description: z.string().min(20),
  departments: z.array(z.enum(DEPARTMENTS)).min(1),
  /** A subgraph name, or OWN: the department's own subgraph. */
  subgraph: z.union([z.enum(SUBGRAPH_NAMES), z.literal('OWN')]),
  categories: z.array(z.enum(DATA_CATEGORIES)).min(1),
  purposes: z.array(z.enum(PURPOSES)).min(1),
});

const policySchema = z.object({
  version: z.string().min(1),
  reviewedBy: z.string().min(1),
  reviewedAt: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  rules: z.array(ruleSchema).min(1),
});

export type StatuteRule = z.infer<typeof ruleSchema>;

export interface StatutePolicy {
  version: string;
  rules: StatuteRule[];
  /** The rule that allows (department, subgraph, category, purpose), if any. */
  find(department: Department, subgraph: SubgraphName, category: DataCategory, purpose: Purpose | undefined): StatuteRule | undefined;
}

export function parseStatutes(json: unknown): StatutePolicy {
  const policy = policySchema.parse(json);
  const ids = new Set<string>();
  for (const rule of policy.rules) {
    if (ids.has(rule.id)) throw new Error(`statutes: duplicate rule id ${rule.id}`);
    ids.add(rule.id);
  }
  const index = new Map<string, StatuteRule>();
  for (const rule of policy.rules) {
    for (const department of rule.departments) {
      const subgraph = rule.subgraph === 'OWN' ? department : rule.subgraph;
      for (const category of rule.categories) {
        for (const purpose of rule.purposes) {
          const key = `${department}|${subgraph}|${category}|${purpose}`;
          if (!index.has(key)) index.set(key, rule);
        }
      }
    }
  }
  return {
    version: policy.version,
    rules: policy.rules,
    find(department, subgraph, category, purpose) {
      return purpose ? index.get(`${department}|${subgraph}|${category}|${purpose}`) : undefined;
    },
  };
}

export function loadStatutes(file = STATUTES_FILE): StatutePolicy {
  return parseStatutes(JSON.parse(fs.readFileSync(file, 'utf8')));
}
