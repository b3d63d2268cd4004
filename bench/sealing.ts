/**
 * What "writes cannot read" costs (ARCHITECTURE §5, issue 10 item 2): the symmetric field cipher the hub uses, beside
 * the asymmetric sealing that would make a writer unable to read cryptographically (a per-record content key sealed
 * to a per-citizen, per-subgraph, per-category X25519 public key). Medians per call, in this process, no I/O.
 */
import crypto, { randomBytes } from 'node:crypto';
import { openField, sealField, type FieldBinding } from '../consent/crypto/field-cipher.js';
import { loadSodium, sodium } from '../platform/sodium.js';

export interface SealingResults {
  /** XChaCha20-Poly1305 with the binding as associated data: what the consent service does per field. */
  fieldSealUs: number;
  fieldOpenUs: number;
  /** libsodium-wrappers crypto_box_seal of a 32-byte content key, and its opening. */
  boxSealUs: number;
  boxSealOpenUs: number;
  /** node:crypto's native X25519 (the key agreement inside a sealed box), one per record to open. */
  nativeX25519Us: number;
  /** Reading one field of a 3-field record sealed asymmetrically: (one box open + 3 field opens) / 3, both ways. */
  asymmetricReadPerFieldUs: number;
  asymmetricNativeReadPerFieldUs: number;
}

function median(samples: number[]): number {
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)]!;
}

function perCall(blocks: number, perBlock: number, body: (i: number) => void): number {
  for (let i = 0; i < perBlock * 3; i += 1) body(i);
  const out: number[] = [];
  for (let b = 0; b < blocks; b += 1) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < perBlock; i += 1) body(b * perBlock + i);
    out.push(Number(process.hrtime.bigint() - t0) / 1000 / perBlock);
  }
  return median(out);
}

export async function runSealing(): Promise<SealingResults> {
  await loadSodium();
  const s = sodium();
  const key = { key: new Uint8Array(randomBytes(32)), version: 1 };
  const bindings: FieldBinding[] = Array.from({ length: 1000 }, (_, i) => ({ subgraph: 'health', collection: 'CheckIn', field: 'facility', recordId: `CI-${i}`, citizenId: `C-${i % 100}` }));
  const sealed = bindings.map((b) => sealField(key, b, 'F-013'));
  const fieldSealUs = perCall(100, 200, (i) => void sealField(key, bindings[i % 1000]!, 'F-013'));
  const fieldOpenUs = perCall(100, 200, (i) => void openField(key, bindings[i % 1000]!, sealed[i % 1000]!));

  const recipient = s.crypto_box_keypair();
  const contentKeys = Array.from({ length: 100 }, () => new Uint8Array(randomBytes(32)));
  const boxes = contentKeys.map((k) => s.crypto_box_seal(k, recipient.publicKey));
  const boxSealUs = perCall(30, 20, (i) => void s.crypto_box_seal(contentKeys[i % 100]!, recipient.publicKey));
  const boxSealOpenUs = perCall(30, 20, (i) => void s.crypto_box_seal_open(boxes[i % 100]!, recipient.publicKey, recipient.privateKey));

  // The native path: the reader's private key object, and each record's ephemeral public key from its raw bytes.
  const reader = crypto.generateKeyPairSync('x25519');
  const ephemeral = Array.from({ length: 100 }, () => crypto.generateKeyPairSync('x25519').publicKey.export({ format: 'jwk' }));
  const nativeX25519Us = perCall(30, 20, (i) => void crypto.diffieHellman({ privateKey: reader.privateKey, publicKey: crypto.createPublicKey({ key: ephemeral[i % 100]!, format: 'jwk' }) }));

  return {
    fieldSealUs,
    fieldOpenUs,
    boxSealUs,
    boxSealOpenUs,
    nativeX25519Us,
    asymmetricReadPerFieldUs: (boxSealOpenUs + 3 * fieldOpenUs) / 3,
    asymmetricNativeReadPerFieldUs: (nativeX25519Us + 3 * fieldOpenUs) / 3,
  };
}

// `tsx bench/sealing.ts` prints the figures alone.
if (import.meta.url === `file://${process.argv[1]}`) {
  const results = await runSealing();
  for (const [name, value] of Object.entries(results)) console.log(`${name.padEnd(32)} ${value.toFixed(2)} µs`);
}
