import { Supergraph } from '@apollo/federation-internals';
import { CriticalityLevel, diff, type Change } from '@graphql-inspector/core';
import { buildSchema, Kind, parse, visit, type DocumentNode, type GraphQLSchema, type SelectionSetNode } from 'graphql';

/**
 * Schema governance (`npm run check:schema`): what a change does to the public API and to privacy, as plain data,
 * so that the script only reads files and prints, and these functions can be tested on small schemas.
 */

/** The client-facing (API) schema of a supergraph: what `/graphql` serves, without join/link machinery or @inaccessible. */
export function apiSchemaOf(supergraphSdl: string): GraphQLSchema {
  return Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema();
}

/** An accepted breaking change, from `schema/breaking-changes.json`. `path` is the change's schema coordinate. */
export interface DeclaredBreakingChange {
  path: string;
  /** Optional: the change type (FIELD_REMOVED, ...); without it any breaking change at `path` is accepted. */
  type?: string;
  reason: string;
}

export interface BreakingReport {
  breaking: Array<{ type: string; path: string; message: string; declared?: string }>;
  dangerous: Array<{ type: string; path: string; message: string }>;
  safe: number;
  /** Declarations that matched nothing in this diff (already shipped: they can be removed from the file). */
  unusedDeclarations: DeclaredBreakingChange[];
}

export function parseDeclarations(json: unknown): DeclaredBreakingChange[] {
  const list = (json as { accepted?: unknown })?.accepted;
  if (!Array.isArray(list)) throw new Error('breaking-changes.json: expected {"accepted": [{"path", "type"?, "reason"}]}');
  return list.map((entry, i) => {
    const { path, type, reason } = (entry ?? {}) as Record<string, unknown>;
    if (typeof path !== 'string' || !path) throw new Error(`breaking-changes.json: accepted[${i}].path must be a schema coordinate`);
    if (typeof reason !== 'string' || reason.trim().length < 10) throw new Error(`breaking-changes.json: accepted[${i}].reason must say why (10 characters at least)`);
    if (type !== undefined && typeof type !== 'string') throw new Error(`breaking-changes.json: accepted[${i}].type must be a change type`);
    return { path, type, reason };
  });
}

export async function breakingChanges(before: GraphQLSchema, after: GraphQLSchema, declared: DeclaredBreakingChange[] = []): Promise<BreakingReport> {
  const changes: Change[] = await diff(before, after);
  const used = new Set<DeclaredBreakingChange>();
  const report: BreakingReport = { breaking: [], dangerous: [], safe: 0, unusedDeclarations: [] };
  for (const change of changes) {
    const path = change.path ?? '';
    if (change.criticality.level === CriticalityLevel.Breaking) {
      const declaration = declared.find((d) => d.path === path && (d.type === undefined || d.type === change.type));
      if (declaration) used.add(declaration);
      report.breaking.push({ type: change.type, path, message: change.message, ...(declaration ? { declared: declaration.reason } : {}) });
    } else if (change.criticality.level === CriticalityLevel.Dangerous) {
      report.dangerous.push({ type: change.type, path, message: change.message });
    } else {
      report.safe += 1;
    }
  }
  report.unusedDeclarations = declared.filter((d) => !used.has(d));
  return report;
}

/** One line of the privacy diff. `widens` is true when the change lets more personal data out, or to more callers. */
export interface PrivacyChange {
  area: 'personal-field' | 'statute' | 'partner-operation';
  subject: string;
  change: string;
  widens: boolean;
}

/** `Type.field` → category of every `@personal` use in a supergraph or subgraph SDL. */
export function personalFields(sdl: string): Map<string, string> {
  const found = new Map<string, string>();
  let typeName = '';
  visit(parse(sdl), {
    ObjectTypeDefinition: { enter: (node) => void (typeName = node.name.value) },
    ObjectTypeExtension: { enter: (node) => void (typeName = node.name.value) },
    InterfaceTypeDefinition: { enter: (node) => void (typeName = node.name.value) },
    FieldDefinition(node) {
      const directive = node.directives?.find((d) => d.name.value === 'personal');
      if (!directive) return;
      const category = directive.arguments?.find((a) => a.name.value === 'category')?.value;
      found.set(`${typeName}.${node.name.value}`, category && category.kind === Kind.ENUM ? category.value : '?');
    },
  });
  return found;
}

/** All field coordinates an SDL defines (to tell "no longer personal" from "removed"). */
function fieldCoordinates(sdl: string): Set<string> {
  const schema = buildSchema(sdl, { assumeValid: true, assumeValidSDL: true });
  const found = new Set<string>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__') || !('getFields' in type)) continue;
    for (const field of Object.keys(type.getFields())) found.add(`${type.name}.${field}`);
  }
  return found;
}

export function personalFieldChanges(beforeSdl: string, afterSdl: string): PrivacyChange[] {
  const before = personalFields(beforeSdl);
  const after = personalFields(afterSdl);
  const afterFields = fieldCoordinates(afterSdl);
  const changes: PrivacyChange[] = [];
  for (const [field, category] of after) {
    const was = before.get(field);
    if (was === undefined) changes.push({ area: 'personal-field', subject: field, change: `new @personal field (${category})`, widens: true });
    else if (was !== category) changes.push({ area: 'personal-field', subject: field, change: `category ${was} -> ${category}`, widens: true });
  }
  for (const [field, category] of before) {
    if (after.has(field)) continue;
    if (afterFields.has(field)) changes.push({ area: 'personal-field', subject: field, change: `no longer @personal (was ${category}): served without a consent decision`, widens: true });
    else changes.push({ area: 'personal-field', subject: field, change: `removed (was @personal ${category})`, widens: false });
  }
  return changes.sort((a, b) => a.subject.localeCompare(b.subject));
}

type Rule = Record<string, unknown> & { id: string };

/** The policy file's statutes: `statutes` (statutes by field) or `rules` (the format before it). */
function rulesOf(json: unknown): Map<string, Rule> {
  const file = json as { statutes?: unknown; rules?: unknown } | null;
  const rules = file?.statutes ?? file?.rules;
  return new Map(Array.isArray(rules) ? (rules as Rule[]).map((r) => [String(r.id), r]) : []);
}

/** Lists that release more when they grow (who, what, why); everything else is reported as a plain change. */
const WIDENING_LISTS = new Set(['departments', 'categories', 'purposes', 'fields', 'coordinates']);

export function statuteChanges(beforeJson: unknown, afterJson: unknown): PrivacyChange[] {
  const before = rulesOf(beforeJson);
  const after = rulesOf(afterJson);
  const changes: PrivacyChange[] = [];
  const describe = (rule: Rule) =>
    Object.entries(rule)
      .filter(([key]) => key !== 'id' && !key.startsWith('description'))
      .map(([key, value]) => `${key}=${Array.isArray(value) ? value.join(',') : String(value)}`)
      .join(' ');
  for (const [id, rule] of after) {
    const was = before.get(id);
    if (!was) {
      changes.push({ area: 'statute', subject: id, change: `new statute: ${describe(rule)}`, widens: true });
      continue;
    }
    for (const key of new Set([...Object.keys(was), ...Object.keys(rule)])) {
      const old = was[key];
      const now = rule[key];
      if (JSON.stringify(old) === JSON.stringify(now)) continue;
      if (Array.isArray(old) || Array.isArray(now)) {
        const o = new Set((old as unknown[] | undefined) ?? []);
        const n = new Set((now as unknown[] | undefined) ?? []);
        const added = [...n].filter((x) => !o.has(x));
        const removed = [...o].filter((x) => !n.has(x));
        if (added.length) changes.push({ area: 'statute', subject: id, change: `${key} + ${added.join(', ')}`, widens: WIDENING_LISTS.has(key) });
        if (removed.length) changes.push({ area: 'statute', subject: id, change: `${key} - ${removed.join(', ')}`, widens: false });
        if (!added.length && !removed.length) changes.push({ area: 'statute', subject: id, change: `${key} reordered`, widens: false });
      } else {
        // A different subgraph, department or purpose releases to someone or for something new; a legal reference or
        // wording is not obviously wider, but a reviewer must read it.
        changes.push({ area: 'statute', subject: id, change: `${key}: ${JSON.stringify(old)} -> ${JSON.stringify(now)}`, widens: ['subgraph', 'department', 'purpose'].includes(key) });
      }
    }
  }
  for (const [id] of before) if (!after.has(id)) changes.push({ area: 'statute', subject: id, change: 'statute removed', widens: false });
  return changes;
}

/** Every selected path of an operation document (`query TaxiAssist.citizen.savedPlaces.label`). */
export function selectedPaths(document: string): Set<string> {
  const paths = new Set<string>();
  const doc: DocumentNode = parse(document);
  const fragments = new Map(doc.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d.selectionSet]));
  const walk = (set: SelectionSetNode, prefix: string, seen: Set<string>) => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        const path = `${prefix}.${selection.name.value}`;
        paths.add(path);
        if (selection.selectionSet) walk(selection.selectionSet, path, seen);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        walk(selection.selectionSet, prefix, seen);
      } else if (!seen.has(selection.name.value)) {
        const fragment = fragments.get(selection.name.value);
        if (fragment) walk(fragment, prefix, new Set([...seen, selection.name.value]));
      }
    }
  };
  for (const definition of doc.definitions) {
    if (definition.kind === Kind.OPERATION_DEFINITION) walk(definition.selectionSet, `${definition.operation} ${definition.name?.value ?? '(anonymous)'}`, new Set());
  }
  return paths;
}

/** Partner operation files (name → document text) before and after. */
export function partnerOperationChanges(before: Map<string, string>, after: Map<string, string>): PrivacyChange[] {
  const changes: PrivacyChange[] = [];
  for (const [file, text] of after) {
    const old = before.get(file);
    if (old === undefined) {
      changes.push({ area: 'partner-operation', subject: file, change: `new registered operation selecting ${[...selectedPaths(text)].join(', ')}`, widens: true });
      continue;
    }
    if (old === text) continue;
    const o = selectedPaths(old);
    const n = selectedPaths(text);
    const added = [...n].filter((p) => !o.has(p));
    const removed = [...o].filter((p) => !n.has(p));
    if (added.length) changes.push({ area: 'partner-operation', subject: file, change: `now also selects ${added.join(', ')}`, widens: true });
    if (removed.length) changes.push({ area: 'partner-operation', subject: file, change: `no longer selects ${removed.join(', ')}`, widens: false });
    if (!added.length && !removed.length) changes.push({ area: 'partner-operation', subject: file, change: 'text changed (same selections: arguments, variables or names)', widens: false });
  }
  for (const [file] of before) if (!after.has(file)) changes.push({ area: 'partner-operation', subject: file, change: 'registration removed', widens: false });
  return changes;
}

export function formatPrivacyDiff(changes: PrivacyChange[]): string {
  if (!changes.length) return 'privacy diff: no change to @personal fields, statutes or partner operations';
  const lines = [`privacy diff: ${changes.length} change(s), ${changes.filter((c) => c.widens).length} widening (review these):`];
  for (const c of changes) lines.push(`  ${c.widens ? 'WIDENS ' : '       '} ${c.area.padEnd(17)} ${c.subject}: ${c.change}`);
  return lines.join('\n');
}
