import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { Fetcher } from '@apollo/utils.fetcher';
import { SubgraphUnavailableError } from '../platform/errors.js';
import type { Logger } from '../platform/logger.js';
import { PRINCIPAL_HEADER, REQUEST_ID_HEADER, principalKey, signPrincipal, type Principal } from '../platform/principal.js';
import type { SubgraphName } from '../platform/services.js';
import type { AuthenticatedPartner } from '../consent/services/partner-service.js';

export interface GatewayContext {
  principal: Principal;
  requestId: string;
  /** For partners: the registry entry, key, scopes and safelist the consent service answered. */
  partner?: AuthenticatedPartner;
}

/**
 * Every subgraph fetch carries the principal, MAC'd with that subgraph's own key (about 5 µs a fetch; a
 * signature per fetch would cost 120+ µs, FINDINGS.md). Transport failures and non-GraphQL answers become a
 * clean SUBGRAPH_UNAVAILABLE that names the department and nothing else (no host, port or stack).
 */
export class SignedDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  private readonly key: Uint8Array;

  constructor(
    private readonly subgraph: SubgraphName,
    url: string,
    secret: Uint8Array,
    private readonly logger: Logger,
    timeoutMs: number,
  ) {
    const timedFetch = ((input: string, init?: RequestInit) =>
      fetch(input, { ...init, signal: AbortSignal.timeout(timeoutMs) })) as unknown as Fetcher;
    super({ url, fetcher: timedFetch });
    this.key = principalKey(secret, subgraph);
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    if (!context.principal || !request.http) return;
    request.http.headers.set(PRINCIPAL_HEADER, signPrincipal(context.principal, this.subgraph, this.key));
    request.http.headers.set(REQUEST_ID_HEADER, context.requestId);
  }

  override didEncounterError(error: Error): void {
    this.logger.warn({ subgraph: this.subgraph, err: { name: error.name, message: error.message } }, 'subgraph fetch failed');
    throw new SubgraphUnavailableError(this.subgraph);
  }
}
