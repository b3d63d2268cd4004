import { sodium } from '../../platform/sodium.js';

/**
 * The access log is a hash chain per citizen: each entry's hash covers its content and the previous entry's hash
 * (BLAKE2b-256), and the last entry a request writes carries an Ed25519 signature over (citizen, seq, hash).
 * Editing, removing or reordering any entry breaks the chain at that sequence number.
 */
export interface AccessLogPrincipal {
  kind: 'CITIZEN' | 'STAFF' | 'PARTNER' | 'ADMIN' | 'ANONYMOUS' | 'SERVICE';
  id: string;
  name: string;
  /** Staff: the named official who made the request. */
  official?: string;
  /** Partners: salted hash of the partner's end user (X-End-User), sealed beside the entry; never the id itself. */
  endUserHash?: string;
}

export interface AccessLogEntry {
  id: string;
  citizenId: string;
  seq: number;
  at: string;
  principal: AccessLogPrincipal;
  coordinate: string;
  category: string;
  purpose: string | null;
  decision: 'ALLOWED' | 'DENIED';
  basis: string | null;
  code: string | null;
  requestId: string;
  subgraph: string;
  /** A break-glass decision (basis BREAK_GLASS). */
  breakGlass?: boolean;
  /** Break-glass: salted hash of the official's justification, which is sealed beside the entry. */
  justificationHash?: string;
  prevHash: string;
  hash: string;
  /** Signature over `checkpointMessage(entry)`, on the last entry of each append. */
  checkpoint?: string;
}

export const GENESIS_HASH = 'genesis';

export function entryId(citizenId: string, seq: number): string {
  return `${citizenId}:${String(seq).padStart(10, '0')}`;
}

/**
 * Canonical content: a fixed-order array, so that JSON key order can never change a hash. Entries naming an
 * official, an end user or break-glass append one more fixed-order array; entries without them hash exactly as
 * before these fields existed, so older logs still verify.
 */
function canonical(entry: Omit<AccessLogEntry, 'id' | 'hash' | 'checkpoint'>): string {
  const extended =
    entry.principal.official !== undefined || entry.principal.endUserHash !== undefined || entry.breakGlass !== undefined || entry.justificationHash !== undefined;
  const extension = extended ? [['v2', entry.principal.official ?? null, entry.principal.endUserHash ?? null, entry.breakGlass ?? false, entry.justificationHash ?? null]] : [];
  return JSON.stringify([
    entry.citizenId,
    entry.seq,
    entry.at,
    entry.principal.kind,
    entry.principal.id,
    entry.principal.name,
    entry.coordinate,
    entry.category,
    entry.purpose,
    entry.decision,
    entry.basis,
    entry.code,
    entry.requestId,
    entry.subgraph,
    entry.prevHash,
    ...extension,
  ]);
}

export function hashEntry(entry: Omit<AccessLogEntry, 'id' | 'hash' | 'checkpoint'>): string {
  return Buffer.from(sodium().crypto_generichash(32, canonical(entry), null)).toString('base64url');
}

export function checkpointMessage(entry: Pick<AccessLogEntry, 'citizenId' | 'seq' | 'hash'>): string {
  return `citygraph/access-log-checkpoint|${entry.citizenId}|${entry.seq}|${entry.hash}`;
}

export interface Verification {
  ok: boolean;
  firstBadSeq: number | null;
  checkedEntries: number;
}

/**
 * Verifies a citizen's whole log, given in ascending `seq` order. The first entry whose position, link, hash or
 * checkpoint does not hold is reported by the sequence number it should have had.
 */
export function verifyChain(entries: readonly AccessLogEntry[], verifyCheckpoint: (message: string, signature: string) => boolean): Verification {
  let prevHash = GENESIS_HASH;
  let lastCheckpointSeq = 0;
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i]!;
    const expectedSeq = i + 1;
    const bad = { ok: false, firstBadSeq: expectedSeq, checkedEntries: i };
    if (entry.seq !== expectedSeq || entry.prevHash !== prevHash) return bad;
    const { id: _id, hash, checkpoint, ...content } = entry;
    if (hashEntry(content) !== hash) return bad;
    if (checkpoint !== undefined) {
      if (!verifyCheckpoint(checkpointMessage(entry), checkpoint)) return bad;
      lastCheckpointSeq = entry.seq;
    }
    prevHash = hash;
  }
  // Every append ends with a checkpoint: entries after the last one mean the tail was cut and re-extended.
  if (entries.length > 0 && lastCheckpointSeq !== entries.length) {
    return { ok: false, firstBadSeq: lastCheckpointSeq + 1, checkedEntries: entries.length };
  }
  return { ok: true, firstBadSeq: null, checkedEntries: entries.length };
}
