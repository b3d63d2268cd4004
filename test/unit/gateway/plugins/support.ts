import type { IncomingMessage } from 'node:http';
import type { ApolloServerPlugin, GraphQLRequestContextDidResolveOperation } from '@apollo/server';
import { getOperationAST, parse, type DocumentNode, type GraphQLSchema } from 'graphql';
import type { GatewayContext } from '../../../../gateway/signed-data-source.js';
import type { GatewayRequest } from '../../../../gateway/pipeline.js';
import { createLogger } from '../../../../platform/logger.js';
import type { Principal } from '../../../../platform/principal.js';

export const silent = createLogger({ service: 'test', level: 'silent' });

export function contextOf(principal: Partial<Principal> = {}, extra: Partial<GatewayContext> = {}): GatewayContext {
  return { principal: { kind: 'anonymous', id: 'anonymous', roles: [], scopes: [], requestId: 'r', ...principal }, requestId: 'r', observed: {}, ...extra };
}

/** Runs an Apollo plugin's didResolveOperation as Apollo would, for one document; answers what it threw, if anything. */
export async function resolveOperation(
  plugin: ApolloServerPlugin<GatewayContext>,
  query: string,
  options: { schema?: GraphQLSchema; variables?: Record<string, unknown>; operationName?: string; context?: GatewayContext; document?: DocumentNode } = {},
): Promise<{ code?: unknown; status?: unknown; message: string } | undefined> {
  const document = options.document ?? parse(query);
  const operation = getOperationAST(document, options.operationName) ?? undefined;
  const listener = await plugin.requestDidStart?.({} as never);
  try {
    await listener?.didResolveOperation?.({
      document,
      operation,
      schema: options.schema,
      request: { query, variables: options.variables ?? {}, operationName: options.operationName },
      contextValue: options.context ?? contextOf(),
    } as unknown as GraphQLRequestContextDidResolveOperation<GatewayContext>);
    return undefined;
  } catch (error) {
    const extensions = (error as { extensions?: { code?: unknown; http?: { status?: unknown } } }).extensions;
    return { code: extensions?.code, status: extensions?.http?.status, message: (error as Error).message };
  }
}

/** A /graphql request as the gateway's own plugins see it. */
export function gatewayRequest(init: { method?: string; body?: unknown; search?: string; headers?: Record<string, string>; context?: GatewayContext }): GatewayRequest {
  const http = { method: init.method ?? 'POST', headers: init.headers ?? {} } as unknown as IncomingMessage;
  return { http, url: new URL(`http://localhost/graphql${init.search ?? ''}`), requestId: 'r', body: init.body, ...(init.context ? { context: init.context } : {}) };
}
