import type { ApolloServerPlugin } from '@apollo/server';
import {
  GraphQLError,
  Kind,
  TypeInfo,
  getNamedType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  typeFromAST,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLInputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ValueNode,
} from 'graphql';
import { z } from 'zod';
import type { Logger } from '../../platform/logger.js';
import type { GatewayContext } from '../signed-data-source.js';

const optionsSchema = z.object({
  /** ARCHITECTURE §8: variables nested at most 8 deep. */
  maxVariableDepth: z.number().int().positive().default(8),
  /** A date-time is a string of at most this many characters. */
  maxDateTimeLength: z.number().int().positive().default(64),
  /** A JSON-like value (any JSON: an object, a list, a string...) at most this deep... */
  maxJsonDepth: z.number().int().positive().default(8),
  /** ...and at most this many bytes as JSON text. */
  maxJsonBytes: z.number().int().positive().default(64 * 1024),
  dateTimeScalars: z.array(z.string().min(1)).default(['DateTime']),
  /** Scalars that take any JSON value; `ReadingValue` so that one bad reading is rejected alone (sensors.graphql). */
  jsonScalars: z.array(z.string().min(1)).default(['JSON', 'ReadingValue']),
  logger: z.custom<Logger>((value) => typeof (value as Logger | undefined)?.child === 'function', 'a pino logger'),
});

export type InputBoundsOptions = z.input<typeof optionsSchema>;
type Bounds = z.output<typeof optionsSchema>;

function refuse(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } });
}

/** How deep a JSON value nests (a scalar is 0), stopping as soon as it passes `limit`. Iterative: no stack. */
export function depthExceeds(value: unknown, limit: number): boolean {
  const pending: Array<[unknown, number]> = [[value, 0]];
  while (pending.length > 0) {
    const [current, depth] = pending.pop()!;
    if (current === null || typeof current !== 'object') continue;
    if (depth + 1 > limit) return true;
    for (const child of Array.isArray(current) ? current : Object.values(current)) pending.push([child, depth + 1]);
  }
  return false;
}

/** The same for a literal in the document. */
function literalDepthExceeds(node: ValueNode, limit: number): boolean {
  const pending: Array<[ValueNode, number]> = [[node, 0]];
  while (pending.length > 0) {
    const [current, depth] = pending.pop()!;
    const children = current.kind === Kind.LIST ? current.values : current.kind === Kind.OBJECT ? current.fields.map((f) => f.value) : undefined;
    if (!children) continue;
    if (depth + 1 > limit) return true;
    for (const child of children) pending.push([child, depth + 1]);
  }
  return false;
}

function checkScalarValue(value: unknown, scalar: string, where: string, bounds: Bounds): void {
  if (value === null || value === undefined) return;
  if (bounds.dateTimeScalars.includes(scalar)) {
    if (typeof value !== 'string' || value.length > bounds.maxDateTimeLength) {
      throw refuse(`${where} must be an ISO 8601 date-time: a string of at most ${bounds.maxDateTimeLength} characters.`);
    }
  } else if (bounds.jsonScalars.includes(scalar)) {
    if (depthExceeds(value, bounds.maxJsonDepth)) throw refuse(`${where} is nested more than ${bounds.maxJsonDepth} deep.`);
    // Safe to serialise now: its depth is bounded.
    if (Buffer.byteLength(JSON.stringify(value)) > bounds.maxJsonBytes) throw refuse(`${where} is larger than ${bounds.maxJsonBytes / 1024} KB.`);
  }
}

/** Walks a variable's value along its declared type to every bounded scalar in it. Iterative. */
function checkVariable(value: unknown, type: GraphQLInputType, where: string, bounds: Bounds): void {
  const pending: Array<[unknown, GraphQLInputType]> = [[value, type]];
  while (pending.length > 0) {
    const [current, currentType] = pending.pop()!;
    if (current === null || current === undefined) continue;
    if (isNonNullType(currentType)) pending.push([current, currentType.ofType]);
    else if (isListType(currentType)) {
      // A single value where a list is declared is coerced to a list of one.
      for (const item of Array.isArray(current) ? current : [current]) pending.push([item, currentType.ofType]);
    } else if (isInputObjectType(currentType)) {
      if (typeof current !== 'object' || Array.isArray(current)) continue;
      for (const [name, field] of Object.entries(currentType.getFields())) pending.push([(current as Record<string, unknown>)[name], field.type]);
    } else if (isScalarType(currentType)) checkScalarValue(current, currentType.name, where, bounds);
  }
}

/** A literal for a bounded scalar (inside lists, too): a date-time string of bounded length, JSON of bounded depth. */
function checkLiteral(node: ValueNode, scalar: string, where: string, bounds: Bounds): void {
  const pending: ValueNode[] = [node];
  const isDateTime = bounds.dateTimeScalars.includes(scalar);
  while (pending.length > 0) {
    const current = pending.pop()!;
    if (current.kind === Kind.VARIABLE || current.kind === Kind.NULL) continue;
    if (isDateTime) {
      if (current.kind === Kind.LIST) pending.push(...current.values);
      else if (current.kind !== Kind.STRING || current.value.length > bounds.maxDateTimeLength) {
        throw refuse(`${where} must be an ISO 8601 date-time: a string of at most ${bounds.maxDateTimeLength} characters.`);
      }
    } else if (literalDepthExceeds(current, bounds.maxJsonDepth)) throw refuse(`${where} is nested more than ${bounds.maxJsonDepth} deep.`);
  }
}

/** Throws BAD_USER_INPUT (400) for the first value of the request out of bounds. */
export function checkInputs(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown>, bounds: Bounds): void {
  for (const [name, value] of Object.entries(variables)) {
    if (depthExceeds(value, bounds.maxVariableDepth)) throw refuse(`Variable $${name.slice(0, 64)} is nested more than ${bounds.maxVariableDepth} deep.`);
  }
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    const type = typeFromAST(schema, definition.type);
    if (type && name in variables) checkVariable(variables[name], type as GraphQLInputType, `Variable $${name}`, bounds);
  }
  const bounded = new Set([...bounds.dateTimeScalars, ...bounds.jsonScalars]);
  const typeInfo = new TypeInfo(schema);
  const check = (node: ValueNode, what: string) => {
    const inputType = typeInfo.getInputType();
    const named = inputType ? getNamedType(inputType) : undefined;
    if (named && bounded.has(named.name)) checkLiteral(node, named.name, what, bounds);
  };
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Argument(node) {
        check(node.value, `Argument ${node.name.value}`);
      },
      ObjectField(node) {
        check(node.value, `Field ${node.name.value}`);
      },
    }),
  );
}

/**
 * Custom scalars parse with bounds (ARCHITECTURE §8): a date-time is a short string, a JSON-like value is shallow
 * and small, and no variable nests deeper than the limit. Checked without recursion over the values, after the
 * operation is resolved and before it is planned: a value out of bounds is 400 BAD_USER_INPUT and never reaches the
 * planner, a department or its breaker (a 30 KB date-time nested 5,000 deep used to overflow the gateway's stack
 * while it built the subgraph fetch).
 */
export function useInputBounds(options: InputBoundsOptions): ApolloServerPlugin<GatewayContext> {
  const bounds = optionsSchema.parse(options);
  const logger = bounds.logger.child({ plugin: 'input-bounds' });
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request, contextValue }) {
          if (!operation) return;
          try {
            checkInputs(schema, document, operation, request.variables ?? {}, bounds);
          } catch (error) {
            logger.debug({ requestId: contextValue.requestId }, (error as Error).message);
            throw error;
          }
        },
      };
    },
  };
}
