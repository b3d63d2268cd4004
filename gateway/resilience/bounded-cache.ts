/**
 * A least-recently-used cache bounded by an estimate of the memory its values hold, for Apollo's parsed-document
 * store and the gateway's query-plan cache (both KeyValueCache). Apollo's own defaults are bounded by the JSON
 * length of each value (30 MiB each), which undercounts a parsed document several times over: with 10,000 distinct
 * queries that is where gateway memory went. `sizeOf` here estimates the bytes a value really holds.
 */
export class BoundedCache<V> {
  private readonly entries = new Map<string, { value: V; bytes: number }>();
  private bytes = 0;

  constructor(
    private readonly maxBytes: number,
    private readonly sizeOf: (value: V) => number,
  ) {}

  async get(key: string): Promise<V | undefined> {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  async set(key: string, value: V): Promise<void> {
    const bytes = this.sizeOf(value);
    if (bytes > this.maxBytes / 8) return;
    await this.delete(key);
    while (this.bytes + bytes > this.maxBytes) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      await this.delete(oldest);
    }
    this.entries.set(key, { value, bytes });
    this.bytes += bytes;
  }

  async delete(key: string): Promise<boolean> {
    const entry = this.entries.get(key);
    if (!entry) return false;
    this.entries.delete(key);
    this.bytes -= entry.bytes;
    return true;
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }

  get usage(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes };
  }
}

/**
 * Bytes a parsed document holds: measured here (graphql-js 16, heap after GC) at 34 bytes a character of source for
 * the flood overview (long comments) and 83 for the bench's distinct queries (the AST and its locations); 80 KB
 * when the source length is unknown.
 */
export function documentBytes(document: { loc?: { end: number } }): number {
  return (document.loc?.end ?? 1000) * 80;
}

/** Bytes a query plan holds: a few times its JSON (the fetch documents as text, selection trees). */
export function planBytes(plan: unknown): number {
  return JSON.stringify(plan)?.length * 4 || 4096;
}
