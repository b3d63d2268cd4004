import crypto from 'node:crypto';
import type { Principal } from '../../platform/principal.js';
import type { SubgraphName } from '../../platform/services.js';
import { deriveKey } from '../../platform/sodium.js';
import type { AuthorityKeys } from '../crypto/authority-signing.js';
import { liveDataKey, unwrapDataKey } from '../crypto/data-keys.js';
import { entryFromLeaf, type AccessLogEntry, type Verification } from '../domain/access-log-entry.js';
import { leafActor, leafPrincipal, needsActingTag, type LeafActor } from '../domain/leaf-principal.js';
import { leafHash, leafText, verifyHead, type LeafContent, type SignedTreeHead } from '../../contracts/transparency-log/transparency-log.js';
import type { AccessRecord } from '../enforcement/types.js';
import { BREAK_GLASS_BASIS } from '../domain/break-glass.js';
import type { SealedNotes } from './sealed-notes.js';
import type { ConsentStore } from '../subgraph/store.js';
import { versionOf, type GrantRecord } from '../domain/grants.js';
import { GrantLedger, grantEntryOutcome, receiptHashOf, type GrantLedgerAction } from './grant-ledger.js';
import { leafId, TransparencyLogService, TreeIncompleteError, type InclusionProof, type PendingLeaf, type TransparencyLeafRecord } from './transparency-log-service.js';

/**
 * What one entry records: a field decision (AccessRecord), or a refusal decided elsewhere (a refused export, a
 * gateway refusal naming the citizen) with its request-level code (FORBIDDEN, UNAUTHENTICATED...).
 */
export type LogRecord = Omit<AccessRecord, 'code'> & { code?: string };

export interface AccessLogPage {
  entries: AccessLogEntry[];
  hasNextPage: boolean;
}

/** One refusal pattern being coalesced: the first attempt is logged at once, the repeats as one count entry. */
interface RefusalWindow {
  startedAt: number;
  count: number;
  lastAt: Date;
  lastRequestId: string;
  write: (count: number, lastAt: Date, requestId: string) => Promise<void>;
}

export interface AccessLogOptions {
  /** Derives each citizen's tag key from their data key, so that erasure makes their entries unlinkable. */
  masterKey?: Uint8Array;
  notes?: SealedNotes;
  /** How long identical refusals are coalesced (ARCHITECTURE §4: a minute). */
  refusalWindowMs?: number;
  headIntervalMs?: number;
  clock?: () => Date;
}

const TAG_CACHE_LIMIT = 50_000;
const TAG_CACHE_MS = 60_000;
const MAX_WINDOWS = 100_000;
/** The basis of a consent request's entries: `REQUEST:<request id>`. */
export const REQUEST_BASIS_PREFIX = 'REQUEST:';

/**
 * A citizen's tag, whether it is keyed by their live data key (so that erasure makes it unlinkable), and whether the
 * citizen is erased (their tag is the one all erased citizens share, which nobody may read as their own log).
 */
interface TagEntry {
  tag: string;
  live: boolean;
  erased: boolean;
  at: number;
}

/**
 * The access log (ARCHITECTURE §4): every decision about a citizen's data is a leaf of the hub-wide transparency
 * log. The leaf names the citizen only by a salted tag (HMAC-SHA-256 of the citizen id under a key derived from the
 * citizen's data key), which is also the per-citizen index: after erasure the key is gone and the entries cannot be
 * tied to anyone, while the tree stays verifiable; what is logged about them afterwards goes under the one tag all
 * erased citizens share. A citizen who acted is never named by their id either: `SELF` in
 * their own log, their own tag in someone else's (consent/domain/leaf-principal.ts). Appends are group-committed by the tree; repeated identical
 * refusals (one principal, one citizen, one field, one code) within a minute become one count entry.
 */
export class AccessLogService {
  readonly tree: TransparencyLogService;
  /** The grant states the log records, which decisions consult (consent/services/grant-ledger.ts). */
  readonly grants: GrantLedger;
  private readonly tags = new Map<string, TagEntry>();
  private readonly windows = new Map<string, RefusalWindow>();
  private sweeper: NodeJS.Timeout | null = null;
  private readonly fallbackTagKey: Uint8Array;
  /** The one tag of every entry about an already erased citizen (ARCHITECTURE §4: erasure makes them unlinkable). */
  private readonly erasedTag: string;
  /** Refusals folded into count entries (for /metrics and tests). */
  readonly coalesced = { attempts: 0, countEntries: 0 };

  constructor(
    private readonly store: ConsentStore,
    private readonly keys: AuthorityKeys,
    private readonly options: AccessLogOptions = {},
  ) {
    this.tree = new TransparencyLogService(store.transparencyLeaves, store.transparencyHeads, keys, { headIntervalMs: options.headIntervalMs, clock: options.clock });
    this.grants = new GrantLedger(store.transparencyLeaves);
    const root = options.masterKey ?? keys.privateKey.subarray(0, 32);
    this.fallbackTagKey = deriveKey(root, 'citygraph/transparency-tag/no-data-key');
    // A key of its own, so that no citizen id (not even `ERASED`) has the fallback tag that equals it.
    this.erasedTag = crypto.createHmac('sha256', deriveKey(root, 'citygraph/transparency-tag/erased')).update('erased', 'utf8').digest('base64url');
  }

  private get notes(): SealedNotes | undefined {
    return this.options.notes;
  }

  /**
   * Each citizen's tag. Citizens with a data key: keyed by it (gone at erasure). Erased citizens (a tombstone): one
   * tag shared by all of them, so that an entry naming one after the erasure (a refusal, a request) can be tied to
   * no one, not even by whoever holds the master key; their entries form one log, numbered together. Unknown
   * citizens (no key record): a key derived from the master key, so that a refusal naming them is still an entry.
   */
  async citizenTags(citizenIds: readonly string[]): Promise<Map<string, string>> {
    const entries = await this.tagEntries(citizenIds);
    return new Map([...entries].map(([id, entry]) => [id, entry.tag]));
  }

  /** The tags, and whether each is keyed by a live data key (and so becomes unlinkable at erasure). */
  private async tagEntries(citizenIds: readonly string[]): Promise<Map<string, TagEntry>> {
    const out = new Map<string, TagEntry>();
    const now = Date.now();
    const missing: string[] = [];
    for (const id of new Set(citizenIds)) {
      const cached = this.tags.get(id);
      if (cached && now - cached.at < TAG_CACHE_MS) out.set(id, cached);
      else missing.push(id);
    }
    if (missing.length === 0) return out;
    const records = this.options.masterKey ? await this.store.dataKeys.getMany(missing) : missing.map(() => null);
    if (this.tags.size > TAG_CACHE_LIMIT) this.tags.clear();
    missing.forEach((citizenId, i) => {
      const record = records[i];
      const wrapped = liveDataKey(record);
      const live = Boolean(wrapped && this.options.masterKey);
      const erased = Boolean(record?.erasedAt);
      const key = wrapped && this.options.masterKey ? deriveKey(unwrapDataKey(this.options.masterKey, wrapped), 'citygraph/transparency-tag') : this.fallbackTagKey;
      const tag = erased ? this.erasedTag : crypto.createHmac('sha256', key).update(citizenId, 'utf8').digest('base64url');
      const entry: TagEntry = { tag, live, erased, at: now };
      out.set(citizenId, entry);
      this.tags.set(citizenId, entry);
    });
    return out;
  }

  /** Erasure: forget this process's cached tag (other processes forget theirs within a minute). */
  forgetCitizen(citizenId: string): void {
    this.tags.delete(citizenId);
  }

  /**
   * Who acted, as this request's leaves about `subjects` name them (consent/domain/leaf-principal.ts): once per
   * request, never per entry. A citizen acting on someone else's data is named by their own live tag (from `known`
   * when the caller looked it up with the subjects' tags).
   */
  private async actorOf(principal: Principal | null, subjects: readonly string[], known?: ReadonlyMap<string, TagEntry>): Promise<LeafActor> {
    if (principal?.kind === 'partner') return leafActor(principal, { partnerName: (await this.store.grantees.get(principal.id))?.name });
    if (principal?.kind === 'citizen' && needsActingTag(principal, subjects)) {
      const acting = known?.get(principal.id) ?? (await this.tagEntries([principal.id])).get(principal.id);
      return leafActor(principal, acting?.live ? { actingCitizenTag: acting.tag } : {});
    }
    return leafActor(principal);
  }

  /** Writes one request's records, for every citizen involved; resolves once they are in the tree. */
  async append(principal: Principal, subgraph: SubgraphName | 'gateway', records: readonly LogRecord[], now = new Date()): Promise<void> {
    if (records.length === 0) return;
    const citizens = [...new Set(records.map((r) => r.citizenId))];
    // One tag lookup for the subjects and, on someone else's data, the acting citizen.
    const tags = await this.tagEntries(needsActingTag(principal, citizens) ? [...citizens, principal.id] : citizens);
    const actor = await this.actorOf(principal, citizens, tags);
    // Free text never enters an entry: it is sealed per citizen beside the log, and the entry keeps a salted hash.
    const endUsers = principal.kind === 'partner' && principal.endUser && this.notes ? await this.notes.seal('END_USER', principal.requestId, citizens, principal.endUser, now) : undefined;
    const breakGlassCitizens = [...new Set(records.filter((r) => r.basis === BREAK_GLASS_BASIS).map((r) => r.citizenId))];
    const justifications =
      breakGlassCitizens.length > 0 && principal.justification && this.notes ? await this.notes.seal('JUSTIFICATION', principal.requestId, breakGlassCitizens, principal.justification, now) : undefined;
    const at = now.toISOString();
    const purpose = principal.purpose ?? null;
    const pending: PendingLeaf[] = [];
    for (const record of records) {
      const citizen = tags.get(record.citizenId)!.tag;
      const endUser = endUsers?.get(record.citizenId);
      const who = leafPrincipal(actor, record.citizenId);
      // One object per entry, its position filled in by build(): this runs for every entry of every request.
      const content: LeafContent = {
        v: 1,
        citizen,
        seq: 0,
        at,
        principal: endUser ? { ...who, endUserHash: endUser.hash } : who,
        coordinate: record.coordinate,
        category: record.category,
        purpose,
        decision: record.allow ? 'ALLOWED' : 'DENIED',
        basis: record.basis ?? null,
        code: record.code ?? null,
        requestId: principal.requestId,
        subgraph,
      };
      if (record.basis === BREAK_GLASS_BASIS) {
        content.breakGlass = true;
        const justification = justifications?.get(record.citizenId);
        if (justification) content.justificationHash = justification.hash;
      }
      if (!record.allow && this.coalesce(actor, record, content, now)) continue;
      pending.push({
        citizenKey: citizen,
        build: (seq) => {
          content.seq = seq;
          return leafText(content);
        },
      });
    }
    await this.tree.append(pending);
  }

  /**
   * Records a grant's new state in the citizen's log before its row is written (ARCHITECTURE §4): one entry per
   * category of its scope, each naming the grant, its version, action and status and the hash of its signed receipt.
   * `by` is who changed it: the citizen themselves (named SELF: their id never enters a leaf), an official, or null
   * for the consent service's own upkeep (a scope migration, the first recording of an older grant).
   */
  async appendGrantChange(grant: GrantRecord, action: GrantLedgerAction, by: Principal | null, requestId: string, now = new Date()): Promise<void> {
    const [actor, tags] = await Promise.all([this.actorOf(by, [grant.citizenId]), this.citizenTags([grant.citizenId])]);
    const who = leafPrincipal(actor, grant.citizenId);
    const tag = tags.get(grant.citizenId)!;
    const state = { id: grant.id, version: versionOf(grant), action, status: grant.status, receiptHash: receiptHashOf(grant.receipt) };
    const outcome = grantEntryOutcome(grant, now);
    const categories = [...new Set(grant.scope.map((item) => item.category))];
    await this.tree.append(
      categories.map((category) => ({
        citizenKey: tag,
        grantId: grant.id,
        build: (seq: number) =>
          leafText({
            v: 1,
            citizen: tag,
            seq,
            at: now.toISOString(),
            principal: who,
            coordinate: 'ConsentGrant',
            category,
            purpose: grant.purpose,
            decision: outcome.decision,
            basis: `CONSENT:${grant.id}`,
            code: outcome.code,
            requestId,
            subgraph: 'consent',
            grant: state,
          }),
      })),
    );
    this.grants.note(grant.id, state);
  }

  /**
   * A refusal whose pattern (principal, official, end user, citizen, field, code, purpose) was already logged within
   * the window is counted instead of appended; the window's count entry is appended when it ends (or at close). The
   * pattern names the acting principal as it acted (a citizen by their id, in memory only), not as the leaf names
   * them: every citizen without a data key is `UNKNOWN` in a leaf, yet each one's attempts are counted apart.
   */
  private coalesce(actor: LeafActor, record: LogRecord, content: LeafContent, now: Date): boolean {
    if (this.options.refusalWindowMs === 0) return false;
    // A consent request is logged as not releasing anything, but it is not a repeated attempt: each one is a request
    // the citizen can answer, and its entry is the only leaf naming it. Never folded; the requester's daily limit
    // (HUB_CONSENT_REQUESTS_PER_DAY) is what bounds how many a citizen's log can receive.
    if (record.basis?.startsWith(REQUEST_BASIS_PREFIX)) return false;
    const who = actor.named;
    const key = JSON.stringify([who.kind, actor.citizenId ?? who.id, who.official ?? null, content.principal.endUserHash ?? null, record.citizenId, record.coordinate, record.code ?? null, content.purpose]);
    const windowMs = this.options.refusalWindowMs ?? 60_000;
    if (windowMs === 0) return false;
    const window = this.windows.get(key);
    if (window && now.getTime() - window.startedAt < windowMs) {
      window.count++;
      window.lastAt = now;
      window.lastRequestId = content.requestId;
      this.coalesced.attempts++;
      return true;
    }
    if (window) void this.closeWindow(key);
    if (this.windows.size >= MAX_WINDOWS) void this.closeAllWindows();
    this.windows.set(key, {
      startedAt: now.getTime(),
      count: 0,
      lastAt: now,
      lastRequestId: content.requestId,
      write: (count, lastAt, requestId) =>
        this.tree
          .append([
            {
              citizenKey: content.citizen,
              build: (seq) => leafText({ ...content, seq, at: new Date(now.getTime() + 1).toISOString(), requestId, count, until: lastAt.toISOString() }),
            },
          ])
          .then(() => undefined),
    });
    this.ensureSweeper(windowMs);
    return false;
  }

  private ensureSweeper(windowMs: number): void {
    if (this.sweeper) return;
    this.sweeper = setInterval(() => void this.sweep(windowMs).catch(() => undefined), Math.max(50, Math.min(5_000, Math.floor(windowMs / 4))));
    this.sweeper.unref();
  }

  private async sweep(windowMs: number): Promise<void> {
    const now = (this.options.clock?.() ?? new Date()).getTime();
    const due = [...this.windows.entries()].filter(([, w]) => now - w.startedAt >= windowMs).map(([k]) => k);
    await Promise.all(due.map((key) => this.closeWindow(key)));
  }

  private async closeWindow(key: string): Promise<void> {
    const window = this.windows.get(key);
    if (!window) return;
    this.windows.delete(key);
    if (window.count === 0) return;
    this.coalesced.countEntries++;
    await window.write(window.count, window.lastAt, window.lastRequestId);
  }

  /** Appends every open window's count entry now. */
  async closeAllWindows(): Promise<void> {
    await Promise.all([...this.windows.keys()].map((key) => this.closeWindow(key)));
  }

  /** At shutdown: count entries flushed, pending appends written, a last head signed. */
  async close(): Promise<void> {
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = null;
    await this.closeAllWindows();
    await this.tree.close();
  }

  /**
   * The tag under which a citizen reads their own log, or null for an erased citizen: their entries can no longer be
   * tied to them, and the tag they are now named by is every erased citizen's.
   */
  async readableTag(citizenId: string): Promise<string | null> {
    const entry = (await this.tagEntries([citizenId])).get(citizenId)!;
    return entry.erased ? null : entry.tag;
  }

  /** Newest first; `before` is the sequence number the previous page ended at. */
  async page(citizenId: string, first: number, before?: number): Promise<AccessLogPage> {
    const tag = await this.readableTag(citizenId);
    if (tag === null) return { entries: [], hasNextPage: false };
    const rows = await this.tree.citizenLeaves(tag, { ...(before ? { before } : {}), limit: first + 1, order: -1 });
    return { entries: rows.slice(0, first).map(entryFromLeaf), hasNextPage: rows.length > first };
  }

  /** Every entry of a citizen, oldest first (the export). */
  async all(citizenId: string): Promise<AccessLogEntry[]> {
    const tag = await this.readableTag(citizenId);
    if (tag === null) return [];
    const rows = await this.tree.citizenLeaves(tag, { order: 1 });
    return rows.map(entryFromLeaf);
  }

  async currentHead(): Promise<SignedTreeHead> {
    return this.tree.currentHead();
  }

  async inclusionProofs(leafIndices: readonly number[], treeSize: number): Promise<Map<number, InclusionProof>> {
    return this.tree.inclusionProofs(leafIndices, treeSize);
  }

  /**
   * Checks a citizen's whole log against the newest signed head: positions 1..k with no gap, each leaf's bytes
   * hashing to what the tree holds, the leaf naming this citizen, and every leaf included in the signed root (one
   * multi-leaf proof: O(k log n), never the whole tree). The first bad position is reported.
   */
  async verify(citizenId: string): Promise<Verification> {
    const tag = await this.readableTag(citizenId);
    // An erased citizen has no entries of their own: only the head and the tree's completeness are checked.
    const rows = tag === null ? [] : await this.tree.citizenLeaves(tag, { order: 1 });
    const head = await this.tree.currentHead();
    if (!verifyHead(this.keys.publicKey, head)) return { ok: false, firstBadSeq: 1, checkedEntries: 0 };
    const known = new Map<number, Buffer>();
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      const bad = { ok: false, firstBadSeq: i + 1, checkedEntries: i };
      if (row.citizenSeq !== i + 1 || row.leafIndex >= head.treeSize) return bad;
      let hash: Buffer;
      try {
        const bytes = row.leaf;
        const content = JSON.parse(bytes.toString('utf8')) as Partial<LeafContent>;
        if (content.citizen !== tag || content.seq !== i + 1) return bad;
        hash = leafHash(bytes);
      } catch {
        return bad;
      }
      if (!row.hash.equals(hash)) return bad;
      known.set(row.leafIndex, hash);
    }
    // Every position the head covers must still be there (a deleted newest entry leaves a gap after the last one
    // shown): one count on the leaf index, no leaf read.
    const present = await this.store.transparencyLeaves.count({ id: { $lt: leafId(head.treeSize) } });
    if (present < head.treeSize) return { ok: false, firstBadSeq: rows.length + 1, checkedEntries: rows.length };
    try {
      const root = await this.tree.rootWith(known, head.treeSize);
      if (root.toString('base64') === head.rootHash) return { ok: true, firstBadSeq: null, checkedEntries: rows.length };
    } catch (error) {
      if (!(error instanceof TreeIncompleteError)) throw error;
    }
    // The root does not hold: find the first entry whose own inclusion proof fails.
    for (let i = 0; i < rows.length; i++) {
      const one = await this.tree.rootWith(new Map([[rows[i]!.leafIndex, known.get(rows[i]!.leafIndex)!]]), head.treeSize).catch(() => null);
      if (!one || one.toString('base64') !== head.rootHash) return { ok: false, firstBadSeq: i + 1, checkedEntries: i };
    }
    return { ok: false, firstBadSeq: rows.length + 1, checkedEntries: rows.length };
  }

  /** For tests and tools: the stored record of a leaf. */
  async leafRecord(leafIndex: number): Promise<TransparencyLeafRecord | null> {
    return this.store.transparencyLeaves.get(leafId(leafIndex));
  }
}
