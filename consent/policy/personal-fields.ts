import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kind, parse, type ConstDirectiveNode, type DocumentNode } from 'graphql';
import { isSubgraphName, SUBGRAPH_NAMES, type SubgraphName } from '../../platform/services.js';
import { isDataCategory, type DataCategory } from '../enforcement/types.js';

/** The composed supergraph (committed; `npm run compose` writes it, CI fails when it is stale). */
export const SUPERGRAPH_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../schema/supergraph.graphql');

/** One `@personal` field of the composed graph: its category and the subgraph that owns (resolves) it. */
export interface PersonalField {
  coordinate: string;
  category: DataCategory;
  subgraph: SubgraphName;
}

/** Every `@personal` field of the supergraph, by coordinate (`Type.field`). */
export type PersonalFieldIndex = ReadonlyMap<string, PersonalField>;

function argument(directive: ConstDirectiveNode, name: string): string | undefined {
  const arg = directive.arguments?.find((a) => a.name.value === name);
  return arg && (arg.value.kind === Kind.ENUM || arg.value.kind === Kind.STRING) ? arg.value.value : undefined;
}

/** `join__Graph` enum value (CONSENT) → subgraph name (consent), from the enum's `@join__graph(name:)`. */
function graphNames(document: DocumentNode): Map<string, SubgraphName> {
  const names = new Map<string, SubgraphName>();
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.ENUM_TYPE_DEFINITION || definition.name.value !== 'join__Graph') continue;
    for (const value of definition.values ?? []) {
      const name = value.directives?.find((d) => d.name.value === 'join__graph');
      const subgraph = name && argument(name, 'name');
      if (subgraph && isSubgraphName(subgraph)) names.set(value.name.value, subgraph);
    }
  }
  return names;
}

/**
 * Reads the `@personal` fields from supergraph SDL. A field's owner is its `@join__field(graph:)`, or the type's
 * single `@join__type(graph:)` when the field carries none; a personal field with no single owner is an error.
 */
export function personalFieldsOf(supergraphSdl: string): PersonalFieldIndex {
  const document = parse(supergraphSdl);
  const graphs = graphNames(document);
  const index = new Map<string, PersonalField>();
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION) continue;
    const typeGraphs = (definition.directives ?? []).filter((d) => d.name.value === 'join__type').map((d) => argument(d, 'graph'));
    for (const field of definition.fields ?? []) {
      const personal = field.directives?.find((d) => d.name.value === 'personal');
      if (!personal) continue;
      const coordinate = `${definition.name.value}.${field.name.value}`;
      const category = argument(personal, 'category');
      if (!category || !isDataCategory(category)) throw new Error(`supergraph: ${coordinate} has an unknown data category`);
      const fieldGraphs = (field.directives ?? []).filter((d) => d.name.value === 'join__field').map((d) => argument(d, 'graph'));
      const owners = [...new Set(fieldGraphs.length > 0 ? fieldGraphs : typeGraphs)];
      const subgraph = owners.length === 1 && owners[0] ? graphs.get(owners[0]) : undefined;
      if (!subgraph) throw new Error(`supergraph: ${coordinate} is @personal but has no single owning subgraph`);
      index.set(coordinate, { coordinate, category, subgraph });
    }
  }
  return index;
}

let cached: PersonalFieldIndex | undefined;

/** The committed supergraph's personal fields, read once per process. */
export function loadPersonalFields(file = SUPERGRAPH_FILE): PersonalFieldIndex {
  if (file !== SUPERGRAPH_FILE) return personalFieldsOf(fs.readFileSync(file, 'utf8'));
  cached ??= personalFieldsOf(fs.readFileSync(file, 'utf8'));
  return cached;
}

/** The subgraphs holding `@personal` fields of a category, in the fixed service order. */
export function subgraphsHolding(fields: PersonalFieldIndex, category: DataCategory): SubgraphName[] {
  const holders = new Set([...fields.values()].filter((f) => f.category === category).map((f) => f.subgraph));
  return SUBGRAPH_NAMES.filter((name) => holders.has(name));
}
