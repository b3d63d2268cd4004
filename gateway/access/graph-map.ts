import { Kind, parse, type ConstDirectiveNode, type DocumentNode } from 'graphql';
import { SUBGRAPH_NAMES, type SubgraphName } from '../../platform/services.js';

/**
 * What the gateway needs to know about the graph to decide before planning: which subgraphs resolve each field,
 * which fields are personal, which are entity keys, and which types are public (ARCHITECTURE §3). Read once
 * from the supergraph's join directives.
 */
export interface GraphMap {
  owners: Map<string, Set<SubgraphName>>;
  personal: Set<string>;
  keyFields: Map<string, Set<string>>;
  publicTypes: Set<string>;
}

/**
 * Public whatever the caller's scopes: the water and sensors subgraphs' types, and these (with their parts;
 * `Statute`, the grantee directory's `Grantee`, and the transparency log's signed heads and consistency proofs:
 * ARCHITECTURE §3, §4).
 */
const PUBLIC_NAMED_TYPES = ['Facility', 'Station', 'Kiosk', 'Intersection', 'BlindSpotAlert', 'RoadCondition', 'Statute', 'Grantee', 'SignedTreeHead', 'ConsistencyProof'];
const PUBLIC_SUBGRAPHS: ReadonlySet<SubgraphName> = new Set(['water', 'sensors']);

function argument(directive: ConstDirectiveNode, name: string): string | boolean | undefined {
  const arg = directive.arguments?.find((a) => a.name.value === name);
  if (!arg) return undefined;
  if (arg.value.kind === Kind.STRING || arg.value.kind === Kind.ENUM) return arg.value.value;
  if (arg.value.kind === Kind.BOOLEAN) return arg.value.value;
  return undefined;
}

export function buildGraphMap(supergraphSdl: string): GraphMap {
  const document: DocumentNode = parse(supergraphSdl);
  const graphNames = new Map<string, SubgraphName>();
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.ENUM_TYPE_DEFINITION || definition.name.value !== 'join__Graph') continue;
    for (const value of definition.values ?? []) {
      const name = value.directives?.find((d) => d.name.value === 'join__graph');
      const subgraph = name && argument(name, 'name');
      if (typeof subgraph === 'string' && (SUBGRAPH_NAMES as readonly string[]).includes(subgraph)) graphNames.set(value.name.value, subgraph as SubgraphName);
    }
  }
  const map: GraphMap = { owners: new Map(), personal: new Set(), keyFields: new Map(), publicTypes: new Set(PUBLIC_NAMED_TYPES) };
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION) continue;
    const typeName = definition.name.value;
    const typeGraphs = new Set<SubgraphName>();
    const keys = new Set<string>();
    for (const directive of definition.directives ?? []) {
      if (directive.name.value !== 'join__type') continue;
      const graph = graphNames.get(String(argument(directive, 'graph')));
      if (graph) typeGraphs.add(graph);
      const key = argument(directive, 'key');
      if (typeof key === 'string') for (const field of key.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []) keys.add(field);
    }
    map.keyFields.set(typeName, keys);
    if (typeGraphs.size > 0 && [...typeGraphs].every((g) => PUBLIC_SUBGRAPHS.has(g))) map.publicTypes.add(typeName);
    for (const field of definition.fields ?? []) {
      const coordinate = `${typeName}.${field.name.value}`;
      const joins = field.directives?.filter((d) => d.name.value === 'join__field') ?? [];
      const owners = new Set<SubgraphName>();
      for (const join of joins) {
        if (argument(join, 'external') === true) continue;
        const graph = graphNames.get(String(argument(join, 'graph')));
        if (graph) owners.add(graph);
      }
      map.owners.set(coordinate, joins.length > 0 ? owners : new Set(typeGraphs));
      if (field.directives?.some((d) => d.name.value === 'personal')) map.personal.add(coordinate);
    }
  }
  return map;
}
