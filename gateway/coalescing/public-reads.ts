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

/**
 * An answer kept as its JSON text: each reader parses its own copy (several times cheaper than structuredClone of the
 * object, and more compact to hold).
 */
interface Cached {
  text: string;
  bytes: number;
  expiresAt: number;
}

/** A fetch in flight: how many joined it, and the answer's text once it arrived (written only if someone needs it). */
interface Flight {
  joiners: number;
  text: string | undefined;
  done: Promise<Answer>;
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
  private readonly inFlight = new Map<string, Flight>();
  private readonly cache = new Map<string, Cached>();
  private cachedBytes = 0;
  /** Bumped by every invalidation: an answer fetched before it is not cached after it. */
  private generationCount = 0;
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
        return JSON.parse(cached.text) as Answer;
      }
      this.forget(key, cached);
    }
    const pending = this.inFlight.get(key);
    if (pending) {
      this.stats.shared += 1;
      pending.joiners += 1;
      await pending.done;
      return JSON.parse(pending.text!) as Answer;
    }
    const generation = this.generationCount;
    const flight: Flight = { joiners: 0, text: undefined, done: Promise.resolve({}) };
    const settle = () => {
      if (this.inFlight.get(key) === flight) this.inFlight.delete(key);
    };
    flight.done = call().then(
      (response) => {
        // Runs before anyone holds the answer: from here on nobody joins, and what the cache and the joiners get is the
        // answer's JSON text, written now, so the leader may keep (and the gateway merge into) the original.
        settle();
        const answer: Answer = { data: response.data, errors: response.errors, extensions: response.extensions };
        const bytes = Number(response.http?.headers.get('content-length') ?? NaN);
        const cacheable = !answer.errors?.length && generation === this.generationCount && Number.isFinite(bytes) && this.fits(bytes);
        if (cacheable || flight.joiners > 0) flight.text = JSON.stringify(answer);
        if (cacheable) this.remember(key, flight.text!, bytes);
        return answer;
      },
      (error: unknown) => {
        settle();
        throw error;
      },
    );
    this.inFlight.set(key, flight);
    this.stats.fetched += 1;
    return flight.done;
  }

  private fits(bytes: number): boolean {
    return this.options.ttlMs > 0 && bytes <= this.options.maxBytes / 4;
  }

  private remember(key: string, text: string, bytes: number): void {
    const { maxEntries, maxBytes } = this.options;
    while (this.cache.size >= maxEntries || this.cachedBytes + bytes > maxBytes) {
      const oldest = this.cache.entries().next().value;
      if (!oldest) return;
      this.forget(oldest[0], oldest[1]);
    }
    this.cache.set(key, { text, bytes, expiresAt: Date.now() + this.options.ttlMs });
    this.cachedBytes += bytes;
  }

  private forget(key: string, entry: Cached): void {
    this.cache.delete(key);
    this.cachedBytes -= entry.bytes;
  }

  /** The data behind public answers changed (an ingestion event): nothing cached before now is served again. */
  invalidate(reason: string): void {
    this.generationCount += 1;
    if (this.cache.size > 0) this.logger.debug({ reason, dropped: this.cache.size }, 'public answers invalidated');
    this.cache.clear();
    this.cachedBytes = 0;
  }

  /** How many invalidations there have been: what was made of public answers under an older one is stale. */
  get generation(): number {
    return this.generationCount;
  }

  get size(): { entries: number; bytes: number } {
    return { entries: this.cache.size, bytes: this.cachedBytes };
  }
}
