import type { ApolloServerPlugin } from '@apollo/server';
import {
  getNamedType,
  isAbstractType,
  isObjectType,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import type { GraphMap } from '../access/graph-map.js';
import type { GatewayContext } from '../signed-data-source.js';

export type ResponsePath = Array<string | number>;

/**
 * Where the answer to an operation carries a value that a consent decision released: every non-null value of a
 * `@personal` field (by its response key, aliases included), walked over the data with the document's selections.
 * Under an abstract type whose concrete type the data does not name, every fragment is taken as applying: a
 * redaction too many is safe, one too few is not.
 */
export function personalPaths(
  document: DocumentNode,
  operationName: string | null | undefined,
  schema: GraphQLSchema,
  personal: ReadonlySet<string>,
  data: unknown,
): ResponsePath[] {
  const operation = document.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION && (!operationName || d.name?.value === operationName),
  );
  if (!operation || !data || typeof data !== 'object') return [];
  const fragments = new Map(
    document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
  );
  const root = operation.operation === 'mutation' ? schema.getMutationType() : operation.operation === 'subscription' ? schema.getSubscriptionType() : schema.getQueryType();
  const found: ResponsePath[] = [];

  const walk = (type: GraphQLNamedType | null | undefined, selections: SelectionSetNode, value: unknown, path: ResponsePath): void => {
    if (value === null || value === undefined || !type) return;
    if (Array.isArray(value)) {
      value.forEach((item, i) => walk(type, selections, item, [...path, i]));
      return;
    }
    if (typeof value !== 'object') return;
    const record = value as Record<string, unknown>;
    const concrete = isAbstractType(type) && typeof record.__typename === 'string' ? schema.getType(record.__typename) : type;
    for (const selection of selections.selections) {
      if (selection.kind === Kind.FIELD) {
        if (!isObjectType(concrete) && !isAbstractType(concrete)) continue;
        const fields = isObjectType(concrete) ? concrete.getFields() : {};
        const field = fields[selection.name.value];
        const key = selection.alias?.value ?? selection.name.value;
        const child = record[key];
        if (child === undefined || child === null) continue;
        if (isObjectType(concrete) && personal.has(`${concrete.name}.${selection.name.value}`)) {
          found.push([...path, key]);
          continue;
        }
        if (field && selection.selectionSet) walk(getNamedType(field.type), selection.selectionSet, child, [...path, key]);
      } else {
        const fragment = selection.kind === Kind.INLINE_FRAGMENT ? selection : fragments.get(selection.name.value);
        if (!fragment) continue;
        const condition = fragment.typeCondition ? schema.getType(fragment.typeCondition.name.value) : concrete;
        const applies =
          !fragment.typeCondition ||
          condition === concrete ||
          isAbstractType(concrete) ||
          (condition !== undefined && condition !== null && isAbstractType(condition) && isObjectType(concrete) && schema.isSubType(condition, concrete));
        if (applies) walk(isObjectType(concrete) ? concrete : condition, fragment.selectionSet, record, path);
      }
    }
  };
  walk(root, operation.selectionSet, data, []);
  return found;
}

/** A stored answer for replay: every personal value removed, an error in its place saying why. */
export function redactForReplay(body: string, paths: readonly ResponsePath[]): string {
  if (paths.length === 0) return body;
  const parsed = JSON.parse(body) as { data?: Record<string, unknown> | null; errors?: unknown[] };
  for (const path of paths) {
    let node: unknown = parsed.data;
    for (const step of path.slice(0, -1)) node = node && typeof node === 'object' ? (node as Record<string | number, unknown>)[step] : undefined;
    if (node && typeof node === 'object') (node as Record<string | number, unknown>)[path[path.length - 1]!] = null;
  }
  parsed.errors = [
    ...(parsed.errors ?? []),
    ...paths.map((path) => ({
      message: 'A replayed answer carries no personal data: the decision that released it applied to the first request only. Ask again to read it under the current consent.',
      path,
      extensions: { code: 'CONSENT_REQUIRED' },
    })),
  ];
  return JSON.stringify(parsed);
}

/**
 * For a mutation sent with an Idempotency-Key: notes where its answer carries personal values, so that the stored
 * copy for replays keeps none (gateway/graphql-handler.ts). A replay never serves personal data past the decision
 * that released it; the caller asks again and a new decision applies.
 */
export function useIdempotentReplay(options: { graph: GraphMap }): ApolloServerPlugin<GatewayContext> {
  if (!options?.graph?.personal) throw new Error('useIdempotentReplay: options.graph (the supergraph map) is required');
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, document, schema, operationName, response }) {
          const observed = contextValue.observed;
          if (!observed?.idempotent || !document || response.body.kind !== 'single') return;
          observed.personalPaths = personalPaths(document, operationName, schema, options.graph.personal, response.body.singleResult.data);
        },
      };
    },
  };
}
