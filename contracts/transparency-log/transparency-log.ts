import crypto from 'node:crypto';

/**
 * The access log's Merkle tree (ARCHITECTURE §4), after RFC 9162 (Certificate Transparency 2.0) §2.1:
 *
 *   leaf hash  SHA-256(0x00 || leaf)        node hash  SHA-256(0x01 || left || right)
 *   MTH({})  = SHA-256()                    MTH(D[n]) = node(MTH(D[0:k]), MTH(D[k:n])), k the largest power of 2 < n
 *
 * inclusion proofs (PATH) and consistency proofs (PROOF/SUBPROOF) and their verification exactly as in
 * RFC 9162 §2.1.3 and §2.1.4. Hashes, leaves and signatures travel as standard base64 (with padding).
 *
 * A signed tree head is the consent authority's Ed25519 signature over the UTF-8 text
 * `citygraph-sth-v1\n<treeSize>\n<rootHash>\n<timestamp>`; a witness cosigns the text
 * `citygraph-witness-v1\n<treeSize>\n<rootHash>\n<timestamp>` with its own key.
 *
 * Pure: node:crypto only, no store, no hub. The standalone verifier and the hub use this same file.
 */

export const EMPTY_ROOT = crypto.createHash('sha256').digest();

export function b64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64');
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Strict standard base64; throws on anything else. */
export function unb64(text: string): Buffer {
  if (typeof text !== 'string' || text.length % 4 !== 0 || !BASE64.test(text)) throw new Error('not base64');
  return Buffer.from(text, 'base64');
}

const LEAF_PREFIX = Buffer.from([0]);
const NODE_PREFIX = Buffer.from([1]);

/** One-shot SHA-256 (crypto.hash, about 1 µs cheaper a call than createHash), else createHash. */
const sha256: (data: Uint8Array) => Buffer =
  typeof (crypto as { hash?: unknown }).hash === 'function'
    ? (data) => (crypto as unknown as { hash(a: string, d: Uint8Array, e: 'buffer'): Buffer }).hash('sha256', data, 'buffer')
    : (data) => crypto.createHash('sha256').update(data).digest();

/** Where the prefix and the hashed bytes are laid out before hashing (hashing is synchronous: one is enough). */
const scratch = Buffer.allocUnsafe(8192);

export function leafHash(leaf: Uint8Array): Buffer {
  if (leaf.length >= scratch.length) return sha256(Buffer.concat([LEAF_PREFIX, leaf]));
  scratch[0] = 0;
  scratch.set(leaf, 1);
  return sha256(scratch.subarray(0, leaf.length + 1));
}

/** The leaf hash of bytes that already begin with the leaf prefix 0x00 (`prefixed[1..]` is the leaf). */
export function prefixedLeafHash(prefixed: Uint8Array): Buffer {
  if (prefixed[0] !== 0) throw new Error('not a prefixed leaf');
  return sha256(prefixed);
}

export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  if (left.length + right.length >= scratch.length) return sha256(Buffer.concat([NODE_PREFIX, left, right]));
  scratch[0] = 1;
  scratch.set(left, 1);
  scratch.set(right, 1 + left.length);
  return sha256(scratch.subarray(0, 1 + left.length + right.length));
}

/** The largest power of two strictly smaller than n (n >= 2). */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function isPowerOfTwo(n: number): boolean {
  return n > 0 && (n & (n - 1)) === 0;
}

/** MTH over a list of leaf hashes (for tests and small trees). */
export function rootOfLeafHashes(hashes: readonly Uint8Array[]): Buffer {
  const mth = (start: number, end: number): Buffer => {
    if (end - start === 0) return EMPTY_ROOT;
    if (end - start === 1) return Buffer.from(hashes[start]!);
    const k = splitPoint(end - start);
    return nodeHash(mth(start, start + k), mth(start + k, end));
  };
  return mth(0, hashes.length);
}

/**
 * A perfect, aligned subtree: `level` 0 is one leaf; (level, index) covers leaves [index * 2^level, (index+1) * 2^level).
 * Every subtree that RFC 9162's recursion splits off on its left is one of these, so a store that keeps them can
 * answer any proof with O(log n) lookups.
 */
export interface NodeRef {
  level: number;
  index: number;
}

export type NodeGetter = (ref: NodeRef) => Uint8Array;

/** MTH(D[start:end]) from perfect aligned subtrees. */
export function subtreeHash(start: number, end: number, node: NodeGetter): Buffer {
  const size = end - start;
  if (size === 0) return EMPTY_ROOT;
  if (isPowerOfTwo(size) && start % size === 0) return Buffer.from(node({ level: Math.log2(size), index: start / size }));
  const k = splitPoint(size);
  return nodeHash(subtreeHash(start, start + k, node), subtreeHash(start + k, end, node));
}

/** RFC 9162 §2.1.3.1 PATH(m, D[n]): the audit path of leaf m in a tree of n leaves, leaf-side first. */
export function inclusionPath(leafIndex: number, treeSize: number, node: NodeGetter): Buffer[] {
  if (!(leafIndex >= 0 && leafIndex < treeSize)) throw new RangeError(`leaf ${leafIndex} is not in a tree of ${treeSize}`);
  const path = (m: number, start: number, end: number): Buffer[] => {
    const n = end - start;
    if (n <= 1) return [];
    const k = splitPoint(n);
    if (m < k) return [...path(m, start, start + k), subtreeHash(start + k, end, node)];
    return [...path(m - k, start + k, end), subtreeHash(start, start + k, node)];
  };
  return path(leafIndex, 0, treeSize);
}

/** RFC 9162 §2.1.4.1 PROOF(m, D[n]): proves that the tree of m leaves is a prefix of the tree of n. */
export function consistencyPath(fromSize: number, toSize: number, node: NodeGetter): Buffer[] {
  if (!(fromSize >= 0 && fromSize <= toSize)) throw new RangeError(`no consistency from ${fromSize} to ${toSize}`);
  if (fromSize === 0 || fromSize === toSize) return [];
  const subproof = (m: number, start: number, end: number, complete: boolean): Buffer[] => {
    const n = end - start;
    if (m === n) return complete ? [] : [subtreeHash(start, end, node)];
    const k = splitPoint(n);
    if (m <= k) return [...subproof(m, start, start + k, complete), subtreeHash(start + k, end, node)];
    return [...subproof(m - k, start + k, end, false), subtreeHash(start, start + k, node)];
  };
  return subproof(fromSize, 0, toSize, true);
}

/** The perfect subtrees a proof needs: run the proof with a getter that only records what it is asked. */
export function nodesNeeded(run: (node: NodeGetter) => unknown): NodeRef[] {
  const seen = new Map<string, NodeRef>();
  run((ref) => {
    seen.set(`${ref.level}:${ref.index}`, ref);
    return EMPTY_ROOT;
  });
  return [...seen.values()];
}

/** RFC 9162 §2.1.3.2: recomputes the root from a leaf hash and its audit path. */
export function rootFromInclusion(leafIndex: number, treeSize: number, hash: Uint8Array, auditPath: readonly Uint8Array[]): Buffer | null {
  if (!(Number.isInteger(leafIndex) && Number.isInteger(treeSize) && leafIndex >= 0 && leafIndex < treeSize)) return null;
  let fn = leafIndex;
  let sn = treeSize - 1;
  let r: Buffer = Buffer.from(hash);
  for (const p of auditPath) {
    if (sn === 0) return null;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? r : null;
}

export function verifyInclusion(leafIndex: number, treeSize: number, hash: Uint8Array, auditPath: readonly Uint8Array[], root: Uint8Array): boolean {
  const computed = rootFromInclusion(leafIndex, treeSize, hash, auditPath);
  return computed !== null && computed.equals(Buffer.from(root));
}

/** RFC 9162 §2.1.4.2, with the trivial cases (an empty first tree, equal sizes) decided first. */
export function verifyConsistency(fromSize: number, toSize: number, proof: readonly Uint8Array[], fromRoot: Uint8Array, toRoot: Uint8Array): boolean {
  if (!(Number.isInteger(fromSize) && Number.isInteger(toSize) && fromSize >= 0 && fromSize <= toSize)) return false;
  if (fromSize === 0) return proof.length === 0;
  if (fromSize === toSize) return proof.length === 0 && Buffer.from(fromRoot).equals(Buffer.from(toRoot));
  if (proof.length === 0) return false;
  const path = isPowerOfTwo(fromSize) ? [fromRoot, ...proof] : [...proof];
  let fn = fromSize - 1;
  let sn = toSize - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr: Buffer = Buffer.from(path[0]!);
  let sr: Buffer = Buffer.from(path[0]!);
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && fr.equals(Buffer.from(fromRoot)) && sr.equals(Buffer.from(toRoot));
}

/**
 * The right edge of a tree: for each set bit `level` of its size, the root of that perfect subtree (the last ones
 * appended). Appending a leaf merges equal levels like a binary counter; the root folds them from the smallest up.
 */
export class Frontier {
  constructor(
    public size = 0,
    /** levels[l]: the perfect subtree of 2^l leaves at the right edge, where bit l of size is set. */
    public readonly levels: Array<Buffer | undefined> = [],
  ) {}

  clone(): Frontier {
    return new Frontier(this.size, [...this.levels]);
  }

  /** Adds one leaf; answers the hashes of the perfect subtrees of level 1, 2, ... that this leaf completes. */
  push(hash: Buffer): Buffer[] {
    const completed: Buffer[] = [];
    let carry: Buffer = hash;
    let level = 0;
    while (Math.floor(this.size / 2 ** level) % 2 === 1) {
      carry = nodeHash(this.levels[level]!, carry);
      this.levels[level] = undefined;
      completed.push(carry);
      level++;
    }
    this.levels[level] = carry;
    this.size++;
    return completed;
  }

  root(): Buffer {
    let acc: Buffer | undefined;
    for (let level = 0; level < this.levels.length; level++) {
      const h = this.levels[level];
      if (h) acc = acc ? nodeHash(h, acc) : h;
    }
    return acc ?? EMPTY_ROOT;
  }

  /** The perfect subtrees that make up the right edge of a tree of `size` leaves. */
  static refs(size: number): NodeRef[] {
    const refs: NodeRef[] = [];
    for (let level = 0; 2 ** level <= size; level++) {
      if (Math.floor(size / 2 ** level) % 2 === 1) {
        const start = Math.floor(size / 2 ** (level + 1)) * 2 ** (level + 1);
        refs.push({ level, index: start / 2 ** level });
      }
    }
    return refs;
  }
}

/** Where a store keeps a perfect subtree: in the record of its last leaf (level 0 is the leaf hash). */
export function lastLeafOf(ref: NodeRef): number {
  return (ref.index + 1) * 2 ** ref.level - 1;
}

// ---- signed tree heads ----

export interface SignedTreeHead {
  treeSize: number;
  rootHash: string;
  timestamp: string;
  signature: string;
  keyId: string;
}

export interface Cosignature {
  keyId: string;
  signature: string;
  /** When the witness saw the head. */
  timestamp: string;
}

export type WitnessedHead = SignedTreeHead & { cosignature: Cosignature };

export function headText(head: Pick<SignedTreeHead, 'treeSize' | 'rootHash' | 'timestamp'>): string {
  return `citygraph-sth-v1\n${head.treeSize}\n${head.rootHash}\n${head.timestamp}`;
}

export function cosignText(head: Pick<SignedTreeHead, 'treeSize' | 'rootHash' | 'timestamp'>): string {
  return `citygraph-witness-v1\n${head.treeSize}\n${head.rootHash}\n${head.timestamp}`;
}

/** An Ed25519 public key as a JWK (`kty: OKP, crv: Ed25519, x: base64url`), with its key id. */
export interface Ed25519Jwk {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  kid: string;
  use: 'sig';
  /** What the key signs: `sth` (the consent authority) or `witness`. */
  role?: 'sth' | 'witness';
}

/** A key id: hex of the first 16 bytes of SHA-256 over the raw public key. */
export function keyIdOf(publicKey: Uint8Array): string {
  return crypto.createHash('sha256').update(publicKey).digest().subarray(0, 16).toString('hex');
}

export function jwkOf(publicKey: Uint8Array, kid: string, role?: Ed25519Jwk['role']): Ed25519Jwk {
  return { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(publicKey).toString('base64url'), kid, use: 'sig', ...(role ? { role } : {}) };
}

export function verifyEd25519(publicKey: Uint8Array | Ed25519Jwk, message: string, signatureB64: string): boolean {
  try {
    const x = publicKey instanceof Uint8Array ? Buffer.from(publicKey).toString('base64url') : publicKey.x;
    const key = crypto.createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' });
    const signature = unb64(signatureB64);
    if (signature.length !== 64) return false;
    return crypto.verify(null, Buffer.from(message, 'utf8'), key, signature);
  } catch {
    return false;
  }
}

export function signEd25519(privateKey: crypto.KeyObject, message: string): string {
  return b64(crypto.sign(null, Buffer.from(message, 'utf8'), privateKey));
}

/** An Ed25519 private key object from a 32-byte seed. */
export function ed25519FromSeed(seed: Uint8Array): { privateKey: crypto.KeyObject; publicKey: Buffer } {
  const pkcs8 = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), Buffer.from(seed)]);
  const privateKey = crypto.createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
  const jwk = crypto.createPublicKey(privateKey).export({ format: 'jwk' }) as { x: string };
  return { privateKey, publicKey: Buffer.from(jwk.x, 'base64url') };
}

export function verifyHead(publicKey: Uint8Array | Ed25519Jwk, head: SignedTreeHead): boolean {
  return isHeadShape(head) && verifyEd25519(publicKey, headText(head), head.signature);
}

export function isHeadShape(head: unknown): head is SignedTreeHead {
  const h = head as Partial<SignedTreeHead> | null;
  return (
    !!h &&
    Number.isInteger(h.treeSize) &&
    h.treeSize! >= 0 &&
    typeof h.rootHash === 'string' &&
    typeof h.timestamp === 'string' &&
    typeof h.signature === 'string' &&
    typeof h.keyId === 'string'
  );
}

// ---- leaves ----

/** One access-log entry as the leaf's JSON holds it (ARCHITECTURE §4): no personal value, no free text. */
export interface LeafContent {
  v: 1;
  /** The citizen's salted tag: keyed hash of the citizen id under a key derived from the citizen's data key. */
  citizen: string;
  /** The entry's position in the citizen's own log, from 1. */
  seq: number;
  at: string;
  principal: { kind: string; id: string; name: string; official?: string; endUserHash?: string };
  coordinate: string;
  category: string;
  purpose: string | null;
  decision: 'ALLOWED' | 'DENIED';
  basis: string | null;
  code: string | null;
  requestId: string;
  subgraph: string;
  breakGlass?: true;
  justificationHash?: string;
  /** A coalesced refusal: this many further identical attempts from `at` until `until`. */
  count?: number;
  until?: string;
  /**
   * A grant state change (ARCHITECTURE §4: every state of a grant is recorded): the grant, its version after the
   * change, the action and status, and the SHA-256 (base64) of the signed receipt for that state. One entry per
   * category of the grant's scope; a decision honours a grant only at the latest version recorded here.
   */
  grant?: LeafGrant;
}

export interface LeafGrant {
  id: string;
  version: number;
  action: string;
  status: string;
  receiptHash: string;
}

/**
 * The exact bytes of a leaf: the UTF-8 JSON of its content, keys in the order above; exactly what
 * `JSON.stringify` writes for an object with those keys in that order (a key whose value is undefined left out, the
 * optional groups only when present), built as text directly because every entry of the access log pays for it
 * (test/unit/contracts/transparency-log/leaf-encoding.test.ts holds it to the object form, byte for byte).
 */
export function encodeLeaf(content: LeafContent): Buffer {
  return Buffer.from(leafText(content), 'utf8');
}

/** The leaf's JSON text: its bytes are this text in UTF-8 (encodeLeaf). */
export function leafText(content: LeafContent): string {
  // Joined once from its parts into a flat string: `+` would build a rope of some forty pieces that writing the text
  // out then flattens again, and this text is made once for every entry of the access log. Keys are constant parts.
  const parts = leafParts;
  parts.length = 0;
  parts.push('{"v":', numberJson(content.v));
  put(parts, ',"citizen":', content.citizen);
  put(parts, ',"seq":', content.seq);
  put(parts, ',"at":', content.at);
  parts.push(principalText(content.principal));
  put(parts, ',"coordinate":', content.coordinate);
  put(parts, ',"category":', content.category);
  put(parts, ',"purpose":', content.purpose);
  put(parts, ',"decision":', content.decision);
  put(parts, ',"basis":', content.basis);
  put(parts, ',"code":', content.code);
  put(parts, ',"requestId":', content.requestId);
  put(parts, ',"subgraph":', content.subgraph);
  if (content.breakGlass) parts.push(',"breakGlass":true');
  put(parts, ',"justificationHash":', content.justificationHash);
  if (content.count !== undefined) {
    put(parts, ',"count":', content.count);
    put(parts, ',"until":', content.until);
  }
  const g = content.grant;
  if (g !== undefined) {
    put(parts, ',"grant":{"id":', g.id);
    put(parts, ',"version":', g.version);
    put(parts, ',"action":', g.action);
    put(parts, ',"status":', g.status);
    put(parts, ',"receiptHash":', g.receiptHash);
    parts.push('}');
  }
  parts.push('}');
  const text = parts.join('');
  parts.length = 0;
  return text;
}

/** leafText's scratch list of parts (leafText is synchronous: one is enough). */
const leafParts: string[] = [];

/** Appends `key` (`,"name":`) and the JSON of `value`, or nothing when the value is undefined (as JSON.stringify). */
function put(parts: string[], key: string, value: unknown): void {
  if (typeof value === 'number' && Number.isFinite(value)) {
    parts.push(key, String(value));
    return;
  }
  const json = JSON.stringify(value) as string | undefined;
  if (json !== undefined) parts.push(key, json);
}

/** A number as JSON.stringify writes it (non-finite numbers are null). */
function numberJson(value: number): string {
  return Number.isFinite(value) ? String(value) : 'null';
}

/** The last principal written and its text (`,"principal":{...}`): one request's entries share it. Compared by value. */
let lastPrincipal: LeafContent['principal'] = { kind: '', id: '', name: '' };
let lastPrincipalText = principalJson(lastPrincipal);

function principalText(p: LeafContent['principal']): string {
  const last = lastPrincipal;
  if (p.kind === last.kind && p.id === last.id && p.name === last.name && p.official === last.official && p.endUserHash === last.endUserHash) return lastPrincipalText;
  lastPrincipalText = principalJson(p);
  lastPrincipal = { kind: p.kind, id: p.id, name: p.name, official: p.official, endUserHash: p.endUserHash };
  return lastPrincipalText;
}

function principalJson(p: LeafContent['principal']): string {
  return `,"principal":{"kind":${JSON.stringify(p.kind)}` + field('id', p.id) + field('name', p.name) + field('official', p.official) + field('endUserHash', p.endUserHash) + '}';
}

/** `,"key":<JSON of value>`, or nothing when the value is undefined (as JSON.stringify leaves such a key out). */
function field(key: string, value: unknown): string {
  if (typeof value === 'number' && Number.isFinite(value)) return `,"${key}":${value}`;
  const json = JSON.stringify(value) as string | undefined;
  return json === undefined ? '' : `,"${key}":${json}`;
}

export function decodeLeaf(bytes: Uint8Array): LeafContent {
  const value = JSON.parse(Buffer.from(bytes).toString('utf8')) as LeafContent;
  if (!value || value.v !== 1 || typeof value.citizen !== 'string' || !Number.isInteger(value.seq)) throw new Error('not a citygraph leaf');
  return value;
}
