import { b64, decodeLeaf, type LeafGrant } from '../../contracts/transparency-log/transparency-log.js';

/**
 * An access-log entry as the graph, the export and the portal show it: the content of one leaf of the hub-wide
 * transparency log (consent/domain/transparency-log.ts, ARCHITECTURE §4), its position in the tree (`leafIndex`)
 * and in the citizen's own log (`seq`), and the exact leaf bytes (`leaf`, base64) a verifier hashes.
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
  /** `<citizenKey>:<seq>`: stable for a cursor, never the citizen id. */
  id: string;
  leafIndex: number;
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
  /** A coalesced refusal: this many more identical attempts after the first one, up to `until`. */
  count?: number;
  until?: string;
  /** A grant state change (coordinate `ConsentGrant`): the grant, its version, action, status and receipt hash. */
  grant?: LeafGrant;
  /** base64 of the exact leaf bytes. */
  leaf: string;
}

export interface Verification {
  ok: boolean;
  firstBadSeq: number | null;
  checkedEntries: number;
}

/** The entry a stored leaf holds; throws on bytes that are not a citygraph leaf. */
export function entryFromLeaf(record: { leafIndex: number; leaf: Uint8Array }): AccessLogEntry {
  const content = decodeLeaf(record.leaf);
  return {
    id: `${content.citizen}:${content.seq}`,
    leafIndex: record.leafIndex,
    seq: content.seq,
    at: content.at,
    principal: content.principal as AccessLogPrincipal,
    coordinate: content.coordinate,
    category: content.category,
    purpose: content.purpose,
    decision: content.decision,
    basis: content.basis,
    code: content.code,
    requestId: content.requestId,
    subgraph: content.subgraph,
    ...(content.breakGlass ? { breakGlass: true } : {}),
    ...(content.justificationHash !== undefined ? { justificationHash: content.justificationHash } : {}),
    ...(content.count !== undefined ? { count: content.count, until: content.until } : {}),
    ...(content.grant !== undefined ? { grant: content.grant } : {}),
    leaf: b64(record.leaf),
  };
}
