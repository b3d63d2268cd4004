import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import type { GraphQLSchema } from 'graphql';
import type { HubConfig } from '../../platform/config.js';
import type { Logger } from '../../platform/logger.js';
import type { Principal } from '../../platform/principal.js';
import type { Store } from '../../platform/store/types.js';
import type { SubgraphName } from '../../platform/services.js';
import { loadSubgraphTypeDefs, subgraphSchemaDir } from '../../platform/subgraph-sdl.js';
import { ConsentGuard as Guard } from './consent-guard.js';
import { applyPersonalDirective } from './personal-directive.js';
import type { ConsentAuthority } from './types.js';
import { startSubgraphServer, type IncomingCall, type RunningServer } from '../../platform/subgraph-server.js';

/** Builds the federated schema and applies the consent transform to every `@personal` field. */
export function buildEnforcedSchema<TContext>(name: SubgraphName, resolvers: GraphQLResolverMap<TContext>): GraphQLSchema {
  const typeDefs = loadSubgraphTypeDefs(subgraphSchemaDir(name));
  const schema = buildSubgraphSchema([{ typeDefs, resolvers: resolvers as GraphQLResolverMap<unknown> }]);
  return applyPersonalDirective(schema, name).schema;
}

/**
 * Writes the request's access records before the response leaves (ARCHITECTURE §4): if the log cannot be written,
 * the personal data is not sent either.
 */
export function useAccessLogFlush<TContext extends BaseContext & { consent: Guard }>(logger: Logger): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response }) {
          try {
            await contextValue.consent.flush();
          } catch (error) {
            logger.error({ err: error }, 'access log write failed; withholding the response');
            if (response.body.kind === 'single') {
              response.body.singleResult.data = null;
              response.body.singleResult.errors = [
                { message: 'The access log could not be written, so no data was released.', extensions: { code: 'INTERNAL_SERVER_ERROR' } },
              ];
            }
          }
        },
      };
    },
  };
}

/** What every subgraph's `start` receives: configuration, its logger, its store, and the consent authority. */
export interface SubgraphRuntime {
  config: HubConfig;
  logger: Logger;
  store: Store;
  authority: ConsentAuthority;
}

/** The context every subgraph's resolvers receive; subgraphs add their own loaders to it. */
export interface BaseSubgraphContext extends BaseContext {
  principal: Principal;
  requestId: string;
  logger: Logger;
  consent: Guard;
}

export function createBaseContext(name: SubgraphName, runtime: SubgraphRuntime, call: IncomingCall): BaseSubgraphContext {
  return {
    principal: call.principal,
    requestId: call.requestId,
    logger: runtime.logger.child({ requestId: call.requestId }),
    consent: new Guard({ principal: call.principal, signed: call.signed }, name, runtime.authority),
  };
}

export interface DepartmentSubgraphOptions<TContext extends BaseSubgraphContext> {
  resolvers: GraphQLResolverMap<TContext>;
  /** The department's own context on top of the base one (its loaders, store, services). */
  context(base: BaseSubgraphContext, call: IncomingCall): Omit<TContext, keyof BaseSubgraphContext>;
  /** Closes what the department opened besides its store (the store is closed after it). */
  onClose?: () => Promise<void>;
}

/**
 * Starts a department subgraph the one way they all start: the enforced schema, the access-log flush, the base
 * context, readiness from the store, and the store closed on shutdown.
 */
export function startDepartmentSubgraph<TContext extends BaseSubgraphContext>(
  name: SubgraphName,
  runtime: SubgraphRuntime,
  options: DepartmentSubgraphOptions<TContext>,
): Promise<RunningServer> {
  return startSubgraphServer<TContext>({
    name,
    config: runtime.config,
    logger: runtime.logger,
    schema: buildEnforcedSchema<TContext>(name, options.resolvers),
    plugins: [useAccessLogFlush<TContext>(runtime.logger)],
    createContext: (call) => {
      const base = createBaseContext(name, runtime, call);
      return { ...base, ...options.context(base, call) } as TContext;
    },
    readiness: () => runtime.store.ping(),
    onClose: async () => {
      await options.onClose?.();
      await runtime.store.close();
    },
  });
}
