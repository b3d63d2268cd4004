import type { Principal } from '../../platform/principal.js';
import { DEPARTMENT_DISPLAY_NAMES, isDepartment, type SubgraphName } from '../../platform/services.js';
import { DuplicateKeyError } from '../../platform/store/types.js';
import { signDetached, verifyDetached, type AuthorityKeys } from '../crypto/authority-signing.js';
import {
  checkpointMessage,
  entryId,
  GENESIS_HASH,
  hashEntry,
  verifyChain,
  type AccessLogEntry,
  type AccessLogPrincipal,
  type Verification,
} from '../domain/access-log-chain.js';
import type { AccessRecord } from '../enforcement/types.js';
import { BREAK_GLASS_BASIS } from '../domain/break-glass.js';
import type { SealedNotes } from './sealed-notes.js';
import type { ConsentStore } from '../subgraph/store.js';

/** Serialises work per key: appends for one citizen never interleave, so the chain cannot fork. */
class KeyedLock {
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(keys: readonly string[], work: () => Promise<T>): Promise<T> {
    const sorted = [...new Set(keys)].sort();
    const previous = sorted.map((key) => this.tails.get(key) ?? Promise.resolve());
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    for (const key of sorted) this.tails.set(key, mine);
    await Promise.all(previous);
    try {
      return await work();
    } finally {
      release();
      for (const key of sorted) if (this.tails.get(key) === mine) this.tails.delete(key);
    }
  }
}

export interface AccessLogPage {
  entries: AccessLogEntry[];
  hasNextPage: boolean;
}

/** How often an append re-reads the heads and tries again after another writer took its sequence numbers. */
const MAX_APPEND_ATTEMPTS = 25;

/**
 * Appends decisions to citizens' access logs and verifies them. Several consent instances may append for the same
 * citizen at once, over the same store: nothing about a chain is kept in memory. An append reads the heads from the
 * store, builds the next entries and inserts them in one all-or-nothing write; the unique (citizen, seq) index (and
 * the entry id, which is citizen and seq) lets only one writer have a sequence number, and the loser re-reads the
 * heads from the log itself and tries again. Within one process a keyed lock keeps appends for a citizen in turn, so
 * that retries are only ever caused by another process.
 */
export class AccessLogService {
  private readonly lock = new KeyedLock();

  constructor(
    private readonly store: ConsentStore,
    private readonly keys: AuthorityKeys,
    private readonly notes?: SealedNotes,
  ) {}

  private async principalOf(principal: Principal): Promise<AccessLogPrincipal> {
    const kind = principal.kind.toUpperCase() as AccessLogPrincipal['kind'];
    // A department's own processing is logged as `{kind: SERVICE, id: <department>}` (ARCHITECTURE §4, one door).
    if (principal.kind === 'service' && principal.department && isDepartment(principal.department)) {
      return { kind, id: principal.department, name: DEPARTMENT_DISPLAY_NAMES[principal.department] };
    }
    if (principal.kind === 'staff' && principal.department && isDepartment(principal.department)) {
      return { kind, id: principal.department, name: DEPARTMENT_DISPLAY_NAMES[principal.department], ...(principal.official ? { official: principal.official } : {}) };
    }
    if (principal.kind === 'partner') {
      const grantee = await this.store.grantees.get(principal.id);
      return { kind, id: principal.id, name: grantee?.name ?? principal.id };
    }
    return { kind, id: principal.id, name: principal.kind === 'admin' ? 'City administrator' : principal.id };
  }

  /**
   * The signed heads, one query for every citizen. A head is written after its entries and never moves back
   * (`keepHigher`), so it is at most behind the log (another writer between its two writes, or a crash): then the
   * insert collides and the next attempt reads the log itself.
   */
  private async recordedHeads(citizenIds: readonly string[]): Promise<Map<string, { seq: number; hash: string }>> {
    const heads = await this.store.accessLogHeads.getMany(citizenIds);
    return new Map(citizenIds.map((id, i) => [id, heads[i] ? { seq: heads[i]!.seq, hash: heads[i]!.hash } : { seq: 0, hash: GENESIS_HASH }]));
  }

  private async headsFromLog(citizenIds: readonly string[]): Promise<Map<string, { seq: number; hash: string }>> {
    const heads = new Map<string, { seq: number; hash: string }>();
    for (const citizenId of citizenIds) {
      const [last] = await this.store.accessLog.find({ citizenId }, { sort: [['seq', -1]], limit: 1 });
      heads.set(citizenId, last ? { seq: last.seq, hash: last.hash } : { seq: 0, hash: GENESIS_HASH });
    }
    return heads;
  }

  /** Writes one request's records, for every citizen involved, in one store write. */
  async append(principal: Principal, subgraph: SubgraphName, records: readonly AccessRecord[], now = new Date()): Promise<void> {
    if (records.length === 0) return;
    const who = await this.principalOf(principal);
    const citizens = [...new Set(records.map((r) => r.citizenId))];
    // Free text never enters an entry: it is sealed per citizen beside the log, and the entry keeps a salted hash.
    const endUsers = principal.kind === 'partner' && principal.endUser && this.notes ? await this.notes.seal('END_USER', principal.requestId, citizens, principal.endUser, now) : undefined;
    const breakGlassCitizens = [...new Set(records.filter((r) => r.basis === BREAK_GLASS_BASIS).map((r) => r.citizenId))];
    const justifications =
      breakGlassCitizens.length > 0 && principal.justification && this.notes ? await this.notes.seal('JUSTIFICATION', principal.requestId, breakGlassCitizens, principal.justification, now) : undefined;
    await this.lock.run(citizens, async () => {
      for (let attempt = 1; ; attempt++) {
        const heads = attempt === 1 ? await this.recordedHeads(citizens) : await this.headsFromLog(citizens);
        const entries: AccessLogEntry[] = [];
        for (const citizenId of citizens) {
          let { seq, hash } = heads.get(citizenId)!;
          const mine = records.filter((r) => r.citizenId === citizenId);
          mine.forEach((record, i) => {
            seq += 1;
            const content = {
              citizenId,
              seq,
              at: now.toISOString(),
              principal: endUsers?.get(citizenId) ? { ...who, endUserHash: endUsers.get(citizenId)!.hash } : who,
              coordinate: record.coordinate,
              category: record.category,
              purpose: principal.purpose ?? null,
              decision: record.allow ? ('ALLOWED' as const) : ('DENIED' as const),
              basis: record.basis ?? null,
              code: record.code ?? null,
              requestId: principal.requestId,
              subgraph,
              ...(record.basis === BREAK_GLASS_BASIS
                ? { breakGlass: true, ...(justifications?.get(citizenId) ? { justificationHash: justifications.get(citizenId)!.hash } : {}) }
                : {}),
              prevHash: hash,
            };
            hash = hashEntry(content);
            const entry: AccessLogEntry = { id: entryId(citizenId, seq), ...content, hash };
            if (i === mine.length - 1) entry.checkpoint = signDetached(this.keys, checkpointMessage(entry));
            entries.push(entry);
          });
        }
        try {
          await this.store.accessLog.insertMany(entries);
        } catch (error) {
          if (!(error instanceof DuplicateKeyError) || attempt >= MAX_APPEND_ATTEMPTS) throw error;
          // Another instance appended for one of these citizens first: back off a little, re-read, rebuild.
          await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 2 * attempt)));
          continue;
        }
        const last = new Map(entries.map((e) => [e.citizenId, e]));
        await this.store.accessLogHeads.upsertMany(
          [...last.values()].map((e) => ({ id: e.citizenId, seq: e.seq, hash: e.hash, checkpoint: e.checkpoint! })),
          { keepHigher: 'seq' },
        );
        return;
      }
    });
  }

  /** Newest first; `before` is the sequence number the previous page ended at. */
  async page(citizenId: string, first: number, before?: number): Promise<AccessLogPage> {
    const filter = before ? { citizenId, seq: { $lt: before } } : { citizenId };
    const rows = await this.store.accessLog.find(filter, { sort: [['seq', -1]], limit: first + 1 });
    return { entries: rows.slice(0, first), hasNextPage: rows.length > first };
  }

  async verify(citizenId: string): Promise<Verification> {
    const [entries, head] = await Promise.all([this.store.accessLog.find({ citizenId }, { sort: [['seq', 1]] }), this.store.accessLogHeads.get(citizenId)]);
    const verifySignature = (message: string, signature: string) => verifyDetached(this.keys.publicKey, message, signature);
    const chain = verifyChain(entries, verifySignature);
    if (!chain.ok || !head) return chain;
    // The log must reach the signed head: a missing tail is reported at the first missing sequence number.
    if (!verifySignature(checkpointMessage({ citizenId, seq: head.seq, hash: head.hash }), head.checkpoint)) return { ok: false, firstBadSeq: 1, checkedEntries: 0 };
    if (entries.length < head.seq) return { ok: false, firstBadSeq: entries.length + 1, checkedEntries: entries.length };
    if (entries[head.seq - 1]!.hash !== head.hash) return { ok: false, firstBadSeq: head.seq, checkedEntries: entries.length };
    return chain;
  }
}
