import crypto from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import {
  consistencyPath,
  ed25519FromSeed,
  Frontier,
  headText,
  inclusionPath,
  lastLeafOf,
  leafHash,
  rootOfLeafHashes,
  signEd25519,
  verifyConsistency,
  verifyHead,
  verifyInclusion,
  type NodeGetter,
} from '../../../../contracts/transparency-log/transparency-log.js';

/** The eight leaves of RFC 6962's and RFC 9162's reference test tree (as used by Certificate Transparency's own tests). */
const RFC_LEAVES = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map((h) => Buffer.from(h, 'hex'));
const RFC_ROOTS = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];

/** A tree kept the way the store keeps it: every perfect subtree in the record of its last leaf. */
function tree(leaves: readonly Buffer[]) {
  const frontier = new Frontier();
  const records = leaves.map((leaf) => {
    const hash = leafHash(leaf);
    return { hash, nodes: frontier.push(hash) };
  });
  const node: NodeGetter = (ref) => {
    const record = records[lastLeafOf(ref)]!;
    return ref.level === 0 ? record.hash : record.nodes[ref.level - 1]!;
  };
  return { frontier, node, hashes: records.map((r) => r.hash) };
}

const randomLeaves = (n: number) => Array.from({ length: n }, (_, i) => Buffer.from(`leaf ${i} ${crypto.randomBytes(4).toString('hex')}`));

describe('the transparency log tree (RFC 9162 §2.1)', () => {
  it('computes the reference roots of the RFC test tree for every size, incrementally and from scratch', () => {
    expect(rootOfLeafHashes([]).toString('hex')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    for (let n = 1; n <= 8; n++) {
      const t = tree(RFC_LEAVES.slice(0, n));
      expect(t.frontier.root().toString('hex')).toBe(RFC_ROOTS[n - 1]);
      expect(rootOfLeafHashes(t.hashes).toString('hex')).toBe(RFC_ROOTS[n - 1]);
    }
  });

  it('produces the reference audit path of leaf 0 in the 8-leaf tree, and the reference consistency proofs', () => {
    const t = tree(RFC_LEAVES);
    expect(inclusionPath(0, 8, t.node).map((h) => h.toString('hex'))).toEqual([
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ]);
    expect(consistencyPath(6, 8, t.node).map((h) => h.toString('hex'))).toEqual([
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ]);
    expect(consistencyPath(2, 5, t.node).map((h) => h.toString('hex'))).toEqual([
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ]);
  });

  it('verifies every inclusion proof of every leaf in trees of 1 to 40 leaves', () => {
    const leaves = randomLeaves(40);
    const t = tree(leaves);
    for (let n = 1; n <= 40; n++) {
      const root = rootOfLeafHashes(t.hashes.slice(0, n));
      for (let m = 0; m < n; m++) expect(verifyInclusion(m, n, t.hashes[m]!, inclusionPath(m, n, t.node), root)).toBe(true);
    }
  });

  it('verifies every consistency proof between sizes 0..40', () => {
    const t = tree(randomLeaves(40));
    const roots = Array.from({ length: 41 }, (_, n) => rootOfLeafHashes(t.hashes.slice(0, n)));
    for (let n = 0; n <= 40; n++) {
      for (let m = 0; m <= n; m++) expect(verifyConsistency(m, n, consistencyPath(m, n, t.node), roots[m]!, roots[n]!)).toBe(true);
    }
  });

  it('rejects a tampered audit path, a wrong index, a wrong size and another leaf', () => {
    const t = tree(randomLeaves(13));
    const root = t.frontier.root();
    const path = inclusionPath(5, 13, t.node);
    const flipped = path.map((h, i) => (i === 1 ? Buffer.from(h.map((b, j) => (j === 0 ? b ^ 1 : b))) : h));
    expect(verifyInclusion(5, 13, t.hashes[5]!, flipped, root)).toBe(false);
    expect(verifyInclusion(4, 13, t.hashes[5]!, path, root)).toBe(false);
    expect(verifyInclusion(5, 13, t.hashes[6]!, path, root)).toBe(false);
    expect(verifyInclusion(5, 13, t.hashes[5]!, path.slice(0, -1), root)).toBe(false);
    expect(verifyInclusion(5, 13, t.hashes[5]!, [...path, path[0]!], root)).toBe(false);
    expect(verifyInclusion(13, 13, t.hashes[5]!, path, root)).toBe(false);
  });

  it('detects a truncation or rollback by consistency: a shorter or rewritten tree is not an extension', () => {
    const leaves = randomLeaves(20);
    const honest = tree(leaves);
    const saved = { size: 12, root: rootOfLeafHashes(honest.hashes.slice(0, 12)) };
    // Truncated to 9 leaves and re-extended with other entries: no proof from the saved head holds.
    const rewritten = tree([...leaves.slice(0, 9), ...randomLeaves(11)]);
    expect(verifyConsistency(saved.size, 20, consistencyPath(saved.size, 20, rewritten.node), saved.root, rewritten.frontier.root())).toBe(false);
    // One leaf inside the saved prefix changed.
    const edited = tree(leaves.map((l, i) => (i === 3 ? Buffer.from('edited') : l)));
    expect(verifyConsistency(saved.size, 20, consistencyPath(saved.size, 20, edited.node), saved.root, edited.frontier.root())).toBe(false);
    // Two leaves reordered.
    const reordered = tree(leaves.map((l, i) => (i === 4 ? leaves[5]! : i === 5 ? leaves[4]! : l)));
    expect(verifyConsistency(saved.size, 20, consistencyPath(saved.size, 20, reordered.node), saved.root, reordered.frontier.root())).toBe(false);
    // A rollback to a smaller tree is no extension of the saved head at all.
    expect(verifyConsistency(saved.size, 10, [], saved.root, rootOfLeafHashes(honest.hashes.slice(0, 10)))).toBe(false);
    // The honest extension verifies; a proof with a flipped hash does not.
    const proof = consistencyPath(saved.size, 20, honest.node);
    expect(verifyConsistency(saved.size, 20, proof, saved.root, honest.frontier.root())).toBe(true);
    expect(verifyConsistency(saved.size, 20, [Buffer.alloc(32), ...proof.slice(1)], saved.root, honest.frontier.root())).toBe(false);
    expect(verifyConsistency(saved.size, 20, [], saved.root, honest.frontier.root())).toBe(false);
  });

  it('signs and verifies the head text exactly as ARCHITECTURE §4 writes it', () => {
    const { privateKey, publicKey } = ed25519FromSeed(crypto.randomBytes(32));
    const body = { treeSize: 8, rootHash: Buffer.from(RFC_ROOTS[7]!, 'hex').toString('base64'), timestamp: '2026-11-30T06:00:00.000Z' };
    expect(headText(body)).toBe(`citygraph-sth-v1\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n2026-11-30T06:00:00.000Z`);
    const head = { ...body, signature: signEd25519(privateKey, headText(body)), keyId: 'k' };
    expect(verifyHead(publicKey, head)).toBe(true);
    expect(verifyHead(publicKey, { ...head, treeSize: 9 })).toBe(false);
    expect(verifyHead(publicKey, { ...head, timestamp: '2026-11-30T06:00:01.000Z' })).toBe(false);
  });
});
