import type { ApolloServerPlugin } from '@apollo/server';
import {
  GraphQLError,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import { z } from 'zod';
import type { Logger } from '../../platform/logger.js';
import type { GatewayContext } from '../signed-data-source.js';

const limit = z.number().int().positive();
const limitsSchema = z.object({
  maxDepth: limit,
  maxAliases: limit,
  maxDirectives: limit,
  maxCost: limit,
  maxPageSize: limit,
  /** Field selections in one selection set, fragments spread into it included and duplicates counted. */
  maxSelections: limit,
});

export type QueryLimits = z.infer<typeof limitsSchema>;

/** ARCHITECTURE §8. Tokens (2,000) are limited at parse time through Apollo's `parseOptions`. */
export const DEFAULT_LIMITS: QueryLimits = { maxDepth: 10, maxAliases: 15, maxDirectives: 20, maxCost: 20_000, maxPageSize: 100, maxSelections: 200 };
export const MAX_TOKENS = 2000;

const PAGE_ARGUMENTS = new Set(['first', 'last']);

function tooComplex(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'QUERY_TOO_COMPLEX', http: { status: 400 } } });
}

function badInput(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } });
}

function invalid(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'GRAPHQL_VALIDATION_FAILED', http: { status: 400 } } });
}

interface Measure {
  depth: number;
  aliases: number;
  directives: number;
  cost: number;
  pageSize: number;
  /** The most field selections in any one selection set. */
  selections: number;
}

function intValue(value: ValueNode, variables: Record<string, unknown>): number | undefined {
  if (value.kind === Kind.INT) return Number(value.value);
  if (value.kind === Kind.VARIABLE) {
    const v = variables[value.name.value];
    return typeof v === 'number' ? v : undefined;
  }
  return undefined;
}

/**
 * Measures an operation with fragments expanded: depth, aliases (every alias counts, `__typename` included),
 * directives, page sizes, field selections per selection set (what fragments spread into it counts there;
 * duplicates count: the planner and every subgraph handle each one), and a cost where a paged field multiplies its
 * children by its page size. Introspection fields are measured only for aliases, directives and selections, so the
 * explorer keeps working. The recursion follows the document, whose nesting the token limit bounds.
 */
export function measureOperation(operation: OperationDefinitionNode, fragments: Map<string, FragmentDefinitionNode>, variables: Record<string, unknown>): Measure {
  const measure: Measure = { depth: 0, aliases: 0, directives: operation.directives?.length ?? 0, cost: 0, pageSize: 0, selections: 0 };
  const visit = (set: SelectionSetNode, depth: number, multiplier: number, seen: Set<string>, introspection: boolean, level = { fields: 0 }) => {
    for (const selection of set.selections) {
      measure.directives += selection.directives?.length ?? 0;
      if (selection.kind === Kind.FIELD) {
        level.fields++;
        measure.selections = Math.max(measure.selections, level.fields);
        if (selection.alias) measure.aliases++;
        const isIntrospection = introspection || selection.name.value.startsWith('__schema') || selection.name.value === '__type';
        if (!isIntrospection) measure.depth = Math.max(measure.depth, depth + 1);
        let childMultiplier = multiplier;
        for (const argument of selection.arguments ?? []) {
          if (!PAGE_ARGUMENTS.has(argument.name.value)) continue;
          const size = intValue(argument.value, variables);
          if (size !== undefined) {
            measure.pageSize = Math.max(measure.pageSize, size);
            childMultiplier = multiplier * Math.max(1, size);
          }
        }
        if (!isIntrospection) measure.cost += multiplier;
        if (selection.selectionSet) visit(selection.selectionSet, depth + 1, childMultiplier, seen, isIntrospection);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        visit(selection.selectionSet, depth, multiplier, seen, introspection, level);
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        // A fragment spread inside itself is a validation error; guard anyway so measuring can never loop.
        if (!fragment || seen.has(name)) continue;
        measure.directives += fragment.directives?.length ?? 0;
        visit(fragment.selectionSet, depth, multiplier, new Set([...seen, name]), introspection, level);
      }
    }
  };
  visit(operation.selectionSet, 0, 1, new Set(), false);
  return measure;
}

export function checkLimits(document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown>, limits: QueryLimits = DEFAULT_LIMITS): void {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const m = measureOperation(operation, fragments, variables);
  if (m.depth > limits.maxDepth) throw tooComplex(`The query is nested ${m.depth} levels deep; the limit is ${limits.maxDepth}.`);
  if (m.selections > limits.maxSelections) throw tooComplex(`A selection set of the query selects ${m.selections} fields; the limit is ${limits.maxSelections}.`);
  if (m.aliases > limits.maxAliases) throw tooComplex(`The query uses ${m.aliases} aliases; the limit is ${limits.maxAliases}.`);
  if (m.directives > limits.maxDirectives) throw tooComplex(`The query uses ${m.directives} directives; the limit is ${limits.maxDirectives}.`);
  if (m.pageSize > limits.maxPageSize) throw badInput(`Pages hold at most ${limits.maxPageSize} items; ask for fewer and follow the cursor.`);
  if (m.cost > limits.maxCost) throw tooComplex(`The query would resolve about ${m.cost} fields; the limit is ${limits.maxCost}.`);
}

/**
 * Which operation of the document runs, refused with 400 before planning when there is none: an `operationName`
 * the document does not define, or several operations and no name (the planner would throw, a 500). Subscriptions
 * are refused the same way: the graph defines none.
 */
export function resolvedOperation(document: DocumentNode, operation: OperationDefinitionNode | undefined, operationName: string | undefined | null): OperationDefinitionNode {
  if (!operation) {
    const count = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION).length;
    if (operationName) throw badInput(`The document has no operation named ${JSON.stringify(operationName.slice(0, 100))}.`);
    throw badInput(`The document has ${count} operations: name the one to run in operationName.`);
  }
  if (operation.operation === 'subscription') throw invalid('The graph has no subscriptions.');
  return operation;
}

/**
 * Rejects over-limit operations with 400 before the query planner or any subgraph sees them, and operations that
 * cannot be resolved (see `resolvedOperation`).
 */
export function useQueryLimits(options: { limits?: Partial<QueryLimits>; logger: Logger }): ApolloServerPlugin<GatewayContext> {
  const limits = limitsSchema.parse({ ...DEFAULT_LIMITS, ...options.limits });
  const logger = options.logger.child({ plugin: 'query-limits' });
  // An operation without variables measures the same every time: remember the verdict per parsed operation.
  const judged = new WeakMap<OperationDefinitionNode, GraphQLError | null>();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation: found, request, contextValue }) {
          const operation = resolvedOperation(document, found, request.operationName);
          const cacheable = !operation.variableDefinitions?.length;
          const known = cacheable ? judged.get(operation) : undefined;
          if (known !== undefined) {
            if (known) throw known;
            return;
          }
          try {
            checkLimits(document, operation, request.variables ?? {}, limits);
            if (cacheable) judged.set(operation, null);
          } catch (error) {
            if (cacheable && error instanceof GraphQLError) judged.set(operation, error);
            if (error instanceof GraphQLError) logger.debug({ requestId: contextValue.requestId, code: error.extensions.code }, error.message);
            throw error;
          }
        },
      };
    },
  };
}
