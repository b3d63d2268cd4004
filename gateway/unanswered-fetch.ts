import type { GatewayGraphQLRequest, GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { Kind, parse, type DocumentNode, type FragmentDefinitionNode, type SelectionSetNode } from 'graphql';
import type { CitygraphError } from '../platform/errors.js';

type Path = Array<string | number>;

/**
 * The response names a selection set asks for, for an object of type `typename` (`undefined`: any type): fields
 * directly in it, and those of inline fragments and fragment spreads that apply to the type. `__typename` is left
 * out: it is never missing. Iterative over the fragments, so no document can make it recurse.
 */
function responseNames(document: DocumentNode, set: SelectionSetNode, typename: string | undefined): string[] {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const names = new Set<string>();
  const pending: SelectionSetNode[] = [set];
  const seen = new Set<string>();
  while (pending.length > 0) {
    for (const selection of pending.pop()!.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value !== '__typename') names.add(selection.alias?.value ?? selection.name.value);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const on = selection.typeCondition?.name.value;
        if (!on || typename === undefined || on === typename) pending.push(selection.selectionSet);
      } else {
        const fragment = fragments.get(selection.name.value);
        const on = fragment?.typeCondition.name.value;
        if (fragment && !seen.has(selection.name.value) && (typename === undefined || on === typename)) {
          seen.add(selection.name.value);
          pending.push(fragment.selectionSet);
        }
      }
    }
  }
  return [...names];
}

/**
 * What a subgraph fetch answers when the department could not (ARCHITECTURE §7: `SUBGRAPH_UNAVAILABLE` for fields of a
 * department that is down, every other department's fields still answered): every field the fetch asked for is
 * null, with the error at its path. For an entity fetch the entities keep their `__typename`, so the planner merges
 * the nulls into them (a field another fetch `@requires` reaches that fetch as an explicit null, and the department
 * that needs it decides what it can still answer) and rewrites `_entities` paths to the client's.
 */
export function unansweredFetch(request: GatewayGraphQLRequest, error: CitygraphError): GatewayGraphQLResponse {
  const failure = (path: Path) => ({ message: error.message, path, extensions: { ...error.extensions } });
  let document: DocumentNode;
  try {
    document = parse(request.query ?? '');
  } catch {
    return { errors: [{ message: error.message, extensions: { ...error.extensions } }] };
  }
  const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
  if (!operation) return { errors: [{ message: error.message, extensions: { ...error.extensions } }] };
  const entitiesField = operation.selectionSet.selections.find((s) => s.kind === Kind.FIELD && s.name.value === '_entities');
  if (entitiesField?.kind === Kind.FIELD && entitiesField.selectionSet) {
    const representations = request.variables?.representations;
    const list = Array.isArray(representations) ? representations : [];
    const errors: Array<ReturnType<typeof failure>> = [];
    const entities = list.map((representation: unknown, index) => {
      const typename = (representation as { __typename?: unknown } | null)?.__typename;
      const entity: Record<string, unknown> = typeof typename === 'string' ? { __typename: typename } : {};
      for (const name of responseNames(document, entitiesField.selectionSet!, typeof typename === 'string' ? typename : undefined)) {
        entity[name] = null;
        errors.push(failure(['_entities', index, name]));
      }
      return entity;
    });
    return { data: { _entities: entities }, errors };
  }
  const data: Record<string, null> = {};
  for (const name of responseNames(document, operation.selectionSet, undefined)) data[name] = null;
  return { data, errors: Object.keys(data).map((name) => failure([name])) };
}
