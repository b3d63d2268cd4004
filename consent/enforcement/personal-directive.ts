import { getDirective, MapperKind, mapSchema } from '@graphql-tools/utils';
import {
  defaultFieldResolver,
  getNamedType,
  GraphQLError,
  isLeafType,
  isObjectType,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type GraphQLFieldConfig,
  type GraphQLOutputType,
  type GraphQLResolveInfo,
  type GraphQLSchema,
} from 'graphql';
import type { SubgraphName } from '../../platform/services.js';
import { isSealed } from '../crypto/field-cipher.js';
import { openStored, type DoorLogger } from './personal-door.js';
import { guardOf } from './request-guard.js';
import { isDataCategory, type CitizenDecision, type DataCategory } from './types.js';

export interface PersonalContext {
  logger?: DoorLogger;
}

/**
 * Fields whose value is not read from the store but computed in this request from a verified input (the status a
 * signed health pass carries) or assembled by an export that seals nothing: they are decided like any personal
 * field, and are exempt from the at-rest ciphertext check below.
 */
const NOT_STORED = new Set(['HealthPass.status', 'ScanHealthPassPayload.status']);

/**
 * Whether a field's value must arrive sealed: a leaf (scalar or enum, or a list of them) read from the store. Object
 * fields (a citizen's check-ins) are records whose own leaves are checked; JSON is the export's assembled document.
 */
export function mustBeSealed(coordinate: string, type: GraphQLOutputType): boolean {
  if (NOT_STORED.has(coordinate)) return false;
  const named = getNamedType(type);
  return isLeafType(named) && named.name !== 'JSON';
}

// A string key: graphql-js copies `extensions` with Object.entries, which drops Symbol keys.
const CATEGORY = 'citygraphPersonalCategory';

type Extensions = { [CATEGORY]?: DataCategory };

function categoryOf(field: { extensions?: unknown } | undefined | null): DataCategory | undefined {
  return (field?.extensions as Extensions | undefined)?.[CATEGORY];
}

/** The owner of a personal field: `id` on Citizen, `citizenId` elsewhere. Unknown owner means deny (fail closed). */
export function ownerOf(typeName: string, parent: Record<string, unknown>): string | undefined {
  const owner = typeName === 'Citizen' ? parent.id : parent.citizenId;
  return typeof owner === 'string' ? owner : undefined;
}

/** Every personal category and field (`Type.field`) the operation selects in this subgraph, walked once per request. */
function selectedPersonal(info: GraphQLResolveInfo): { categories: DataCategory[]; fields: string[] } {
  const categories = new Set<DataCategory>();
  const fields = new Set<string>();
  const typeInfo = new TypeInfo(info.schema);
  const visitor = visitWithTypeInfo(typeInfo, {
    Field() {
      const field = typeInfo.getFieldDef();
      const category = categoryOf(field);
      if (!category || !field) return;
      categories.add(category);
      const parent = typeInfo.getParentType();
      if (parent) fields.add(`${parent.name}.${field.name}`);
    },
  });
  visit(info.operation, visitor);
  for (const fragment of Object.values(info.fragments)) visit(fragment, visitor);
  return { categories: [...categories], fields: [...fields] };
}

export interface PersonalTransformResult {
  schema: GraphQLSchema;
  /** `Type.field` → category, for every wrapped field. */
  wrapped: Map<string, DataCategory>;
}

/**
 * Wraps every `@personal` field: decide (batched per citizen), record, then resolve and decrypt. Fields without
 * their own resolver are wrapped too. Start-up fails when a field marked in the SDL was not wrapped.
 */
export function applyPersonalDirective(schema: GraphQLSchema, subgraph: SubgraphName): PersonalTransformResult {
  const wrapped = new Map<string, DataCategory>();
  const personalOf = personalFieldsByType(schema);
  const transformed = mapSchema(schema, {
    [MapperKind.OBJECT_FIELD]: (fieldConfig: GraphQLFieldConfig<unknown, unknown>, fieldName, typeName) => {
      const directive = getDirective(schema, fieldConfig, 'personal')?.[0];
      if (!directive) return fieldConfig;
      const category = String(directive.category);
      if (!isDataCategory(category)) throw new Error(`${typeName}.${fieldName}: unknown data category ${category}`);
      const coordinate = `${typeName}.${fieldName}`;
      wrapped.set(coordinate, category);
      const resolve = fieldConfig.resolve ?? defaultFieldResolver;
      const sealedAtRest = mustBeSealed(coordinate, fieldConfig.type);
      // A reference field (a check-in's facility, a trip's station) resolves from sealed ids on its record: its
      // resolver receives the record with the same category's sealed siblings opened here, never a key.
      const reference = Boolean(fieldConfig.resolve) && isObjectType(getNamedType(fieldConfig.type));
      const siblings = reference ? (personalOf.get(typeName) ?? []).filter((f) => f.category === category && isLeafType(getNamedType(f.type))) : [];

      const finish = (decision: CitizenDecision, parent: Record<string, unknown>, args: unknown, context: PersonalContext, info: GraphQLResolveInfo) => {
        const guard = guardOf(context);
        const recordId = String(parent.id);
        const stored = (field: string, value: unknown, mustBe: boolean) => ({ subgraph, type: typeName, field, category, recordId, citizenId: decision.citizenId, value, mustBeSealed: mustBe });
        const key = guard.enforce(decision, category, coordinate, recordId);
        let source = parent;
        if (siblings.length > 0) {
          source = { ...parent };
          for (const sibling of siblings) {
            if (parent[sibling.name] !== undefined) source[sibling.name] = openStored(key, stored(sibling.name, parent[sibling.name], true), context.logger);
          }
          // The field's own stored value (a sealed id kept under the field's name) is opened the same way.
          if (isSealed(parent[fieldName])) source[fieldName] = openStored(key, stored(fieldName, parent[fieldName], true), context.logger);
        }
        const open = (value: unknown): unknown => openStored(key, stored(fieldName, value, sealedAtRest), context.logger);
        const value = resolve(source, args as Record<string, unknown>, context, info);
        if (value instanceof Promise) return value.then(open, (error: unknown) => Promise.reject(error));
        return open(value);
      };

      return {
        ...fieldConfig,
        extensions: { ...fieldConfig.extensions, [CATEGORY]: category },
        resolve(parent: unknown, args: Record<string, unknown>, context: PersonalContext, info: GraphQLResolveInfo) {
          const record = (parent ?? {}) as Record<string, unknown>;
          const owner = ownerOf(typeName, record);
          if (!owner) throw new GraphQLError('This field cannot be released.', { extensions: { code: 'CONSENT_REQUIRED' } });
          const guard = guardOf(context);
          if (!guard.hasCategories) {
            const selected = selectedPersonal(info);
            guard.selectCategories(selected.categories, selected.fields);
          }
          const decision = guard.decision(owner);
          if (decision instanceof Promise) return decision.then((d) => finish(d, record, args, context, info));
          return finish(decision, record, args, context, info);
        },
      };
    },
  });

  const marked = countMarkedFields(schema);
  if (marked !== wrapped.size) {
    throw new Error(`@personal: ${marked} fields are marked in the SDL but ${wrapped.size} were wrapped; refusing to start`);
  }
  return { schema: transformed, wrapped };
}

/** Each object type's `@personal` fields with their category and type, read from the SDL before wrapping. */
export function personalFieldsByType(schema: GraphQLSchema): Map<string, Array<{ name: string; category: DataCategory; type: GraphQLOutputType }>> {
  const byType = new Map<string, Array<{ name: string; category: DataCategory; type: GraphQLOutputType }>>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const category = String(getDirective(schema, field, 'personal')?.[0]?.category ?? '');
      if (!isDataCategory(category)) continue;
      byType.set(type.name, [...(byType.get(type.name) ?? []), { name: field.name, category, type: field.type }]);
    }
  }
  return byType;
}

/** Counts `@personal` uses straight from the SDL AST, independent of how the directive was imported. */
function countMarkedFields(schema: GraphQLSchema): number {
  let count = 0;
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const nodes = [field.astNode].filter(Boolean);
      if (nodes.some((node) => node?.directives?.some((d) => d.name.value === 'personal'))) count++;
    }
  }
  return count;
}

