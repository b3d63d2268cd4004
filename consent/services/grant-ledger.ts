import crypto from 'node:crypto';
import { decodeLeaf, leafHash, type LeafContent, type LeafGrant } from '../../contracts/transparency-log/transparency-log.js';
import { metricsFor } from '../../platform/metrics.js';
import { effectiveStatus, versionOf, type GrantAction, type GrantRecord } from '../domain/grants.js';
import type { ConsentStore } from '../subgraph/store.js';
import type { TransparencyLeafRecord } from './transparency-log-service.js';

/** What a grant entry records as its action: the citizen's own actions, a scope migration, or a first recording. */
export type GrantLedgerAction = GrantAction | 'SCOPE_MIGRATED' | 'RECORDED';

/** The state of a grant the log records last: its version and the hash of the receipt signed for it. */
export interface LoggedGrantState {
  version: number;
  receiptHash: string;
}

const STALE = metricsFor('consent').counter(
  'citygraph_grant_stale_rows_total',
  'Grant rows ignored because the transparency log records a different (later) state for them: a restored or replayed row.',
  [],
);

const CACHE_LIMIT = 100_000;

export function receiptHashOf(receipt: string): string {
  return crypto.createHash('sha256').update(receipt, 'utf8').digest('base64');
}

/**
 * Grants as the transparency log records them (ARCHITECTURE §4): every state of a grant is appended to the citizen's
 * log before its row is written, and a decision honours a row only when its (id, version) and receipt are the latest
 * the log records. A row restored from an older copy (a revoked grant copied back to ACTIVE, with the genuine receipt
 * of that older state) is therefore ignored and reported.
 *
 * The latest recorded state per grant is read from `transparency_leaves` through its `grantId` index, each leaf's
 * bytes checked against its stored hash and its content, and kept in memory: this process's own appends update it at
 * once, and a row newer than what is known (written by another consent process) makes it read the log again. The
 * store cannot make an older state current by deleting the newer leaf without breaking the tree, which every citizen
 * holding a head and the gateway's witness detect.
 */
export class GrantLedger {
  private readonly latest = new Map<string, LoggedGrantState>();
  /** Row states already reported as stale (one warning per state). */
  private readonly reported = new Set<string>();

  constructor(private readonly leaves: ConsentStore['transparencyLeaves']) {}

  /** Remembers a state the log records (this process's own append, once its entries are in the tree, or a read). */
  note(grantId: string, state: LoggedGrantState): void {
    const known = this.latest.get(grantId);
    if (known && known.version >= state.version) return;
    if (this.latest.size >= CACHE_LIMIT) this.latest.clear();
    this.latest.set(grantId, { version: state.version, receiptHash: state.receiptHash });
  }

  /** The latest state the log records for each grant (absent: none recorded). */
  async latestStates(grants: readonly GrantRecord[]): Promise<Map<string, LoggedGrantState>> {
    const out = new Map<string, LoggedGrantState>();
    const unknown: string[] = [];
    for (const grant of grants) {
      const known = this.latest.get(grant.id);
      if (known && known.version >= versionOf(grant)) out.set(grant.id, known);
      else unknown.push(grant.id);
    }
    if (unknown.length === 0) return out;
    const asked = new Set(unknown);
    const rows = await this.leaves.find({ grantId: { $in: [...asked] } });
    for (const row of rows) {
      const state = grantStateOf(row);
      if (!state || !asked.has(state.id)) continue;
      const best = out.get(state.id);
      if (!best || state.version > best.version) out.set(state.id, { version: state.version, receiptHash: state.receiptHash });
    }
    for (const id of asked) {
      const state = out.get(id);
      if (state) this.note(id, state);
    }
    return out;
  }

  /**
   * The rows a decision may honour: those whose version and receipt are the latest the log records. Every other row
   * is ignored, counted and reported once per row state (no personal value in the line).
   */
  async current(grants: readonly GrantRecord[]): Promise<GrantRecord[]> {
    if (grants.length === 0) return [];
    const states = await this.latestStates(grants);
    return grants.filter((grant) => {
      const logged = states.get(grant.id);
      const ok = logged !== undefined && logged.version === versionOf(grant) && logged.receiptHash === receiptHashOf(grant.receipt);
      if (!ok) this.report(grant, logged);
      return ok;
    });
  }

  private report(grant: GrantRecord, logged: LoggedGrantState | undefined): void {
    const seen = `${grant.id}|${versionOf(grant)}|${logged?.version ?? 0}`;
    if (this.reported.has(seen)) return;
    if (this.reported.size > 10_000) this.reported.clear();
    this.reported.add(seen);
    STALE.inc();
    const why = logged ? `the log records version ${logged.version}, the row is version ${versionOf(grant)}` : 'the log records no state for it';
    process.emitWarning(`grant ${grant.id} ignored: ${why}`, { code: 'CITYGRAPH_GRANT_STALE' });
  }
}

/** The grant state a stored leaf holds, when its bytes are what its hash says and it is a grant entry. */
function grantStateOf(row: TransparencyLeafRecord): LeafGrant | undefined {
  try {
    const bytes = row.leaf;
    if (!leafHash(bytes).equals(row.hash)) return undefined;
    const content: LeafContent = decodeLeaf(bytes);
    const grant = content.grant;
    if (!grant || grant.id !== row.grantId || !Number.isInteger(grant.version) || typeof grant.receiptHash !== 'string') return undefined;
    return grant;
  } catch {
    return undefined;
  }
}

/** The entry's action and status for a grant's new state, and how the decision engine reads it. */
export function grantEntryOutcome(grant: GrantRecord, now: Date): { decision: 'ALLOWED' | 'DENIED'; code: string | null } {
  const status = effectiveStatus(grant, now);
  if (status === 'ACTIVE') return { decision: 'ALLOWED', code: null };
  return { decision: 'DENIED', code: `CONSENT_${status}` };
}
