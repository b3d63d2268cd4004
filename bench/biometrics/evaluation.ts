import crypto from 'node:crypto';
import { bioHashWith, MATCH_THRESHOLD_BITS, projectionMatrix, SEED_BYTES, TEMPLATE_BITS, templatesMatch } from '../../consent/biometrics/biohash.js';
import { EMBEDDING_DIMENSIONS, type Embedding } from '../../consent/biometrics/embedding.js';

/**
 * Measures BioHashing on synthetic faces, deterministically (the unit tests and `bench/biometrics.ts` share it):
 * a face is a random unit vector; a second capture of the same face is that vector plus noise, at an exact cosine
 * similarity (0.8 by default) to it; different faces are independent random vectors. Every random number comes from
 * a ChaCha20 stream keyed by `label`, so a run can be repeated exactly.
 */
export class SyntheticFaces {
  private readonly words: () => number;

  constructor(label: string) {
    const key = crypto.createHash('sha256').update(`citygraph/synthetic-faces|${label}`).digest();
    const cipher = crypto.createCipheriv('chacha20', key, Buffer.alloc(16));
    let buffer = new Uint32Array(0);
    let offset = 0;
    this.words = () => {
      if (offset >= buffer.length) {
        const bytes = cipher.update(Buffer.alloc(64 * 1024));
        buffer = new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4);
        offset = 0;
      }
      return buffer[offset++]!;
    };
  }

  private uniform(): number {
    return (this.words() + 0.5) / 4294967296;
  }

  gaussian(): number {
    return Math.sqrt(-2 * Math.log(this.uniform())) * Math.cos(2 * Math.PI * this.uniform());
  }

  seed(): Uint8Array {
    const seed = new Uint8Array(SEED_BYTES);
    for (let i = 0; i < SEED_BYTES; i++) seed[i] = this.words() & 0xff;
    return seed;
  }

  /** A new face: a uniformly random direction in 512 dimensions. */
  face(): Embedding {
    const v = new Float64Array(EMBEDDING_DIMENSIONS);
    for (let i = 0; i < v.length; i++) v[i] = this.gaussian();
    return normalise(v);
  }

  /** Another capture of `face`: cosine similarity exactly `cosine` to it, the noise in a random orthogonal direction. */
  capture(face: Embedding, cosine: number): Embedding {
    const noise = this.face();
    const along = dot(noise, face);
    for (let i = 0; i < noise.length; i++) noise[i]! -= along * face[i]!;
    normalise(noise);
    const sine = Math.sqrt(1 - cosine * cosine);
    const out = new Float64Array(face.length);
    for (let i = 0; i < out.length; i++) out[i] = cosine * face[i]! + sine * noise[i]!;
    return normalise(out);
  }
}

export function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

export function normalise(v: Float64Array): Float64Array {
  const norm = Math.sqrt(dot(v, v));
  for (let i = 0; i < v.length; i++) v[i]! /= norm;
  return v;
}

export function cosine(a: Float64Array, b: Float64Array): number {
  return dot(a, b) / Math.sqrt(dot(a, a) * dot(b, b));
}

/**
 * The minimum-norm least-squares solution of M x = t for a template's bits as ±1 (M is TEMPLATE_BITS x 512,
 * row-major): x = Mᵀ (M Mᵀ)⁻¹ t, through a Cholesky factorisation. This is the attacker's best linear estimate of
 * the embedding when they know the projection; without the seed they can only guess one.
 */
export function leastSquaresReconstruction(matrix: Float64Array, template: Uint8Array): Float64Array {
  const n = TEMPLATE_BITS;
  const d = EMBEDDING_DIMENSIONS;
  const target = new Float64Array(n);
  for (let i = 0; i < n; i++) target[i] = template[i >> 3]! & (1 << (i & 7)) ? 1 : -1;
  const gram = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = 0;
      for (let k = 0; k < d; k++) sum += matrix[i * d + k]! * matrix[j * d + k]!;
      gram[i * n + j] = sum;
      gram[j * n + i] = sum;
    }
  }
  // Cholesky: gram = L Lᵀ, L stored in the lower triangle.
  for (let j = 0; j < n; j++) {
    let diagonal = gram[j * n + j]!;
    for (let k = 0; k < j; k++) diagonal -= gram[j * n + k]! ** 2;
    const root = Math.sqrt(diagonal);
    gram[j * n + j] = root;
    for (let i = j + 1; i < n; i++) {
      let sum = gram[i * n + j]!;
      for (let k = 0; k < j; k++) sum -= gram[i * n + k]! * gram[j * n + k]!;
      gram[i * n + j] = sum / root;
    }
  }
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = target[i]!;
    for (let k = 0; k < i; k++) sum -= gram[i * n + k]! * y[k]!;
    y[i] = sum / gram[i * n + i]!;
  }
  const z = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let sum = y[i]!;
    for (let k = i + 1; k < n; k++) sum -= gram[k * n + i]! * z[k]!;
    z[i] = sum / gram[i * n + i]!;
  }
  const x = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) x[k]! += matrix[i * d + k]! * z[i]!;
  return x;
}

export interface EvaluationOptions {
  /** Same-face pairs, each under its own seed. */
  genuinePairs: number;
  /** Different faces compared under each genuine pair's seed. */
  impostorsPerSeed: number;
  /** Faces enrolled under two seeds. */
  crossSeedPairs: number;
  /** Templates an attacker tries to invert, with and without the seed. */
  reconstructions: number;
  cosine?: number;
  label?: string;
}

export interface EvaluationReport {
  threshold: number;
  templateBits: number;
  cosine: number;
  genuine: { pairs: number; matches: number; rate: number };
  impostor: { pairs: number; matches: number; rate: number };
  crossSeed: { pairs: number; matches: number; rate: number };
  reconstruction: { trials: number; withoutSeedMeanCosine: number; withoutSeedMaxAbsCosine: number; withSeedMeanCosine: number };
}

const rate = (matches: number, pairs: number) => ({ pairs, matches, rate: pairs ? matches / pairs : 0 });

export function evaluateBioHash(options: EvaluationOptions): EvaluationReport {
  const similarity = options.cosine ?? 0.8;
  const faces = new SyntheticFaces(options.label ?? 'evaluation');
  let genuine = 0;
  let impostor = 0;
  for (let i = 0; i < options.genuinePairs; i++) {
    const matrix = projectionMatrix(faces.seed());
    const face = faces.face();
    const enrolled = bioHashWith(matrix, face);
    if (templatesMatch(enrolled, bioHashWith(matrix, faces.capture(face, similarity)))) genuine++;
    for (let j = 0; j < options.impostorsPerSeed; j++) if (templatesMatch(enrolled, bioHashWith(matrix, faces.face()))) impostor++;
  }
  let crossSeed = 0;
  for (let i = 0; i < options.crossSeedPairs; i++) {
    const face = faces.face();
    if (templatesMatch(bioHashWith(projectionMatrix(faces.seed()), face), bioHashWith(projectionMatrix(faces.seed()), face))) crossSeed++;
  }
  let withoutSum = 0;
  let withoutMax = 0;
  let withSum = 0;
  for (let i = 0; i < options.reconstructions; i++) {
    const face = faces.face();
    const matrix = projectionMatrix(faces.seed());
    const template = bioHashWith(matrix, face);
    const guessed = cosine(leastSquaresReconstruction(projectionMatrix(faces.seed()), template), face);
    withoutSum += guessed;
    withoutMax = Math.max(withoutMax, Math.abs(guessed));
    withSum += cosine(leastSquaresReconstruction(matrix, template), face);
  }
  const trials = options.reconstructions;
  return {
    threshold: MATCH_THRESHOLD_BITS,
    templateBits: TEMPLATE_BITS,
    cosine: similarity,
    genuine: rate(genuine, options.genuinePairs),
    impostor: rate(impostor, options.genuinePairs * options.impostorsPerSeed),
    crossSeed: rate(crossSeed, options.crossSeedPairs),
    reconstruction: { trials, withoutSeedMeanCosine: trials ? withoutSum / trials : 0, withoutSeedMaxAbsCosine: withoutMax, withSeedMeanCosine: trials ? withSum / trials : 0 },
  };
}
