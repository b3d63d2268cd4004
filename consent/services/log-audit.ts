import type { Collection } from '../../platform/store/types.js';
import {
  cosignText,
  Frontier,
  leafHash,
  verifyEd25519,
  verifyHead,
  type SignedTreeHead,
  type WitnessedHead,
} from '../../contracts/transparency-log/transparency-log.js';
import { leafId, type TransparencyHeadRecord, type TransparencyLeafRecord } from './transparency-log-service.js';

export interface AuditInput {
  leaves: Collection<TransparencyLeafRecord>;
  heads: Collection<TransparencyHeadRecord>;
  /** The consent authority's head-signing public key (raw 32 bytes). */
  authorityKey: Uint8Array;
  /** The citizen's tag (the per-citizen index and the leaf's `citizen`); null for an erased citizen, who has no entries of their own (the tree is still audited). */
  citizenTag: string | null;
  /** A head the citizen kept (`--head FILE`). */
  savedHead?: SignedTreeHead;
  /** The witness file's heads (heads.jsonl); each must carry a valid cosignature by `witnessKey`. */
  witnessed?: WitnessedHead[];
  witnessKey?: Uint8Array;
  /** Leaves read per store query. */
  batch?: number;
}

export interface AuditResult {
  ok: boolean;
  /** The first leaf index (position in the hub-wide tree) that does not verify; null when ok. */
  firstBadIndex: number | null;
  /** The citizen's entries checked. */
  checkedEntries: number;
  /** Why not ok, in a few words. */
  reason?: string;
}

/**
 * `verify-log` (ARCHITECTURE §4): an offline audit of the stores against every head the verifier holds (a saved
 * head, the witness file's cosigned heads, the store's newest head). Streams the tree once in leaf order, a batch at
 * a time (memory O(batch + log n)): every position present, every leaf's bytes hashing to its record, the tree's
 * root equal to each head's root at that head's size, and the citizen's own entries numbered 1..k without a gap.
 * Deleting the newest entries with or without the heads, rebuilding a head from an older one, deleting a citizen's
 * whole log, or deleting only the head rows all leave a saved or witnessed head that the store no longer reaches.
 */
export async function auditLog(input: AuditInput): Promise<AuditResult> {
  let checkedEntries = 0;
  const bad = (firstBadIndex: number, reason: string): AuditResult => ({ ok: false, firstBadIndex, checkedEntries, reason });

  // 1. Every head the verifier holds must be signed by the authority (and cosigned, for the witness's).
  const references: SignedTreeHead[] = [];
  if (input.savedHead) {
    if (!verifyHead(input.authorityKey, input.savedHead)) return bad(0, 'the saved head is not signed by the consent authority');
    references.push(input.savedHead);
  }
  for (const head of input.witnessed ?? []) {
    if (!verifyHead(input.authorityKey, head)) return bad(0, `witnessed head ${head.treeSize} is not signed by the consent authority`);
    if (!input.witnessKey || !head.cosignature || !verifyEd25519(input.witnessKey, cosignText(head), head.cosignature.signature)) {
      return bad(0, `witnessed head ${head.treeSize} has no valid witness cosignature`);
    }
    references.push(head);
  }
  const [stored] = await input.heads.find({}, { sort: [['treeSize', -1]], limit: 1 });
  if (stored && !verifyHead(input.authorityKey, stored)) return bad(0, `the store's newest head (${stored.treeSize}) is not signed by the consent authority`);
  const held = references.reduce((max, h) => Math.max(max, h.treeSize), 0);
  const checkpoints = new Map<number, SignedTreeHead[]>();
  for (const head of [...references, ...(stored ? [stored] : [])]) checkpoints.set(head.treeSize, [...(checkpoints.get(head.treeSize) ?? []), head]);
  const target = Math.max(held, stored?.treeSize ?? 0);

  // 3. One pass over the tree, in leaf order.
  const frontier = new Frontier();
  let lastGood = 0;
  let firstSuspect: number | null = null;
  const check = (size: number): AuditResult | null => {
    for (const head of checkpoints.get(size) ?? []) {
      if (frontier.root().toString('base64') !== head.rootHash) return bad(firstSuspect ?? lastGood, `the tree's first ${size} leaves do not hash to the signed root`);
    }
    if (checkpoints.has(size)) lastGood = size;
    return null;
  };
  if (target === 0) {
    const failed = check(0);
    if (failed) return failed;
  }
  const batch = input.batch ?? 5000;
  let expected = 0;
  /** The citizen's current run in the per-citizen index: its first leaf, the index just past its end, its last leaf seen. */
  let run: { head: number; end: number; last: number } | null = null;
  for (;;) {
    const rows = await input.leaves.find({ id: { $gte: leafId(expected) } }, { sort: [['id', 1]], limit: batch });
    if (rows.length === 0) break;
    for (const row of rows) {
      if (row.leafIndex !== expected || row.id !== leafId(expected)) return bad(expected, `leaf ${expected} is missing`);
      let bytes: Buffer;
      let content: { citizen?: unknown; seq?: unknown };
      try {
        bytes = row.leaf;
        content = JSON.parse(bytes.toString('utf8')) as { citizen?: unknown; seq?: unknown };
      } catch {
        return bad(expected, `leaf ${expected} is not a citygraph leaf`);
      }
      const hash = leafHash(bytes);
      if (!hash.equals(row.hash)) firstSuspect ??= expected;
      // A stored subtree that differs from the recomputed one points at the first leaf of that subtree.
      const nodes = frontier.push(hash);
      const level = nodes.findIndex((n, i) => !row.nodes[i]?.equals(n));
      if (level >= 0) firstSuspect ??= expected + 1 - 2 ** (level + 1);
      if (expected >= target) break;
      const mine = input.citizenTag !== null && content.citizen === input.citizenTag;
      if (input.citizenTag !== null && mine !== (row.citizenKey === input.citizenTag)) return bad(expected, `leaf ${expected}'s index does not match its bytes`);
      if (mine) {
        if (content.seq !== checkedEntries + 1 || row.citizenSeq !== checkedEntries + 1) return bad(expected, `entry ${checkedEntries + 1} of the citizen's log is missing or out of order`);
        // The per-citizen index must reach the entry: it starts a run, or its run's first leaf says it reaches it.
        if (row.runHead === undefined) run = { head: expected, end: expected + (row.runLength ?? 1), last: expected };
        else if (!run || row.runHead !== run.head || expected !== run.last + 1 || expected >= run.end) return bad(firstSuspect ?? expected, `leaf ${expected} is left out of the citizen's index`);
        else run.last = expected;
        checkedEntries++;
      }
      expected++;
      const failed = check(expected);
      if (failed) return failed;
    }
    if (rows.length < batch || expected >= target) break;
  }
  if (expected < target) return bad(expected, `the store holds ${expected} leaves, a signed head covers ${target}`);
  // 4. The store must still hold a head at least as new as any head seen before: deleting heads is a rollback too.
  if (references.length > 0 && (!stored || stored.treeSize < held)) {
    return bad(stored?.treeSize ?? 0, `the store's newest head (${stored?.treeSize ?? 'none'}) is older than a head already seen (${held})`);
  }
  return { ok: true, firstBadIndex: null, checkedEntries };
}

/** Reads a witness file (one JSON head per line); lines that do not parse are an error. */
export function parseWitnessFile(text: string): WitnessedHead[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, i) => {
      try {
        return JSON.parse(line) as WitnessedHead;
      } catch {
        throw new Error(`witness file line ${i + 1} is not JSON`);
      }
    });
}
