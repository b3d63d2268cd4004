/**
 * The access log checked in the citizen's own browser, without trusting the hub (ARCHITECTURE §4): the same formats
 * as contracts/transparency-log/transparency-log.ts, with the browser's WebCrypto (SHA-256 and Ed25519).
 *
 *   leaf hash SHA-256(0x00 || leaf), node hash SHA-256(0x01 || left || right), RFC 9162 §2.1.3.2 and §2.1.4.2;
 *   a head is the consent authority's Ed25519 signature over `citygraph-sth-v1\n<treeSize>\n<rootHash>\n<timestamp>`.
 *
 * The last head verified here is kept in localStorage with the authority key first seen (trust on first use) and the
 * newest position of the citizen's log seen: on each visit the new head must extend it (a consistency proof), the
 * key must be the same and the log must not have become shorter.
 */

const STORE_PREFIX = 'citygraph.portal.transparency.';
const encoder = new TextEncoder();

export function fromBase64(text) {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function fromBase64Url(text) {
  const padded = text.replace(/-/g, '+').replace(/_/g, '/');
  return fromBase64(padded + '='.repeat((4 - (padded.length % 4)) % 4));
}

function equal(a, b) {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i += 1) diff |= a[i] ^ b[i];
  return diff === 0;
}

async function sha256(...parts) {
  const length = parts.reduce((sum, p) => sum + p.length, 0);
  const all = new Uint8Array(length);
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.length;
  }
  return new Uint8Array(await crypto.subtle.digest('SHA-256', all));
}

export const leafHash = (leaf) => sha256(Uint8Array.of(0), leaf);
const nodeHash = (left, right) => sha256(Uint8Array.of(1), left, right);

/** RFC 9162 §2.1.3.2. */
export async function verifyInclusion(leafIndex, treeSize, hash, auditPath, root) {
  if (!(Number.isInteger(leafIndex) && Number.isInteger(treeSize) && leafIndex >= 0 && leafIndex < treeSize)) return false;
  let fn = leafIndex;
  let sn = treeSize - 1;
  let r = hash;
  for (const p of auditPath) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = await nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = await nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && equal(r, root);
}

/** RFC 9162 §2.1.4.2. */
export async function verifyConsistency(fromSize, toSize, proof, fromRoot, toRoot) {
  if (!(Number.isInteger(fromSize) && Number.isInteger(toSize) && fromSize >= 0 && fromSize <= toSize)) return false;
  if (fromSize === 0) return proof.length === 0;
  if (fromSize === toSize) return proof.length === 0 && equal(fromRoot, toRoot);
  if (proof.length === 0) return false;
  const path = (fromSize & (fromSize - 1)) === 0 ? [fromRoot, ...proof] : [...proof];
  let fn = fromSize - 1;
  let sn = toSize - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr = path[0];
  let sr = path[0];
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = await nodeHash(c, fr);
      sr = await nodeHash(c, sr);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      sr = await nodeHash(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && equal(fr, fromRoot) && equal(sr, toRoot);
}

export async function verifyHead(publicKeyBase64Url, head) {
  try {
    const key = await crypto.subtle.importKey('raw', fromBase64Url(publicKeyBase64Url), { name: 'Ed25519' }, false, ['verify']);
    const text = `citygraph-sth-v1\n${head.treeSize}\n${head.rootHash}\n${head.timestamp}`;
    return await crypto.subtle.verify({ name: 'Ed25519' }, key, fromBase64(head.signature), encoder.encode(text));
  } catch {
    return false;
  }
}

/**
 * Checks one page of entries against the head beside them: every leaf says what the entry shows and is in the
 * signed tree. Answers the first entry (by seq) that fails, or null.
 */
export async function checkEntries(entries, head) {
  const root = fromBase64(head.rootHash);
  for (const node of [...entries].sort((a, b) => a.seq - b.seq)) {
    try {
      const leaf = fromBase64(node.leaf);
      const content = JSON.parse(new TextDecoder().decode(leaf));
      const same =
        content.seq === node.seq &&
        content.at === node.at &&
        content.coordinate === node.coordinate &&
        content.decision === node.decision &&
        (content.basis ?? null) === (node.basis ?? null) &&
        content.principal?.kind === node.principal.kind &&
        content.principal?.id === node.principal.id;
      if (!same || !node.proof || node.proof.treeSize !== head.treeSize) return node.seq;
      if (!(await verifyInclusion(node.proof.leafIndex, node.proof.treeSize, await leafHash(leaf), node.proof.auditPath.map(fromBase64), root))) return node.seq;
    } catch {
      return node.seq;
    }
  }
  return null;
}

function remembered(citizenId) {
  try {
    return JSON.parse(localStorage.getItem(STORE_PREFIX + citizenId) ?? 'null');
  } catch {
    return null;
  }
}

function remember(citizenId, value) {
  try {
    localStorage.setItem(STORE_PREFIX + citizenId, JSON.stringify(value));
  } catch {
    // Storage full or off: the check still ran, it just cannot be continued next visit.
  }
}

/**
 * The whole check of a visit. `consistency(fromSize, toSize)` asks the hub for a proof. Answers
 * `{ok: true, treeSize, checked}` or `{ok: false, problem, seq?}` with problem one of
 * SIGNATURE, ENTRY, ROLLBACK, KEY_CHANGED, TRUNCATED.
 */
export async function checkVisit({ citizenId, publicKey, head, entries, consistency }) {
  if (!(await verifyHead(publicKey, head))) return { ok: false, problem: 'SIGNATURE' };
  const badSeq = await checkEntries(entries, head);
  if (badSeq !== null) return { ok: false, problem: 'ENTRY', seq: badSeq };
  const newestSeq = entries.reduce((max, e) => Math.max(max, e.seq), 0);
  const before = remembered(citizenId);
  if (before) {
    if (before.publicKey !== publicKey) return { ok: false, problem: 'KEY_CHANGED' };
    if (head.treeSize < before.head.treeSize) return { ok: false, problem: 'ROLLBACK' };
    if (head.treeSize === before.head.treeSize) {
      if (head.rootHash !== before.head.rootHash) return { ok: false, problem: 'ROLLBACK' };
    } else {
      let proof;
      try {
        proof = (await consistency(before.head.treeSize, head.treeSize)).map(fromBase64);
      } catch {
        return { ok: false, problem: 'ROLLBACK' };
      }
      if (!(await verifyConsistency(before.head.treeSize, head.treeSize, proof, fromBase64(before.head.rootHash), fromBase64(head.rootHash)))) return { ok: false, problem: 'ROLLBACK' };
    }
    if (newestSeq < (before.newestSeq ?? 0)) return { ok: false, problem: 'TRUNCATED', seq: newestSeq + 1 };
  }
  remember(citizenId, { head, publicKey, newestSeq: Math.max(newestSeq, before?.newestSeq ?? 0), checkedAt: new Date().toISOString() });
  return { ok: true, treeSize: head.treeSize, checked: entries.length };
}
