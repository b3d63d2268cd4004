import { randomUUID } from 'node:crypto';
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import type { GraphQLSchema } from 'graphql';
import type { SubgraphContext, SubgraphEnforcement, SubgraphRuntime } from '../../platform/department-subgraph.js';
import type { Logger } from '../../platform/logger.js';
import type { SubgraphName } from '../../platform/services.js';
import { loadSubgraphTypeDefs, subgraphSchemaDir } from '../../platform/subgraph-sdl.js';
import type { Purpose } from '../../platform/principal.js';
import { isDepartment } from '../../platform/services.js';
import { ConsentGuard as Guard } from './consent-guard.js';
import { createCapabilities, serviceCaller, type DepartmentCapabilities, type PersonalReader } from './department-capabilities.js';
import { applyPersonalDirective, personalFieldsByType } from './personal-directive.js';
import { attachGuard, guardOf } from './request-guard.js';
import { applySelfOnlyDirective } from './self-only.js';
import type { FaceCheckAnswer, FaceVerifier, NotificationItem, NotificationSender, NotificationStatusItem, RideConsentFaceAnswer, RideConsentFaceResult, RideConsentQuestion, RideConsents } from './remote-authority.js';
import type { ConsentAuthority } from './types.js';
import type { IncomingCall } from '../../platform/subgraph-server.js';

/**
 * Builds the federated schema and applies the consent transforms: `@selfOnly` inside, `@personal` around it (so the
 * decision comes first and an erased citizen's own export answers DATA_ERASED).
 */
export function buildEnforcedSchema<TContext>(name: SubgraphName, resolvers: GraphQLResolverMap<TContext>): GraphQLSchema {
  const typeDefs = loadSubgraphTypeDefs(subgraphSchemaDir(name));
  const schema = buildSubgraphSchema([{ typeDefs, resolvers: resolvers as GraphQLResolverMap<unknown> }]);
  return applyPersonalDirective(applySelfOnlyDirective(schema), name).schema;
}

/**
 * Writes the request's access records before the response leaves (ARCHITECTURE §4): if the log cannot be written,
 * the personal data is not sent either.
 */
export function useAccessLogFlush<TContext extends BaseContext>(logger: Logger): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response }) {
          try {
            await guardOf(contextValue).flush();
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

/** What the consent subgraph's `start` receives: the platform runtime, and the consent authority itself. */
export interface ConsentRuntime extends SubgraphRuntime<ServiceCapabilities> {
  authority: ConsentAuthority;
}

/**
 * The context every subgraph's resolvers receive; subgraphs add their own loaders to it. It holds no key and no
 * consent guard: personal values are written through `sealer` and read through the `@personal` transform or
 * `personal` (ARCHITECTURE §4, one door).
 */
export interface BaseSubgraphContext extends SubgraphContext, DepartmentCapabilities {
  /**
   * The department's own processing (recomputing health codes, reminders, alerts): writes and reads as `{kind:
   * service}` for one of its purposes, released only what a statute names and logged in each citizen's access log.
   */
  asService(purpose: Purpose): ServiceCapabilities;
  /**
   * A 1:1 face check of one named citizen for this request's caller: the consent service decides BIOMETRIC, logs
   * it, and answers match or not (never a template or a distance).
   */
  verifyFace(citizenId: string, embedding: readonly number[]): Promise<FaceCheckAnswer>;
  /**
   * A kiosk's one-ride answer, given in person: the consent service checks the fresh face 1:1 for this request's
   * caller (decided and logged like `verifyFace`) and, on a match only, answers the ride's request as the citizen,
   * naming the caller in the citizen's access log. Nothing of the check outlives the call.
   */
  answerRideConsentByFace(answer: RideConsentFaceAnswer): Promise<RideConsentFaceResult>;
}

/** What a department's own processing gets: the two capabilities, and the city's notification outbox. */
export interface ServiceCapabilities extends DepartmentCapabilities {
  /** Enqueues messages; the consent service opens each address under a statute and logs it (FORBIDDEN without one). */
  notify(items: readonly NotificationItem[]): Promise<{ accepted: number }>;
  /** What became of the department's own messages, by the keys it enqueued them with (unknown keys left out). */
  notificationStatus(keys: readonly string[]): Promise<NotificationStatusItem[]>;
  /** Taxi dispatch only: asks the citizen for a one-ride consent, and ends it with the ride (docs/taxi-partners.md). */
  rideConsent: {
    ask(citizenId: string, rideId: string): Promise<{ requested: number }>;
    end(citizenId: string, rideId: string): Promise<{ ended: number }>;
    /** The partners the citizen can still be asked about for this ride, to ask in person (a kiosk). */
    questions(citizenId: string, rideId: string): Promise<RideConsentQuestion[]>;
  };
}

/** The base context and the request's guard; the guard must be attached to the final context with `attachGuard`. */
export function createBaseContext(name: SubgraphName, authority: ConsentAuthority, call: IncomingCall, logger: Logger): { base: BaseSubgraphContext; guard: Guard } {
  const caller = { principal: call.principal, signed: call.signed };
  const runtime = { authority };
  const personalFields = personalFieldsOf(name);
  const base: BaseSubgraphContext = {
    principal: call.principal,
    requestId: call.requestId,
    logger,
    ...createCapabilities(name, runtime.authority, caller, personalFields, logger),
    verifyFace(citizenId, embedding) {
      if (!isFaceVerifier(runtime.authority)) throw new Error(`${name}: the consent authority here offers no face checks`);
      return runtime.authority.verifyFace(caller, citizenId, embedding);
    },
    answerRideConsentByFace(answer) {
      if (!isRideConsents(runtime.authority)) throw new Error(`${name}: the consent authority here keeps no one-ride consents`);
      return runtime.authority.answerRideConsentByFace(caller, answer);
    },
    asService: (purpose) => serviceCapabilities(name, authority, purpose, call.requestId, logger),
  };
  return { base, guard: new Guard(caller, name, runtime.authority) };
}

/** What a department's own processing holds for one purpose: `{kind: service, id: <department>}`, never a citizen. */
export function serviceCapabilities(name: SubgraphName, authority: ConsentAuthority, purpose: Purpose, requestId: string, logger: Logger): ServiceCapabilities {
  if (!isDepartment(name)) throw new Error(`${name} has no service identity of its own`);
  const caller = serviceCaller(name, purpose, requestId);
  return {
    ...createCapabilities(name, authority, caller, personalFieldsOf(name), logger),
    notify(items) {
      if (!isNotificationSender(authority)) throw new Error(`${name}: the consent authority here sends no notifications`);
      return authority.notify(caller, items);
    },
    notificationStatus(keys) {
      if (!isNotificationSender(authority)) throw new Error(`${name}: the consent authority here sends no notifications`);
      return authority.notificationStatus(caller, keys);
    },
    rideConsent: {
      ask(citizenId, rideId) {
        if (!isRideConsents(authority)) throw new Error(`${name}: the consent authority here keeps no one-ride consents`);
        return authority.askRideConsent(caller, citizenId, rideId);
      },
      end(citizenId, rideId) {
        if (!isRideConsents(authority)) throw new Error(`${name}: the consent authority here keeps no one-ride consents`);
        return authority.endRideConsent(caller, citizenId, rideId);
      },
      questions(citizenId, rideId) {
        if (!isRideConsents(authority)) throw new Error(`${name}: the consent authority here keeps no one-ride consents`);
        return authority.rideConsentQuestions(caller, citizenId, rideId);
      },
    },
  };
}

function isRideConsents(authority: ConsentAuthority): authority is ConsentAuthority & RideConsents {
  return typeof (authority as Partial<RideConsents>).askRideConsent === 'function';
}

function isNotificationSender(authority: ConsentAuthority): authority is ConsentAuthority & NotificationSender {
  const sender = authority as Partial<NotificationSender>;
  return typeof sender.notify === 'function' && typeof sender.notificationStatus === 'function';
}

function isFaceVerifier(authority: ConsentAuthority): authority is ConsentAuthority & FaceVerifier {
  return typeof (authority as Partial<FaceVerifier>).verifyFace === 'function';
}

const personalFieldsCache = new Map<SubgraphName, ReturnType<typeof personalFieldsByType>>();

/** The `@personal` fields of a subgraph, by type, from its SDL (built once per process). */
export function personalFieldsOf(name: SubgraphName): ReturnType<typeof personalFieldsByType> {
  let fields = personalFieldsCache.get(name);
  if (!fields) {
    const schema = buildSubgraphSchema([{ typeDefs: loadSubgraphTypeDefs(subgraphSchemaDir(name)) }]);
    personalFieldsCache.set(name, (fields = personalFieldsByType(schema)));
  }
  return fields;
}

/**
 * The consent layer for the platform's department bootstrap (platform/department-subgraph.ts): the `@selfOnly` and
 * `@personal` transforms, the access-log flush, and each request's capabilities and guard.
 */
export function consentEnforcement(authority: ConsentAuthority): SubgraphEnforcement<ServiceCapabilities> {
  return {
    transform: (name, schema) => applyPersonalDirective(applySelfOnlyDirective(schema), name).schema,
    plugins: <TContext extends BaseContext>(logger: Logger) => [useAccessLogFlush<TContext>(logger)],
    request(name, call, logger) {
      const { base, guard } = createBaseContext(name, authority, call, logger);
      const { principal: _p, requestId: _r, logger: _l, ...members } = base;
      return { members, bind: (context) => attachGuard(context, guard) };
    },
    service: (name, purpose, logger) => serviceCapabilities(name, authority, purpose, randomUUID(), logger),
  };
}
