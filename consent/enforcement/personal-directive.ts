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
import { IntegrityError } from '../../platform/errors.js';
import { metricsFor } from '../../platform/metrics.js';
import type { SubgraphName } from '../../platform/services.js';
import { isSealed, openField } from '../crypto/field-cipher.js';
import type { ConsentGuard } from './consent-guard.js';
import { isDataCategory, type CitizenDecision, type DataCategory } from './types.js';

export interface PersonalContext {
  consent: ConsentGuard;
  logger?: { error(details: Record<string, unknown>, message: string): void };
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
function mustBeSealed(coordinate: string, type: GraphQLOutputType): boolean {
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
function ownerOf(typeName: string, parent: Record<string, unknown>): string | undefined {
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
      const integrityFailures = metricsFor(subgraph).counter('citygraph_integrity_errors_total', 'Stored personal values refused because they are not valid ciphertext for where they are.', ['coordinate']);

      const finish = (decision: CitizenDecision, parent: Record<string, unknown>, args: unknown, context: PersonalContext, info: GraphQLResolveInfo) => {
        const key = context.consent.enforce(decision, category, coordinate);
        // The store is untrusted input (ARCHITECTURE §4): a leaf that is not valid ciphertext for this record, field
        // and citizen is never served, whether it fails to open or was written in plaintext.
        const refuse = (reason: string): never => {
          integrityFailures.inc({ coordinate });
          context.logger?.error({ coordinate, recordId: String(parent.id), reason }, 'a stored personal value failed its integrity check');
          throw new IntegrityError();
        };
        const open = (value: unknown): unknown => {
          if (value === null || value === undefined) return value;
          if (!isSealed(value)) return sealedAtRest ? refuse('not ciphertext') : value;
          if (!key) return refuse('no key released for a sealed value');
          try {
            return openField(key, { subgraph, collection: typeName, field: fieldName, recordId: String(parent.id), citizenId: decision.citizenId }, value);
          } catch {
            return refuse('ciphertext does not open for this record, field and citizen');
          }
        };
        const value = resolve(parent, args as Record<string, unknown>, context, info);
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
          if (!context.consent.hasCategories) {
            const selected = selectedPersonal(info);
            context.consent.selectCategories(selected.categories, selected.fields);
          }
          const decision = context.consent.decision(owner);
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

