import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import {
  b64,
  consistencyPath,
  cosignText,
  ed25519FromSeed,
  Frontier,
  headText,
  jwkOf,
  keyIdOf,
  lastLeafOf,
  leafHash,
  signEd25519,
  verifyEd25519,
  type NodeGetter,
  type SignedTreeHead,
} from '../../../../contracts/transparency-log/transparency-log.js';
import type { TransparencyHeadResponse } from '../../../../contracts/consent-gateway/wire.js';
import { TransparencyWitness } from '../../../../gateway/transparency/witness.js';
import { createLogger } from '../../../../platform/logger.js';
import { metricsFor } from '../../../../platform/metrics.js';

const authority = ed25519FromSeed(crypto.randomBytes(32));
const intruder = ed25519FromSeed(crypto.randomBytes(32));

/** A tree of `n` leaves named by `tag`, and what consent would answer for it. */
function tree(n: number, tag = 'a') {
  const frontier = new Frontier();
  const records = Array.from({ length: n }, (_, i) => {
    const hash = leafHash(Buffer.from(`${tag}${i}`));
    return { hash, nodes: frontier.push(hash) };
  });
  const node: NodeGetter = (ref) => (ref.level === 0 ? records[lastLeafOf(ref)]!.hash : records[lastLeafOf(ref)]!.nodes[ref.level - 1]!);
  const head = (key = authority): SignedTreeHead => {
    const body = { treeSize: n, rootHash: b64(frontier.root()), timestamp: new Date().toISOString() };
    return { ...body, signature: signEd25519(key.privateKey, headText(body)), keyId: keyIdOf(key.publicKey) };
  };
  const answer = (fromSize: number | null, key = authority): TransparencyHeadResponse => ({
    head: head(key),
    consistency: fromSize === null ? null : consistencyPath(fromSize, n, node).map(b64),
    authorityKey: jwkOf(key.publicKey, keyIdOf(key.publicKey)) as TransparencyHeadResponse['authorityKey'],
  });
  return { answer };
}

let dir: string;
let witness: TransparencyWitness;
const metrics = metricsFor('gateway');

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'citygraph-witness-unit-'));
  witness = new TransparencyWitness({
    dir: path.join(dir, 'witness'),
    dataDir: path.join(dir, 'data'),
    intervalMs: 60_000,
    consentBaseUrl: 'http://127.0.0.1:9',
    serviceKey: crypto.randomBytes(32),
    seed: crypto.randomBytes(32),
    timeoutMs: 100,
    logger: createLogger({ service: 'test', level: 'silent' }),
    metrics,
  });
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('the witness (gateway/transparency/witness.ts)', () => {
  it('accepts a first head and every consistent extension, cosigns each with its own key and appends it', () => {
    expect(witness.consider(tree(5).answer(null))).toBe('accepted');
    expect(witness.consider(tree(5).answer(5))).toBe('unchanged');
    expect(witness.consider(tree(12).answer(5))).toBe('accepted');
    const lines = fs.readFileSync(path.join(dir, 'witness', 'heads.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.treeSize)).toEqual([5, 12]);
    for (const line of lines) expect(verifyEd25519(witness.publicKey, cosignText(line), line.cosignature.signature)).toBe(true);
    expect(witness.document().heads.map((h) => h.treeSize)).toEqual([12, 5]);
  });

  it('refuses a rollback, a fork, a rewritten history, a bad signature and another authority key', () => {
    witness.consider(tree(8).answer(null));
    expect(witness.consider(tree(6).answer(null))).toBe('refused');
    expect(witness.consider(tree(8, 'b').answer(8))).toBe('refused');
    expect(witness.consider({ ...tree(10, 'b').answer(null), consistency: tree(10, 'b').answer(8).consistency })).toBe('refused');
    const forged = tree(9).answer(8);
    expect(witness.consider({ ...forged, head: { ...forged.head, treeSize: 10 } })).toBe('refused');
    expect(witness.consider(tree(9).answer(8, intruder))).toBe('refused');
    expect(witness.consider(tree(9).answer(8))).toBe('accepted');
    const lines = fs.readFileSync(path.join(dir, 'witness', 'heads.jsonl'), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(2);
  });

  it('goes on from its file after a restart, and refuses to keep it inside the data directory', () => {
    witness.consider(tree(4).answer(null));
    const again = new TransparencyWitness({ ...(witness as unknown as { options: ConstructorParameters<typeof TransparencyWitness>[0] }).options });
    expect(again.consider(tree(3).answer(null))).toBe('refused');
    expect(again.consider(tree(7).answer(4))).toBe('accepted');
    expect(() => new TransparencyWitness({ ...(witness as unknown as { options: ConstructorParameters<typeof TransparencyWitness>[0] }).options, dir: path.join(dir, 'data', 'w') })).toThrow(/outside HUB_DATA_DIR/);
  });
});
