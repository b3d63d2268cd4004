import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { z } from 'zod';
import type { Logger } from '../../platform/logger.js';
import { signPrincipal, PRINCIPAL_TTL_MS, type Principal, type PrincipalSigningKeys } from '../../platform/principal.js';
import type { SubgraphName } from '../../platform/services.js';
import { PublicFetchClassifier } from './public-fetches.js';

/** The one principal public fetches go out under: anonymous, no request id, so that any caller's fetch is the same fetch. */
export const PUBLIC_PRINCIPAL: Principal = { kind: 'anonymous', id: 'anonymous', roles: [], scopes: [], requestId: '' };

const optionsSchema = z.object({
  classifier: z.instanceof(PublicFetchClassifier),
  /** How long a public answer is reused; 0 turns the cache off (identical in-flight fetches are still shared). */
  ttlMs: z.number().int().min(0).max(60_000),
  /** The cache's bounds: answers, and bytes of answers (their HTTP body size). */
  maxEntries: z.number().int().min(0),
  maxBytes: z.number().int().min(0),
  logger: z.custom<Logger>((value) => typeof (value as Logger | undefined)?.child === 'function', 'a pino logger'),
});

export type PublicReadsOptions = z.infer<typeof optionsSchema>;

type Answer = Pick<GatewayGraphQLResponse, 'data' | 'errors' | 'extensions'>;

interface Cached {
  answer: Answer;
  bytes: number;
  expiresAt: number;
}

export interface PublicReadStats {
  fetched: number;
  shared: number;
  cached: number;
}

/**
 * Coalesced public reads (ARCHITECTURE §8). A subgraph fetch that selects public data only (PublicFetchClassifier)
 * goes out under PUBLIC_PRINCIPAL; identical ones in flight (same subgraph, document and variables) share one
 * subgraph call whoever asked, and the answer is reused for `ttlMs` unless an event says the data behind it changed
 * (`invalidate`). Every caller gets its own copy: the gateway merges other subgraphs' fields into the objects it is
 * handed, and one caller's personal fields must never land in an object another caller holds. The key is the
 * principal (always the public one here), subgraph, document and variables: nothing a caller sends besides these
 * can change a public answer. Answers with errors are shared in flight but never cached.
 */
export class PublicReads {
  private readonly inFlight = new Map<string, Promise<Answer>>();
  private readonly cache = new Map<string, Cached>();
  private cachedBytes = 0;
  /** Bumped by every invalidation: an answer fetched before it is not cached after it. */
  private generation = 0;
  private readonly signed = new Map<SubgraphName, { header: string; until: number }>();
  readonly stats: PublicReadStats = { fetched: 0, shared: 0, cached: 0 };
  private readonly options: Omit<PublicReadsOptions, 'logger'>;
  private readonly logger: Logger;

  constructor(options: PublicReadsOptions) {
    const { logger, ...rest } = optionsSchema.parse(options);
    this.options = rest;
    this.logger = logger.child({ plugin: 'public-reads' });
  }

  isPublic(query: string | undefined): boolean {
    return query !== undefined && this.options.classifier.isPublic(query);
  }

  /** The public principal signed for this subgraph, re-signed well before it expires. */
  principalHeader(subgraph: SubgraphName, keys: PrincipalSigningKeys, now = Date.now()): string {
    const current = this.signed.get(subgraph);
    if (current && current.until > now) return current.header;
    const header = signPrincipal(PUBLIC_PRINCIPAL, subgraph, keys, now);
    this.signed.set(subgraph, { header, until: now + PRINCIPAL_TTL_MS / 3 });
    return header;
  }

  async read(subgraph: SubgraphName, query: string, variables: Record<string, unknown> | undefined, call: () => Promise<GatewayGraphQLResponse>): Promise<Answer> {
    const key = `${subgraph}\n${query}\n${variables === undefined ? '' : JSON.stringify(variables)}`;
    const now = Date.now();
    const cached = this.cache.get(key);
    if (cached) {
      if (cached.expiresAt > now) {
        this.stats.cached += 1;
        return structuredClone(cached.answer);
      }
      this.forget(key, cached);
    }
    const pending = this.inFlight.get(key);
    if (pending) {
      this.stats.shared += 1;
      return structuredClone(await pending);
    }
    const generation = this.generation;
    const leader = call().then((response) => {
      const answer: Answer = { data: response.data, errors: response.errors, extensions: response.extensions };
      const bytes = Number(response.http?.headers.get('content-length') ?? NaN);
      if (!answer.errors?.length && generation === this.generation && Number.isFinite(bytes)) this.remember(key, answer, bytes);
      return answer;
    });
    this.inFlight.set(key, leader);
    this.stats.fetched += 1;
    try {
      const answer = await leader;
      // The leader's copy is its own only if nobody else can reach the original: the cache and the joiners clone.
      return structuredClone(answer);
    } finally {
      this.inFlight.delete(key);
    }
  }

  private remember(key: string, answer: Answer, bytes: number): void {
    const { ttlMs, maxEntries, maxBytes } = this.options;
    if (ttlMs === 0 || bytes > maxBytes / 4) return;
    while (this.cache.size >= maxEntries || this.cachedBytes + bytes > maxBytes) {
      const oldest = this.cache.entries().next().value;
      if (!oldest) return;
      this.forget(oldest[0], oldest[1]);
    }
    this.cache.set(key, { answer, bytes, expiresAt: Date.now() + ttlMs });
    this.cachedBytes += bytes;
  }

  private forget(key: string, entry: Cached): void {
    this.cache.delete(key);
    this.cachedBytes -= entry.bytes;
  }

  /** The data behind public answers changed (an ingestion event): nothing cached before now is served again. */
  invalidate(reason: string): void {
    this.generation += 1;
    if (this.cache.size > 0) this.logger.debug({ reason, dropped: this.cache.size }, 'public answers invalidated');
    this.cache.clear();
    this.cachedBytes = 0;
  }

  get size(): { entries: number; bytes: number } {
    return { entries: this.cache.size, bytes: this.cachedBytes };
  }
}
