import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import type { GraphQLSchema } from 'graphql';
import type { HubConfig } from './config.js';
import type { Logger } from './logger.js';
import type { Principal, Purpose } from './principal.js';
import type { SubgraphName } from './services.js';
import type { Store } from './store/types.js';
import { loadSubgraphTypeDefs, subgraphSchemaDir } from './subgraph-sdl.js';
import { startSubgraphServer, type IncomingCall, type RunningServer } from './subgraph-server.js';

/**
 * The department-neutral subgraph bootstrap (ARCHITECTURE §2): every department starts the same way, and the consent
 * layer is plugged in by whoever composes the process (subgraphs/runtime.ts) as a `SubgraphEnforcement`. Platform
 * knows only its shape, so a department without personal data starts without importing the consent library.
 */

/** What every department resolver's context has, whatever the enforcement adds. */
export interface SubgraphContext extends BaseContext {
  principal: Principal;
  requestId: string;
  logger: Logger;
}

/**
 * The consent layer as the bootstrap sees it: a schema transform, request plugins, per-request context, and the
 * department's own processing outside any request. `TService` is what that processing holds (the consent kit's
 * `ServiceCapabilities`); platform does not know it.
 */
export interface SubgraphEnforcement<TService = unknown> {
  /** Applies the consent transforms to the built schema; refuses to start on what it cannot enforce. */
  transform(name: SubgraphName, schema: GraphQLSchema): GraphQLSchema;
  plugins<TContext extends BaseContext>(logger: Logger): ApolloServerPlugin<TContext>[];
  /** The members it adds to a request's context, and how it binds the request's own state to the final context. */
  request(name: SubgraphName, call: IncomingCall, logger: Logger): { members: object; bind<T extends object>(context: T): T };
  /**
   * The department's own processing outside any request (a worker, a broker event): a caller that is the department
   * itself for one of its purposes, with a fresh request id on each call. Released only what a statute names.
   */
  service(name: SubgraphName, purpose: Purpose, logger: Logger): TService;
}

/** What every subgraph's `start` receives: configuration, its logger, its store, and the enforcement to apply. */
export interface SubgraphRuntime<TService = unknown> {
  config: HubConfig;
  logger: Logger;
  store: Store;
  enforcement: SubgraphEnforcement<TService>;
}

/** `TBase`: the base context with what the enforcement adds, as the department's context type names it. */
export interface DepartmentSubgraphOptions<TContext extends TBase, TBase extends SubgraphContext = SubgraphContext> {
  resolvers: GraphQLResolverMap<TContext>;
  /** The department's own context on top of the base one (its loaders, store, services). */
  context(base: TBase, call: IncomingCall): Omit<TContext, keyof TBase>;
  /** Closes what the department opened besides its store (the store is closed after it). */
  onClose?: () => Promise<void>;
}

/**
 * Starts a department subgraph the one way they all start: its SDL, the enforcement's transform and plugins, the
 * base context, readiness from the store, and the store closed on shutdown. The department's context type names
 * what the enforcement adds (consent/enforcement/subgraph-kit.ts `BaseSubgraphContext`); the bootstrap supplies it.
 */
export function startDepartmentSubgraph<TContext extends TBase, TBase extends SubgraphContext = SubgraphContext>(
  name: SubgraphName,
  runtime: SubgraphRuntime,
  options: DepartmentSubgraphOptions<TContext, TBase>,
): Promise<RunningServer> {
  const typeDefs = loadSubgraphTypeDefs(subgraphSchemaDir(name));
  const schema = runtime.enforcement.transform(name, buildSubgraphSchema([{ typeDefs, resolvers: options.resolvers as GraphQLResolverMap<unknown> }]));
  return startSubgraphServer<TContext>({
    name,
    config: runtime.config,
    logger: runtime.logger,
    schema,
    plugins: runtime.enforcement.plugins<TContext>(runtime.logger),
    createContext: (call) => {
      const logger = runtime.logger.child({ requestId: call.requestId });
      const request = runtime.enforcement.request(name, call, logger);
      // The enforcement supplies the members TBase names beyond SubgraphContext (checked by its own types).
      const base = { principal: call.principal, requestId: call.requestId, logger, ...request.members } as TBase;
      return request.bind({ ...base, ...options.context(base, call) } as TContext);
    },
    readiness: () => runtime.store.ping(),
    onClose: async () => {
      await options.onClose?.();
      await runtime.store.close();
    },
  });
}
