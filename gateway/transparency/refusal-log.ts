import { Kind, parse, visit, type DocumentNode } from 'graphql';
import type { ApolloServerPlugin } from '@apollo/server';
import { RECORD_REFUSAL_PATH, type RecordRefusalRequest } from '../../contracts/consent-gateway/wire.js';
import type { Logger } from '../../platform/logger.js';
import { signServiceCall, SERVICE_HEADER } from '../../platform/service-auth.js';
import type { GatewayContext } from '../signed-data-source.js';

/** Request-level refusals that keep a caller from a citizen's data. */
const REFUSALS = new Set(['FORBIDDEN', 'UNAUTHENTICATED', 'RATE_LIMITED']);
const CITIZEN_ID = /^C-\d{4,9}$/;
const MAX_CITIZENS = 10;

/** The citizens a document names: `citizen(id: "C-0001")` written out or as a variable. */
export function namedCitizens(document: DocumentNode, variables: Record<string, unknown> | undefined): string[] {
  const ids = new Set<string>();
  visit(document, {
    Field(node) {
      if (node.name.value !== 'citizen') return;
      const arg = node.arguments?.find((a) => a.name.value === 'id');
      if (!arg) return;
      const value = arg.value.kind === Kind.STRING ? arg.value.value : arg.value.kind === Kind.VARIABLE ? variables?.[arg.value.name.value] : undefined;
      if (typeof value === 'string' && CITIZEN_ID.test(value) && ids.size < MAX_CITIZENS) ids.add(value);
    },
  });
  return [...ids];
}

export interface RefusalLogOptions {
  consentBaseUrl: string;
  serviceKey: Uint8Array;
  timeoutMs: number;
  logger: Logger;
}

/**
 * `useRefusalLog`: a request the gateway refused (FORBIDDEN, UNAUTHENTICATED, RATE_LIMITED) before any subgraph was
 * asked is still a refusal to release the data of the citizens its document names, so each gets an entry in their
 * access log (ARCHITECTURE §4). Sent to consent after the answer, never delaying or changing it; repeated refusals
 * are coalesced by consent like any other refusal.
 */
export function useRefusalLog(options: RefusalLogOptions): ApolloServerPlugin<GatewayContext> {
  if (!options.consentBaseUrl) throw new Error('useRefusalLog: consentBaseUrl is required');
  const send = async (request: RecordRefusalRequest) => {
    const body = JSON.stringify(request);
    try {
      const response = await fetch(`${options.consentBaseUrl}${RECORD_REFUSAL_PATH}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [SERVICE_HEADER]: signServiceCall('gateway', body, options.serviceKey) },
        body,
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      if (!response.ok) options.logger.warn({ status: response.status, requestId: request.requestId }, 'consent did not record a gateway refusal');
    } catch (error) {
      options.logger.warn({ err: error, requestId: request.requestId }, 'consent did not record a gateway refusal');
    }
  };
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, document, request, contextValue }) {
          const code = errors.map((e) => e.extensions?.code).find((c): c is string => typeof c === 'string' && REFUSALS.has(c));
          if (!code || errors.some((e) => e.path)) return;
          let doc = document;
          if (!doc && request.query) {
            try {
              doc = parse(request.query, { maxTokens: 2000 });
            } catch {
              return;
            }
          }
          if (!doc) return;
          const citizenIds = namedCitizens(doc, request.variables);
          if (citizenIds.length === 0) return;
          const { principal, requestId } = contextValue;
          // A department's own processing never comes through the gateway.
          if (principal.kind === 'service') return;
          void send({
            requestId,
            principal: {
              kind: principal.kind,
              id: principal.id,
              ...(principal.department ? { department: principal.department } : {}),
              ...(principal.official ? { official: principal.official } : {}),
              ...(principal.purpose ? { purpose: principal.purpose } : {}),
              ...(principal.endUser ? { endUser: principal.endUser } : {}),
            },
            citizenIds,
            code,
          });
        },
      };
    },
  };
}
