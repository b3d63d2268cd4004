import { describe, expect, it } from '@jest/globals';
import { bioHash, newSeed, templatesMatch } from '../../../../consent/biometrics/biohash.js';
import { EMBEDDING_DIMENSIONS, validateEmbedding } from '../../../../consent/biometrics/embedding.js';
import { captureOf, DEMO_FACE_DIMENSIONS, demoFace, simulatedCapture } from '../../../../contracts/kiosk/demo-face.js';

const cosine = (a: Float64Array, b: Float64Array) => a.reduce((sum, x, i) => sum + x * b[i]!, 0);

describe('demo faces (seed enrolment and the kiosk simulator agree on them)', () => {
  it('has the embedding length the hub accepts, and every face and capture is a valid embedding', () => {
    expect(DEMO_FACE_DIMENSIONS).toBe(EMBEDDING_DIMENSIONS);
    expect(() => validateEmbedding(Array.from(demoFace('C-0015')))).not.toThrow();
    expect(() => validateEmbedding(Array.from(simulatedCapture('C-0015', 'card-holder')))).not.toThrow();
  });

  it('derives the same face for the same citizen every time, and unrelated faces for two citizens', () => {
    expect(Array.from(demoFace('C-0015'))).toEqual(Array.from(demoFace('C-0015')));
    expect(Math.abs(cosine(demoFace('C-0015'), demoFace('C-0016')))).toBeLessThan(0.25);
  });

  it('captures the face with fresh noise each time, at the stated closeness', () => {
    const face = demoFace('C-0015');
    const [a, b] = [captureOf(face, 0.85), captureOf(face, 0.85)];
    expect(cosine(a, face)).toBeCloseTo(0.85, 6);
    expect(cosine(a, b)).toBeLessThan(0.99);
  });

  it('a card holder’s capture matches the enrolled template over many captures; someone else’s never does', () => {
    const seed = newSeed();
    const enrolled = bioHash(seed, demoFace('C-0016'));
    let holder = 0;
    let stranger = 0;
    for (let i = 0; i < 20; i++) {
      if (templatesMatch(enrolled, bioHash(seed, simulatedCapture('C-0016', 'card-holder')))) holder++;
      if (templatesMatch(enrolled, bioHash(seed, simulatedCapture('C-0016', 'someone-else')))) stranger++;
    }
    expect(holder).toBe(20);
    expect(stranger).toBe(0);
  });
});
