import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, TypeInfo, getNamedType, visit, visitWithTypeInfo, type DocumentNode, type GraphQLSchema } from 'graphql';
import type { GatewayContext } from '../signed-data-source.js';
import type { GraphMap } from './graph-map.js';

/** Query fields anyone may call: the public keys that let citizens and scanners check signatures, the grantee list and the statutes. */
const PUBLIC_QUERY_FIELDS = new Set(['grantees', 'consentAuthorityPublicKey', 'healthPassPublicKey', 'statutes', 'transparencyHead', 'transparencyConsistency']);

function reject(code: 'FORBIDDEN' | 'UNAUTHENTICATED', message: string): GraphQLError {
  const status = { FORBIDDEN: 403, UNAUTHENTICATED: 401 }[code];
  return new GraphQLError(message, { extensions: { code, http: { status } } });
}

export interface AccessOptions {
  graph: GraphMap;
  /** Introspection for everyone in development; in production for staff and administrators only. */
  introspectionForAll: boolean;
}

/**
 * Decides, before planning, which fields a partner or an anonymous caller may select (ARCHITECTURE §3):
 * public data for everyone; entry points and key fields for every authenticated caller; every other field,
 * personal or not, needs the partner's `<subgraph>:read` scope for a subgraph that resolves it (`:write` for
 * mutations). Personal fields a scope admits are then decided by the consent layer. Which operations a partner may
 * run at all is decided before, by usePartnerSafelist.
 */
export function checkAccess(document: DocumentNode, schema: GraphQLSchema, context: GatewayContext, options: AccessOptions, cache?: WeakMap<DocumentNode, Map<string, GraphQLError | null>>): void {
  const { principal } = context;
  const restricted = principal.kind === 'partner' || principal.kind === 'anonymous';
  const introspectionAllowed = options.introspectionForAll || principal.kind === 'staff' || principal.kind === 'admin';
  // The verdict depends only on the document and on who is asking in these respects; Apollo hands the same
  // DocumentNode for a repeated query, so repeated queries are judged once.
  const who = `${restricted ? principal.kind : 'other'}|${principal.kind === 'partner' ? [...principal.scopes].sort().join(',') : ''}|${introspectionAllowed}`;
  const known = cache?.get(document)?.get(who);
  if (known !== undefined) {
    if (known) throw known;
    return;
  }
  const verdict = judge(document, schema, principal, restricted, introspectionAllowed, options);
  if (cache) {
    let perDocument = cache.get(document);
    if (!perDocument) cache.set(document, (perDocument = new Map()));
    if (perDocument.size < 32) perDocument.set(who, verdict);
  }
  if (verdict) throw verdict;
}

function judge(
  document: DocumentNode,
  schema: GraphQLSchema,
  principal: GatewayContext['principal'],
  restricted: boolean,
  introspectionAllowed: boolean,
  options: AccessOptions,
): GraphQLError | null {
  const refused: string[] = [];
  const typeInfo = new TypeInfo(schema);
  const mutationType = schema.getMutationType()?.name;
  const queryType = schema.getQueryType()?.name;
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const parent = typeInfo.getParentType();
        const field = node.name.value;
        if (!parent) return;
        if (field.startsWith('__')) {
          if ((field === '__schema' || field === '__type') && !introspectionAllowed) refused.push(field);
          return;
        }
        // Inside an introspection query allowed above (`__schema { types { name } }`): schema, not data.
        if (!restricted || parent.name.startsWith('__')) return;
        const coordinate = `${parent.name}.${field}`;
        const owners = options.graph.owners.get(coordinate) ?? new Set();
        const scopes = principal.scopes;
        if (parent.name === queryType) {
          const target = typeInfo.getFieldDef()?.type;
          const isPublic = PUBLIC_QUERY_FIELDS.has(field) || (target !== undefined && options.graph.publicTypes.has(getNamedType(target).name));
          if (principal.kind === 'anonymous' && !isPublic) refused.push(coordinate);
          return;
        }
        if (parent.name === mutationType) {
          if (principal.kind === 'anonymous' || ![...owners].some((o) => scopes.includes(`${o}:write`))) refused.push(coordinate);
          return;
        }
        // Personal fields too: a partner reads nothing of a subgraph its scopes do not name, consent or not; where
        // they do, the consent layer still decides each personal field.
        if (options.graph.keyFields.get(parent.name)?.has(field)) return;
        if (options.graph.publicTypes.has(parent.name)) return;
        if (principal.kind === 'anonymous' || ![...owners].some((o) => scopes.includes(`${o}:read`))) refused.push(coordinate);
      },
    }),
  );
  if (refused.length === 0) return null;
  const list = [...new Set(refused)].slice(0, 10).join(', ');
  if (principal.kind === 'anonymous') return reject('UNAUTHENTICATED', `Sign in to read ${list}.`);
  return reject('FORBIDDEN', `You are not allowed to read ${list}.`);
}

export function useAccessControl(options: AccessOptions): ApolloServerPlugin<GatewayContext> {
  if (options.graph.owners.size === 0) throw new Error('useAccessControl: the graph map is empty');
  const cache = new WeakMap<DocumentNode, Map<string, GraphQLError | null>>();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, schema, contextValue }) {
          checkAccess(document, schema, contextValue, options, cache);
        },
      };
    },
  };
}
