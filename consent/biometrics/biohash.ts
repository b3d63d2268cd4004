import crypto from 'node:crypto';
import { EMBEDDING_DIMENSIONS, type Embedding } from './embedding.js';

/**
 * BioHashing (Teoh, Ngo and Goh, 2004) as the hub uses it: a per-citizen secret seed expands into a random Gaussian
 * projection of 256 rows; the template is the sign of each projection of the embedding, 256 bits. For sign random
 * projections the chance that one bit differs between two embeddings is their angle / π, so the Hamming distance
 * follows a binomial law and the threshold below has computable error rates (docs/biometrics.md).
 *
 * Without the seed the bits are signs of projections nobody knows: they say nothing about the embedding. A new seed
 * gives an unrelated template for the same face, so re-enrolment revokes the old template.
 *
 * Pure: no I/O, no logging. Nothing here keeps an embedding beyond the call.
 */
export const TEMPLATE_BITS = 256;
export const TEMPLATE_BYTES = TEMPLATE_BITS / 8;
export const SEED_BYTES = 32;
/**
 * Match when at most 77 of 256 bits differ (30%): an angle of about 54°, cosine about 0.59. The same face at
 * cosine 0.8 differs in 20.5% of bits on average (52 bits, sd 6.5); different faces (cosine near 0) in 50%
 * (128 bits, sd 8). Both error rates at this threshold are below one in ten thousand.
 */
export const MATCH_THRESHOLD_BITS = 77;

/** The seed's projection: TEMPLATE_BITS rows of EMBEDDING_DIMENSIONS standard normal numbers, row-major. */
export function projectionMatrix(seed: Uint8Array): Float64Array {
  if (seed.length !== SEED_BYTES) throw new Error(`a BioHash seed has ${SEED_BYTES} bytes`);
  const count = TEMPLATE_BITS * EMBEDDING_DIMENSIONS;
  // ChaCha20 keystream keyed by the seed: a fast, deterministic CSPRNG. The IV names the version of this scheme.
  const iv = Buffer.alloc(16);
  iv.write('biohash/v1', 4, 'ascii');
  const cipher = crypto.createCipheriv('chacha20', seed, iv);
  const stream = cipher.update(Buffer.alloc(count * 4));
  const words = new Uint32Array(stream.buffer, stream.byteOffset, count);
  const matrix = new Float64Array(count);
  const TWO_POW_32 = 4294967296;
  for (let i = 0; i < count; i += 2) {
    // Box-Muller: two uniforms in (0, 1) give two independent standard normals.
    const u1 = (words[i]! + 0.5) / TWO_POW_32;
    const u2 = (words[i + 1]! + 0.5) / TWO_POW_32;
    const radius = Math.sqrt(-2 * Math.log(u1));
    matrix[i] = radius * Math.cos(2 * Math.PI * u2);
    matrix[i + 1] = radius * Math.sin(2 * Math.PI * u2);
  }
  return matrix;
}

/** The template: bit i is 1 when row i of the projection has a non-negative dot product with the embedding. */
export function bioHashWith(matrix: Float64Array, embedding: Embedding): Uint8Array {
  const template = new Uint8Array(TEMPLATE_BYTES);
  for (let row = 0; row < TEMPLATE_BITS; row++) {
    let dot = 0;
    const offset = row * EMBEDDING_DIMENSIONS;
    for (let j = 0; j < EMBEDDING_DIMENSIONS; j++) dot += matrix[offset + j]! * embedding[j]!;
    if (dot >= 0) template[row >> 3]! |= 1 << (row & 7);
  }
  return template;
}

export function bioHash(seed: Uint8Array, embedding: Embedding): Uint8Array {
  return bioHashWith(projectionMatrix(seed), embedding);
}

export function hammingDistance(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length) throw new Error('templates of different lengths');
  let distance = 0;
  for (let i = 0; i < a.length; i++) {
    let x = a[i]! ^ b[i]!;
    while (x) {
      x &= x - 1;
      distance++;
    }
  }
  return distance;
}

/** The only answer verification gives: match or not, never the distance. */
export function templatesMatch(enrolled: Uint8Array, probe: Uint8Array): boolean {
  return hammingDistance(enrolled, probe) <= MATCH_THRESHOLD_BITS;
}

export function newSeed(): Uint8Array {
  return new Uint8Array(crypto.randomBytes(SEED_BYTES));
}
