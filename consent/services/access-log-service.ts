import type { Principal } from '../../platform/principal.js';
import { DEPARTMENT_DISPLAY_NAMES, isDepartment, type SubgraphName } from '../../platform/services.js';
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

/**
 * Appends decisions to citizens' access logs and verifies them. The consent service is the only writer; the head
 * of each chain is cached after its first read and re-read if a write fails.
 */
export class AccessLogService {
  private readonly lock = new KeyedLock();
  private readonly heads = new Map<string, { seq: number; hash: string }>();

  constructor(
    private readonly store: ConsentStore,
    private readonly keys: AuthorityKeys,
    private readonly notes?: SealedNotes,
  ) {}

  private async principalOf(principal: Principal): Promise<AccessLogPrincipal> {
    const kind = principal.kind.toUpperCase() as AccessLogPrincipal['kind'];
    if (principal.kind === 'staff' && principal.department && isDepartment(principal.department)) {
      return { kind, id: principal.department, name: DEPARTMENT_DISPLAY_NAMES[principal.department], ...(principal.official ? { official: principal.official } : {}) };
    }
    if (principal.kind === 'partner') {
      const grantee = await this.store.grantees.get(principal.id);
      return { kind, id: principal.id, name: grantee?.name ?? principal.id };
    }
    return { kind, id: principal.id, name: principal.kind === 'admin' ? 'City administrator' : principal.id };
  }

  private async head(citizenId: string): Promise<{ seq: number; hash: string }> {
    const cached = this.heads.get(citizenId);
    if (cached) return cached;
    const [last] = await this.store.accessLog.find({ citizenId }, { sort: [['seq', -1]], limit: 1 });
    return last ? { seq: last.seq, hash: last.hash } : { seq: 0, hash: GENESIS_HASH };
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
      const entries: AccessLogEntry[] = [];
      const newHeads = new Map<string, { seq: number; hash: string }>();
      for (const citizenId of citizens) {
        let { seq, hash } = await this.head(citizenId);
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
        newHeads.set(citizenId, { seq, hash });
      }
      try {
        await this.store.accessLog.insertMany(entries);
      } catch (error) {
        for (const citizenId of citizens) this.heads.delete(citizenId);
        throw error;
      }
      for (const [citizenId, head] of newHeads) this.heads.set(citizenId, head);
      const last = new Map(entries.map((e) => [e.citizenId, e]));
      await this.store.accessLogHeads.upsertMany([...last.values()].map((e) => ({ id: e.citizenId, seq: e.seq, hash: e.hash, checkpoint: e.checkpoint! })));
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
