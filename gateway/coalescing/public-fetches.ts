import { Kind, parse, type DocumentNode, type FragmentDefinitionNode, type SelectionSetNode, type TypeNode } from 'graphql';
import type { GraphMap } from '../access/graph-map.js';

/** Root fields whose whole answer is public data that is not of a public type (ARCHITECTURE §3: keys, grantees). */
const PUBLIC_ROOT_FIELDS = new Set(['grantees', 'consentAuthorityPublicKey', 'healthPassPublicKey', 'statutes']);
/** The grantee directory is public (ARCHITECTURE §3); its type lives in consent, so it is not public by subgraph. */
const EXTRA_PUBLIC_TYPES = ['Grantee'];
const MAX_REMEMBERED = 5_000;

function namedType(type: TypeNode): string {
  return type.kind === Kind.NAMED_TYPE ? type.name.value : namedType(type.type);
}

/**
 * Decides whether a subgraph fetch (the document the gateway's planner sends to one subgraph) selects public data
 * only: a query, every field on a public type (or under a public root field), no `@personal` field anywhere, entity
 * fetches only for public types. Anything it does not recognise is not public: a fetch judged public wrongly would
 * be shared between callers, one judged non-public wrongly only loses the sharing. Self-only fields live on
 * `Citizen` and its parts, never on a public type. Verdicts are remembered per document text (bounded).
 */
export class PublicFetchClassifier {
  private readonly fieldTypes = new Map<string, string>();
  private readonly publicTypes: Set<string>;
  private readonly verdicts = new Map<string, boolean>();

  constructor(
    private readonly graph: GraphMap,
    supergraphSdl: string,
  ) {
    this.publicTypes = new Set([...graph.publicTypes, ...EXTRA_PUBLIC_TYPES]);
    for (const definition of parse(supergraphSdl).definitions) {
      if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.INTERFACE_TYPE_DEFINITION) continue;
      for (const field of definition.fields ?? []) this.fieldTypes.set(`${definition.name.value}.${field.name.value}`, namedType(field.type));
    }
  }

  isPublic(query: string): boolean {
    const known = this.verdicts.get(query);
    if (known !== undefined) return known;
    let verdict = false;
    try {
      verdict = this.judge(parse(query));
    } catch {
      verdict = false;
    }
    if (this.verdicts.size >= MAX_REMEMBERED) this.verdicts.delete(this.verdicts.keys().next().value!);
    this.verdicts.set(query, verdict);
    return verdict;
  }

  private judge(document: DocumentNode): boolean {
    const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
    if (operations.length !== 1 || operations[0]!.kind !== Kind.OPERATION_DEFINITION || operations[0]!.operation !== 'query') return false;
    const fragments = new Map(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
    return this.selectionPublic('Query', operations[0]!.selectionSet, fragments, false, new Set());
  }

  /** `underPublicRoot`: inside a root field whose whole answer is public (the grantee directory, statutes). */
  private selectionPublic(type: string, selections: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>, underPublicRoot: boolean, seen: Set<string>): boolean {
    for (const selection of selections.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT || selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = selection.kind === Kind.INLINE_FRAGMENT ? selection : fragments.get(selection.name.value);
        if (!fragment) return false;
        if (selection.kind === Kind.FRAGMENT_SPREAD) {
          if (seen.has(selection.name.value)) return false;
          seen = new Set([...seen, selection.name.value]);
        }
        const condition = fragment.typeCondition?.name.value ?? type;
        if (!this.selectionPublic(condition, fragment.selectionSet, fragments, underPublicRoot, seen)) return false;
        continue;
      }
      const field = selection.name.value;
      if (field === '__typename') continue;
      if (field.startsWith('__')) return false;
      const coordinate = `${type}.${field}`;
      if (this.graph.personal.has(coordinate)) return false;
      let childUnderPublicRoot = underPublicRoot;
      if (type === 'Query') {
        if (field === '_entities') {
          // Entity fetches: each `... on Type` below is judged as that type.
          if (!selection.selectionSet || !this.selectionPublic('_Entity', selection.selectionSet, fragments, false, seen)) return false;
          continue;
        }
        if (PUBLIC_ROOT_FIELDS.has(field)) childUnderPublicRoot = true;
        else if (!this.publicTypes.has(this.fieldTypes.get(coordinate) ?? '')) return false;
      } else if (!underPublicRoot && !this.publicTypes.has(type)) {
        return false;
      }
      const child = this.fieldTypes.get(coordinate);
      if (child === undefined) return false;
      if (selection.selectionSet && !this.selectionPublic(child, selection.selectionSet, fragments, childUnderPublicRoot, seen)) return false;
    }
    return true;
  }
}
