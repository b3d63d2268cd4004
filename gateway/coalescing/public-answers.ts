import crypto from 'node:crypto';
import type { GraphQLHttpResponse } from '../../platform/http.js';
import type { PublicReads } from './public-reads.js';

/**
 * Whole answers to anonymous queries, kept as briefly as the public reads they were made of (ARCHITECTURE §8).
 *
 * What may be kept: a POST (JSON) query from an anonymous caller whose answer is 200 with no error at all, and
 * every subgraph fetch of which went out as a public read (gateway/coalescing/public-reads.ts: public fields only,
 * under the shared public principal). Such an answer is a function of the operation, its variables and the public
 * data alone: nobody's decision, grant or identity went into it. Anything that needed a decision is never in it: an
 * anonymous caller is refused every non-public field (an error, so not kept), and a fetch that is not public marks
 * the request as not keepable whatever it returned.
 *
 * An answer is served again only while no invalidation happened since the request began (the public reads'
 * generation) and for at most `ttlMs`; its data is then at most two TTLs old (a public read cached for one TTL,
 * then the answer kept for one). Bounded in entries and bytes, oldest out first. Rate limits and admission still
 * apply to every request served from here (gateway/graphql-handler.ts).
 */
export class PublicAnswers {
  private readonly answers = new Map<string, { response: GraphQLHttpResponse; bytes: number; generation: number; expiresAt: number }>();
  private bytes = 0;
  readonly stats = { served: 0, kept: 0 };

  constructor(
    private readonly reads: PublicReads,
    private readonly limits: { ttlMs: number; maxEntries: number; maxBytes: number },
  ) {}

  /**
   * The key of a request that may be answered from here, or undefined when it may not (not a plain JSON POST query).
   * The key is the request body's exact text (and Accept: the answer's content type follows it), hashed as it came:
   * nothing of it is walked or re-serialised before the query limits and input bounds have judged it (a variable
   * nested 5,000 deep must meet those checks, not this one). The same query sent with other spacing is another key.
   */
  keyOf(method: string | undefined, contentType: string | undefined, accept: string | undefined, body: unknown, raw: string): string | undefined {
    if (this.limits.ttlMs === 0 || method !== 'POST' || !contentType?.startsWith('application/json')) return undefined;
    const { query, extensions } = (body ?? {}) as Record<string, unknown>;
    if (typeof query !== 'string' || extensions !== undefined) return undefined;
    return crypto.createHash('sha256').update(accept ?? '').update('\n').update(raw).digest('base64url');
  }

  /** The generation a request starts under: an answer made under an older one is not kept. */
  get generation(): number {
    return this.reads.generation;
  }

  get(key: string, now = Date.now()): GraphQLHttpResponse | undefined {
    const entry = this.answers.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= now || entry.generation !== this.reads.generation) {
      this.forget(key);
      return undefined;
    }
    this.stats.served += 1;
    return entry.response;
  }

  /** Keeps an answer if it may be kept (see the class comment); `nonPublicFetches` as the data source counted them. */
  keep(key: string, response: GraphQLHttpResponse, startedUnder: number, nonPublicFetches: number, isQuery: boolean): void {
    if (!isQuery || nonPublicFetches > 0 || response.status !== 200 || startedUnder !== this.reads.generation) return;
    if (!response.body.startsWith('{"data":') || response.body.includes('"errors":')) return;
    const bytes = Buffer.byteLength(response.body);
    const { maxEntries, maxBytes, ttlMs } = this.limits;
    if (bytes > maxBytes / 4) return;
    this.forget(key);
    while (this.answers.size >= maxEntries || this.bytes + bytes > maxBytes) {
      const oldest = this.answers.keys().next().value;
      if (oldest === undefined) return;
      this.forget(oldest);
    }
    this.answers.set(key, { response, bytes, generation: startedUnder, expiresAt: Date.now() + ttlMs });
    this.bytes += bytes;
    this.stats.kept += 1;
  }

  private forget(key: string): void {
    const entry = this.answers.get(key);
    if (!entry) return;
    this.answers.delete(key);
    this.bytes -= entry.bytes;
  }

  get size(): { entries: number; bytes: number } {
    return { entries: this.answers.size, bytes: this.bytes };
  }
}
