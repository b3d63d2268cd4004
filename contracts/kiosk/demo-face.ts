import crypto from 'node:crypto';

/**
 * The demo city's faces, shared by the two places that must agree on them and nothing else: the seed, which enrols
 * the demo citizens' faces (seed/faces.ts), and the kiosk's simulated camera in development (gateway/kiosk/), which
 * shows a citizen's face to the kiosk. A real kiosk computes the embedding from its camera; no demo face is ever
 * used outside development. The hub itself never keeps an embedding: the seed hashes it into a template (BioHashing)
 * and forgets it, the simulator hands it to the kiosk page and forgets it.
 *
 * A demo face is a deterministic unit vector per citizen id (ChaCha20 keyed by SHA-256 of the id, Box-Muller); a
 * capture of it is that face plus fresh noise in a random orthogonal direction, at a fixed cosine similarity well
 * above the match threshold (docs/biometrics.md: cosine about 0.59), for the face itself and for another capture
 * of it. Someone else's face is an unrelated direction.
 */

/** The length of a face embedding (consent/biometrics/embedding.ts EMBEDDING_DIMENSIONS; a unit test checks they agree). */
export const DEMO_FACE_DIMENSIONS = 512;
/**
 * How close a simulated capture is to the citizen's face: a good camera in good light. Assisted enrolment stores a
 * capture and the kiosk then matches another one, and two captures are about this squared apart (0.92^2 = 0.85,
 * 46 of 256 bits on average, sd 6: a miss about once in a million; none in 1,500 tried). At 0.85 they were 0.72
 * apart, 62 bits, sd 7, and 25 checks in 1,500 missed a freshly enrolled face (twice in CI).
 */
export const DEMO_CAPTURE_COSINE = 0.92;

function gaussianStream(key: Buffer): () => number {
  const cipher = crypto.createCipheriv('chacha20', key, Buffer.alloc(16));
  let words = new Uint32Array(0);
  let offset = 0;
  const word = () => {
    if (offset >= words.length) {
      const bytes = cipher.update(Buffer.alloc(8 * 1024));
      words = new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4);
      offset = 0;
    }
    return words[offset++]!;
  };
  const uniform = () => (word() + 0.5) / 4294967296;
  return () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
}

function normalise(v: Float64Array): Float64Array {
  let squares = 0;
  for (const x of v) squares += x * x;
  const norm = Math.sqrt(squares);
  for (let i = 0; i < v.length; i++) v[i]! /= norm;
  return v;
}

function direction(gaussian: () => number): Float64Array {
  const v = new Float64Array(DEMO_FACE_DIMENSIONS);
  for (let i = 0; i < v.length; i++) v[i] = gaussian();
  return normalise(v);
}

/** The demo citizen's face as the seed enrols it: the same vector for the same id, every time, on every machine. */
export function demoFace(citizenId: string): Float64Array {
  return direction(gaussianStream(crypto.createHash('sha256').update(`citygraph/demo-face/v1|${citizenId}`).digest()));
}

/** A fresh capture of `face`: cosine similarity exactly `cosine` to it, the noise drawn anew on every call. */
export function captureOf(face: Float64Array, cosine = DEMO_CAPTURE_COSINE): Float64Array {
  const noise = direction(gaussianStream(crypto.randomBytes(32)));
  let along = 0;
  for (let i = 0; i < face.length; i++) along += noise[i]! * face[i]!;
  for (let i = 0; i < noise.length; i++) noise[i]! -= along * face[i]!;
  normalise(noise);
  const sine = Math.sqrt(1 - cosine * cosine);
  const out = new Float64Array(face.length);
  for (let i = 0; i < out.length; i++) out[i] = cosine * face[i]! + sine * noise[i]!;
  return normalise(out);
}

/** What the simulated camera sees: the card holder's demo face, or a stranger's (a face nobody enrolled). */
export function simulatedCapture(citizenId: string, who: 'card-holder' | 'someone-else'): Float64Array {
  const face = who === 'card-holder' ? demoFace(citizenId) : direction(gaussianStream(crypto.randomBytes(32)));
  const capture = captureOf(face);
  face.fill(0);
  return capture;
}
