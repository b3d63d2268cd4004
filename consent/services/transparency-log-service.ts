import type { Collection } from '../../platform/store/types.js';
import { DuplicateKeyError, logId } from '../../platform/store/types.js';
import { sodium } from '../../platform/sodium.js';
import type { AuthorityKeys } from '../crypto/authority-signing.js';
import {
  b64,
  consistencyPath,
  Frontier,
  headText,
  inclusionPath,
  keyIdOf,
  lastLeafOf,
  nodeHash as nodeHashOf,
  nodesNeeded,
  prefixedLeafHash,
  splitPoint as splitPointOf,
  subtreeHash,
  type NodeGetter,
  type NodeRef,
  type SignedTreeHead,
} from '../../contracts/transparency-log/transparency-log.js';

/**
 * One leaf of the hub-wide tree, as the consent store keeps it (collection `transparency_leaves`, ARCHITECTURE §4,
 * an append-only log: consent/subgraph/store.ts). `leaf` is the exact leaf bytes; `hash` its leaf hash (32 bytes)
 * and `nodes` the perfect subtrees of 2, 4, 8... leaves that end at this leaf: derived data that lets a proof be
 * produced with O(log n) lookups. A verifier never trusts them: every proof is checked against a signed head. Bytes
 * stay bytes from the append to the store and back (base64 only where they leave the hub: the graph, the export).
 */
export interface TransparencyLeafRecord {
  /** leafIndex, zero-padded to 12 digits. */
  id: string;
  leafIndex: number;
  leaf: Buffer;
  hash: Buffer;
  nodes: Buffer[];
  /** The citizen's salted tag (as in the leaf) and the entry's position in their log. */
  citizenKey: string;
  citizenSeq: number;
  /**
   * The per-citizen index is kept per run: a citizen's consecutive leaves of one group commit. The run's first leaf
   * (indexed by tag and position) has `runLength` when the run has more than one leaf; each other leaf has `runHead`,
   * the first leaf's index. A leaf with neither is a run of one (every leaf written before runs existed).
   */
  runLength?: number;
  runHead?: number;
  /** A grant state entry: the grant's id (an index for the ledger, which trusts only the leaf bytes). */
  grantId?: string;
}

/** A signed tree head (collection `transparency_heads`), id = treeSize zero-padded. */
export interface TransparencyHeadRecord extends SignedTreeHead {
  id: string;
}

export function leafId(leafIndex: number): string {
  return logId(leafIndex, 12);
}

/** What a caller appends: the citizen's tag and a builder that gets the entry's per-citizen position. */
export interface PendingLeaf {
  citizenKey: string;
  /** The leaf's text (contracts/transparency-log `leafText`): the leaf's bytes are its UTF-8. */
  build(citizenSeq: number): string;
  /** Set for a grant state entry (consent/services/grant-ledger.ts). */
  grantId?: string;
}

export interface AppendedLeaf {
  leafIndex: number;
  citizenSeq: number;
}

export interface InclusionProof {
  leafIndex: number;
  treeSize: number;
  auditPath: string[];
}

const MAX_ATTEMPTS = 25;
const SLAB_BYTES = 64 * 1024;
const SEQ_CACHE_LIMIT = 100_000;

/**
 * The append-only Merkle tree over every access-log entry, on the consent store. Appends are group-committed: every
 * append that arrives while a write is in flight joins the next one, which is one all-or-nothing `insertMany`.
 * Several consent processes may append over one store: nothing is trusted from memory that the store can
 * contradict; a leaf index (the record id) or a citizen position (a unique index) taken by another writer fails the
 * write, and the writer re-reads the tree's edge from the store and rebuilds its batch.
 */
export class TransparencyLogService {
  /** One entry per append() call (not per leaf: a request's entries share one promise). */
  private queue: Array<{ items: readonly PendingLeaf[]; resolve: (leaves: AppendedLeaf[]) => void; reject: (error: unknown) => void }> = [];
  private flushing: Promise<void> | null = null;
  private frontier: Frontier | null = null;
  private readonly seqs = new Map<string, number>();
  private lastSignedSize = -1;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  /** Counters for /metrics and the bench. */
  readonly stats = { appended: 0, flushes: 0, retries: 0, headsSigned: 0 };

  constructor(
    readonly leaves: Collection<TransparencyLeafRecord>,
    readonly heads: Collection<TransparencyHeadRecord>,
    private readonly keys: AuthorityKeys,
    private readonly options: { headIntervalMs?: number; clock?: () => Date } = {},
  ) {}

  get keyId(): string {
    return keyIdOf(this.keys.publicKey);
  }

  get publicKey(): Uint8Array {
    return this.keys.publicKey;
  }

  /** Appends one leaf; resolves once it is stored (in a group commit with every other append waiting). */
  append(items: readonly PendingLeaf[]): Promise<AppendedLeaf[]> {
    if (items.length === 0) return Promise.resolve([]);
    const wait = new Promise<AppendedLeaf[]>((resolve, reject) => {
      this.queue.push({ items, resolve, reject });
    });
    this.kick();
    return wait;
  }

  private kick(): void {
    if (this.flushing) return;
    this.flushing = (async () => {
      try {
        while (this.queue.length > 0) {
          const batch = this.queue;
          this.queue = [];
          try {
            const results = await this.write(batch.length === 1 ? batch[0]!.items : batch.flatMap((b) => b.items));
            let at = 0;
            for (const b of batch) {
              b.resolve(results.slice(at, at + b.items.length));
              at += b.items.length;
            }
          } catch (error) {
            for (const b of batch) b.reject(error);
          }
        }
      } finally {
        this.flushing = null;
      }
    })();
    this.ensureTimer();
  }

  /** Heads are signed at least every headIntervalMs (default 1 s, at most 10 s) while entries arrive. */
  private ensureTimer(): void {
    if (this.timer || this.closed) return;
    const interval = Math.min(this.options.headIntervalMs ?? 1000, 10_000);
    this.timer = setInterval(() => {
      if (this.frontier && this.frontier.size !== this.lastSignedSize) void this.signHead().catch(() => undefined);
    }, interval);
    this.timer.unref();
  }

  /** Waits for queued appends, signs a last head, stops the timer. */
  async close(): Promise<void> {
    while (this.flushing) await this.flushing;
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (this.frontier && this.frontier.size !== this.lastSignedSize) await this.signHead().catch(() => undefined);
  }

  async drain(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  /** The store's tree size: one more than the highest leaf index. */
  async storedSize(): Promise<number> {
    const [last] = await this.leaves.find({}, { sort: [['id', -1]], limit: 1 });
    return last ? last.leafIndex + 1 : 0;
  }

  /** Reads the right edge of the stored tree: O(log n) records. */
  async loadFrontier(size?: number): Promise<Frontier> {
    const n = size ?? (await this.storedSize());
    const refs = Frontier.refs(n);
    const nodes = await this.getNodes(refs);
    const frontier = new Frontier(n, []);
    for (const ref of refs) frontier.levels[ref.level] = Buffer.from(nodes(ref));
    return frontier;
  }

  /** Fetches perfect subtrees from the records of their last leaves; one query. Throws if one is missing. */
  async getNodes(refs: readonly NodeRef[]): Promise<NodeGetter> {
    const ids = [...new Set(refs.map((r) => leafId(lastLeafOf(r))))];
    const records = ids.length ? await this.leaves.getMany(ids) : [];
    const byId = new Map(records.filter((r): r is TransparencyLeafRecord => Boolean(r)).map((r) => [r.id, r]));
    return (ref) => {
      const record = byId.get(leafId(lastLeafOf(ref)));
      const value = record ? (ref.level === 0 ? record.hash : record.nodes[ref.level - 1]) : undefined;
      if (!value) throw new TreeIncompleteError(lastLeafOf(ref));
      return value;
    };
  }

  private async citizenSeqs(keys: readonly string[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    for (const key of new Set(keys)) {
      const cached = this.seqs.get(key);
      if (cached !== undefined) {
        out.set(key, cached);
        continue;
      }
      const [last] = await this.leaves.find({ citizenKey: key, runHead: null }, { sort: [['citizenSeq', -1]], limit: 1 });
      out.set(key, last ? last.citizenSeq + (last.runLength ?? 1) - 1 : 0);
    }
    return out;
  }

  /**
   * A citizen's leaves by position, found through the per-run index: the runs' first leaves by (tag, position), then
   * the rest of each run by leaf index (one query each). `before`: only positions below it; `limit`: at most that
   * many leaves; `order` -1: newest first. A leaf is answered only when its own record names the tag at the position
   * its run gives it: a damaged run stops where it breaks, and the gap is what verification then reports.
   */
  async citizenLeaves(citizenKey: string, options: { before?: number; limit?: number; order: 1 | -1 }): Promise<TransparencyLeafRecord[]> {
    const { before, limit, order } = options;
    const filter = before === undefined ? { citizenKey, runHead: null } : { citizenKey, runHead: null, citizenSeq: { $lt: before } };
    // Every run found holds at least one wanted leaf (its first): `limit` runs are always enough.
    const heads = await this.leaves.find(filter, { sort: [['citizenSeq', order]], ...(limit === undefined ? {} : { limit }) });
    const memberIds: string[] = [];
    for (const head of heads) {
      const length = Math.min(head.runLength ?? 1, before === undefined ? Infinity : before - head.citizenSeq);
      for (let k = 1; k < length; k++) memberIds.push(leafId(head.leafIndex + k));
    }
    const members = new Map<number, TransparencyLeafRecord>();
    if (memberIds.length > 0) for (const record of await this.leaves.getMany(memberIds)) if (record) members.set(record.leafIndex, record);
    const out: TransparencyLeafRecord[] = [];
    for (const head of heads) {
      const run = [head];
      const length = Math.min(head.runLength ?? 1, before === undefined ? Infinity : before - head.citizenSeq);
      for (let k = 1; k < length; k++) {
        const member = members.get(head.leafIndex + k);
        if (!member || member.runHead !== head.leafIndex || member.citizenKey !== citizenKey || member.citizenSeq !== head.citizenSeq + k) break;
        run.push(member);
      }
      if (order === -1) run.reverse();
      out.push(...run);
      if (limit !== undefined && out.length >= limit) break;
    }
    return limit === undefined ? out : out.slice(0, limit);
  }

  private async write(items: readonly PendingLeaf[]): Promise<AppendedLeaf[]> {
    for (let attempt = 1; ; attempt++) {
      this.frontier ??= await this.loadFrontier();
      const frontier = this.frontier.clone();
      const seqs = await this.citizenSeqs(items.map((i) => i.citizenKey));
      const records: TransparencyLeafRecord[] = [];
      const results: AppendedLeaf[] = new Array(items.length);
      // The batch's leaves are written into shared slabs, each behind its 0x00 leaf prefix, so that a leaf costs no
      // allocation of its own and is hashed where it lies (every entry of the access log passes here).
      let slab = Buffer.allocUnsafe(0);
      let offset = 0;
      let head: TransparencyLeafRecord | null = null;
      for (const at of runOrder(items)) {
        const item = items[at]!;
        const citizenSeq = seqs.get(item.citizenKey)! + 1;
        seqs.set(item.citizenKey, citizenSeq);
        const text = item.build(citizenSeq);
        // UTF-8 takes at most 3 bytes per UTF-16 unit: room for the longest encoding of this text.
        if (offset + 1 + 3 * text.length > slab.length) {
          slab = Buffer.allocUnsafe(Math.max(SLAB_BYTES, 1 + 3 * text.length));
          offset = 0;
        }
        slab[offset] = 0;
        const length = slab.write(text, offset + 1, 'utf8');
        const leaf = slab.subarray(offset + 1, offset + 1 + length);
        const hash = prefixedLeafHash(slab.subarray(offset, offset + 1 + length));
        offset += 1 + length;
        const leafIndex = frontier.size;
        const nodes = frontier.push(hash);
        const record: TransparencyLeafRecord = { id: leafId(leafIndex), leafIndex, leaf, hash, nodes, citizenKey: item.citizenKey, citizenSeq };
        if (head !== null && head.citizenKey === item.citizenKey) {
          record.runHead = head.leafIndex;
          head.runLength = (head.runLength ?? 1) + 1;
        } else head = record;
        if (item.grantId) record.grantId = item.grantId;
        records.push(record);
        results[at] = { leafIndex, citizenSeq };
      }
      try {
        await this.leaves.insertMany(records);
      } catch (error) {
        if (!(error instanceof DuplicateKeyError) || attempt >= MAX_ATTEMPTS) throw error;
        // Another writer took these positions: forget what we believed and read the store again.
        this.stats.retries++;
        this.frontier = null;
        for (const key of seqs.keys()) this.seqs.delete(key);
        await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 2 * attempt)));
        continue;
      }
      this.frontier = frontier;
      if (this.seqs.size > SEQ_CACHE_LIMIT) this.seqs.clear();
      for (const [key, seq] of seqs) this.seqs.set(key, seq);
      this.stats.appended += records.length;
      this.stats.flushes++;
      return results;
    }
  }

  /** Signs a head over the whole stored tree (as the store has it now) and keeps it; answers it. */
  async signHead(): Promise<SignedTreeHead> {
    await this.drain();
    const frontier = await this.loadFrontier();
    if (!this.frontier || this.frontier.size < frontier.size) this.frontier = frontier;
    const latest = await this.latestStoredHead();
    if (latest && latest.treeSize === frontier.size) {
      this.lastSignedSize = frontier.size;
      return latest;
    }
    const body = { treeSize: frontier.size, rootHash: b64(frontier.root()), timestamp: (this.options.clock?.() ?? new Date()).toISOString() };
    const signature = b64(sodium().crypto_sign_detached(headText(body), this.keys.privateKey));
    const head: SignedTreeHead = { ...body, signature, keyId: this.keyId };
    await this.heads.insertMany([{ id: leafId(head.treeSize), ...head }], { ignoreDuplicates: true });
    this.stats.headsSigned++;
    this.lastSignedSize = head.treeSize;
    // Another process may have signed this size first: theirs is the one kept.
    const stored = await this.heads.get(leafId(head.treeSize));
    return stored ? stripId(stored) : head;
  }

  async latestStoredHead(): Promise<SignedTreeHead | null> {
    const [latest] = await this.heads.find({}, { sort: [['treeSize', -1]], limit: 1 });
    return latest ? stripId(latest) : null;
  }

  /** The newest head, signing one first when the stored tree has grown past it. */
  async currentHead(): Promise<SignedTreeHead> {
    await this.drain();
    const [latest, size] = await Promise.all([this.latestStoredHead(), this.storedSize()]);
    if (latest && latest.treeSize >= size) return latest;
    try {
      return await this.signHead();
    } catch (error) {
      // The stored tree lost part of its right edge: never sign over it; the newest good head stands.
      if (error instanceof TreeIncompleteError && latest) return latest;
      throw error;
    }
  }

  async headAt(treeSize: number): Promise<SignedTreeHead | null> {
    const record = await this.heads.get(leafId(treeSize));
    return record ? stripId(record) : null;
  }

  /** Inclusion proofs for several leaves against one tree size: one query for every node they need. */
  async inclusionProofs(leafIndices: readonly number[], treeSize: number): Promise<Map<number, InclusionProof>> {
    const wanted = leafIndices.filter((i) => i >= 0 && i < treeSize);
    const refs = nodesNeeded((node) => wanted.forEach((i) => inclusionPath(i, treeSize, node)));
    const node = await this.getNodes(refs);
    // A leaf whose path runs through a missing part of the tree gets no proof (the log was damaged): the others do.
    const out = new Map<number, InclusionProof>();
    for (const i of wanted) {
      try {
        out.set(i, { leafIndex: i, treeSize, auditPath: inclusionPath(i, treeSize, node).map(b64) });
      } catch (error) {
        if (!(error instanceof TreeIncompleteError)) throw error;
      }
    }
    return out;
  }

  async consistencyProof(fromSize: number, toSize: number): Promise<string[]> {
    const refs = nodesNeeded((node) => consistencyPath(fromSize, toSize, node));
    const node = await this.getNodes(refs);
    return consistencyPath(fromSize, toSize, node).map(b64);
  }

  /**
   * MTH(D[0:treeSize]) from the given leaf hashes (recomputed by the caller from leaf bytes) and stored subtrees for
   * the ranges holding none of them: verifying k leaves costs O(k log n), never the whole tree.
   */
  async rootWith(known: ReadonlyMap<number, Buffer>, treeSize: number): Promise<Buffer> {
    const sorted = [...known.keys()].filter((i) => i < treeSize).sort((a, b) => a - b);
    const any = (start: number, end: number): boolean => {
      let lo = 0;
      let hi = sorted.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (sorted[mid]! < start) lo = mid + 1;
        else hi = mid;
      }
      return lo < sorted.length && sorted[lo]! < end;
    };
    // First the stored subtrees that hold none of the known leaves (without hashing anything), then one query, then
    // the hashing.
    const refs: NodeRef[] = [];
    const plan = (start: number, end: number): void => {
      if (!any(start, end)) return void refs.push(...nodesNeeded((node) => subtreeHash(start, end, node)));
      if (end - start === 1) return;
      const k = splitPointOf(end - start);
      plan(start, start + k);
      plan(start + k, end);
    };
    if (treeSize > 0) plan(0, treeSize);
    const node = await this.getNodes(refs);
    const mth = (start: number, end: number): Buffer => {
      if (!any(start, end)) return subtreeHash(start, end, node);
      if (end - start === 1) return known.get(start)!;
      const k = splitPointOf(end - start);
      return nodeHashOf(mth(start, start + k), mth(start + k, end));
    };
    return mth(0, treeSize);
  }
}

/**
 * The order a batch's items are written in: each citizen's items together (a run), in the order they came, the
 * citizens in the order of their first item. Items of different citizens are independent appends, so only each
 * citizen's own order is kept.
 */
function runOrder(items: readonly PendingLeaf[]): number[] {
  const runs = new Map<string, number[]>();
  for (let i = 0; i < items.length; i++) {
    const key = items[i]!.citizenKey;
    const run = runs.get(key);
    if (run) run.push(i);
    else runs.set(key, [i]);
  }
  return [...runs.values()].flat();
}

function stripId(record: TransparencyHeadRecord): SignedTreeHead {
  return { treeSize: record.treeSize, rootHash: record.rootHash, timestamp: record.timestamp, signature: record.signature, keyId: record.keyId };
}

/** A leaf or subtree that the tree needs is missing from the store (deleted, or never written). */
export class TreeIncompleteError extends Error {
  constructor(readonly leafIndex: number) {
    super(`the transparency log is missing leaf ${leafIndex}`);
    this.name = 'TreeIncompleteError';
  }
}
