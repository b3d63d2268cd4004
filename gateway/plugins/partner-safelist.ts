import { z } from 'zod';
import { sha256Hex } from '../../platform/hash.js';
import type { Logger } from '../../platform/logger.js';
import { RequestRefused, type GatewayPlugin, type GatewayRequest } from '../pipeline.js';

const optionsSchema = z.object({
  logger: z.custom<Logger>((value) => typeof (value as Logger | undefined)?.child === 'function', 'a pino logger'),
});

interface PersistedQuery {
  sha256Hash?: unknown;
}

interface Body {
  query?: unknown;
  extensions?: { persistedQuery?: PersistedQuery } & Record<string, unknown>;
}

const notAllowed = (message: string) => new RequestRefused('PERSISTED_QUERY_NOT_ALLOWED', message);

/** The `persistedQuery` extension, from the body (POST) or the `extensions` search parameter (GET). */
function persistedQueryOf(request: GatewayRequest): PersistedQuery | null | undefined {
  const fromBody = (request.body as Body | undefined)?.extensions;
  if (fromBody && typeof fromBody === 'object') return fromBody.persistedQuery;
  const fromUrl = request.url.searchParams.get('extensions');
  if (!fromUrl) return undefined;
  try {
    return (JSON.parse(fromUrl) as Body['extensions'])?.persistedQuery;
  } catch {
    return undefined;
  }
}

/**
 * Partners run only their registered operations (ARCHITECTURE §3, §7), sent as the document's full text or its
 * SHA-256 (`extensions.persistedQuery.sha256Hash`, by POST), each for the purposes it is registered for; the
 * document Apollo runs is the registered text. Nobody else may send a hash: there are no automatic persisted
 * queries, so no one can register a document by sending it. Every refusal is 400 PERSISTED_QUERY_NOT_ALLOWED,
 * before planning.
 */
export function usePartnerSafelist(options: z.input<typeof optionsSchema>): GatewayPlugin {
  const logger = optionsSchema.parse(options).logger.child({ plugin: 'partner-safelist' });
  return {
    name: 'partner-safelist',
    onRequest(request) {
      const persisted = persistedQueryOf(request) ?? undefined;
      const partner = request.context?.partner;
      const principal = request.context?.principal;
      if (!partner || !principal) {
        if (persisted !== undefined) throw notAllowed('Send the full query text; only registered partner operations can be sent by hash.');
        return;
      }
      if (persisted !== undefined && request.http.method !== 'POST') throw notAllowed('Send a registered operation by hash with POST.');
      const body = request.body && typeof request.body === 'object' ? (request.body as Body) : undefined;
      const query = request.http.method === 'POST' ? body?.query : (request.url.searchParams.get('query') ?? undefined);
      const hash = persisted === undefined ? undefined : typeof persisted.sha256Hash === 'string' ? persisted.sha256Hash.toLowerCase() : null;
      if (hash === null) throw notAllowed('extensions.persistedQuery.sha256Hash must be the document’s SHA-256 in hex.');
      let sha256: string | undefined;
      if (typeof query === 'string') {
        sha256 = sha256Hex(query);
        if (hash !== undefined && hash !== sha256) throw notAllowed('extensions.persistedQuery.sha256Hash is not the SHA-256 of the query sent.');
      } else if (query === undefined) sha256 = hash;
      const operation = sha256 ? partner.operations.find((o) => o.sha256 === sha256) : undefined;
      if (!operation) {
        logger.info({ requestId: request.requestId, partner: partner.partner.id }, 'an operation that is not registered for this partner');
        throw notAllowed('Partners may run only the operations registered for them.');
      }
      if (!principal.purpose || !operation.purposes.includes(principal.purpose)) {
        throw notAllowed(`This operation is not registered for the purpose ${principal.purpose ?? '(none)'}.`);
      }
      if (body) {
        // Apollo runs the registered text; the hash has done its job (Apollo's own persisted queries are off).
        const { persistedQuery: _used, ...otherExtensions } = body.extensions ?? {};
        request.body = { ...body, query: operation.document, extensions: otherExtensions };
      }
    },
  };
}
