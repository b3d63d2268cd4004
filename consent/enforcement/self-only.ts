import { getDirective, MapperKind, mapSchema } from '@graphql-tools/utils';
import { defaultFieldResolver, GraphQLObjectType, type GraphQLFieldConfig, type GraphQLResolveInfo, type GraphQLSchema } from 'graphql';
import { ForbiddenError } from '../../platform/errors.js';
import { ownerOf } from './personal-directive.js';
import { guardOf } from './request-guard.js';

const MESSAGE = 'Only the citizen themself can read this.';

type ReferenceResolver = (reference: Record<string, unknown>, context: object, info: GraphQLResolveInfo) => unknown;
type SubgraphExtensions = { apollo?: { subgraph?: { resolveReference?: ReferenceResolver } } };

/** Refuses everyone but the record's own citizen, whatever a statute or a grant allows. */
function requireOwner(typeName: string, record: unknown, context: object): void {
  const owner = ownerOf(typeName, (record ?? {}) as Record<string, unknown>);
  if (!owner || !guardOf(context).isSelf(owner)) throw new ForbiddenError(MESSAGE);
}

/**
 * `@selfOnly` (ARCHITECTURE §4, one door): the citizen's own rights rather than data a department may be lent (the
 * data export). On a field, nobody but the owning citizen gets it; on an entity type, nobody else even resolves a
 * reference to it, so nothing is decided or read. Applied inside `@personal`, which decides first: an erased
 * citizen's own export answers DATA_ERASED.
 */
export function applySelfOnlyDirective(schema: GraphQLSchema): GraphQLSchema {
  return mapSchema(schema, {
    [MapperKind.OBJECT_TYPE]: (type) => {
      if (!getDirective(schema, type, 'selfOnly')?.[0]) return type;
      const extensions = type.extensions as SubgraphExtensions;
      const resolveReference = extensions.apollo?.subgraph?.resolveReference;
      const guarded: ReferenceResolver = (reference, context, info) => {
        requireOwner(type.name, reference, context);
        return resolveReference ? resolveReference(reference, context, info) : reference;
      };
      const config = type.toConfig();
      return new GraphQLObjectType({
        ...config,
        extensions: { ...config.extensions, apollo: { ...extensions.apollo, subgraph: { ...extensions.apollo?.subgraph, resolveReference: guarded } } },
      });
    },
    [MapperKind.OBJECT_FIELD]: (fieldConfig: GraphQLFieldConfig<unknown, object>, _fieldName, typeName) => {
      const parentType = schema.getType(typeName);
      const onType = parentType ? Boolean(getDirective(schema, parentType, 'selfOnly')?.[0]) : false;
      if (!onType && !getDirective(schema, fieldConfig, 'selfOnly')?.[0]) return fieldConfig;
      const resolve = fieldConfig.resolve ?? defaultFieldResolver;
      return {
        ...fieldConfig,
        resolve(parent, args, context, info) {
          requireOwner(typeName, parent, context);
          return resolve(parent, args, context, info);
        },
      };
    },
  });
}
