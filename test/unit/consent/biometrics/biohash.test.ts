import { beforeAll, describe, expect, it } from '@jest/globals';
import { bioHash, hammingDistance, MATCH_THRESHOLD_BITS, projectionMatrix, TEMPLATE_BYTES, templatesMatch } from '../../../../consent/biometrics/biohash.js';
import { cosine, evaluateBioHash, SyntheticFaces } from '../../../../bench/biometrics/evaluation.js';

describe('BioHashing', () => {
  it('expands a seed into the same projection every time, and different seeds into different ones', () => {
    const faces = new SyntheticFaces('determinism');
    const seed = faces.seed();
    expect(projectionMatrix(seed)).toEqual(projectionMatrix(new Uint8Array(seed)));
    expect(projectionMatrix(faces.seed())[0]).not.toBe(projectionMatrix(seed)[0]);
    const face = faces.face();
    const template = bioHash(seed, face);
    expect(template).toHaveLength(TEMPLATE_BYTES);
    expect(bioHash(seed, face)).toEqual(template);
  });

  it('counts differing bits and matches at the documented threshold, not beyond it', () => {
    const a = new Uint8Array(TEMPLATE_BYTES);
    const b = new Uint8Array(TEMPLATE_BYTES);
    expect(hammingDistance(a, b)).toBe(0);
    b[0] = 0b1011;
    expect(hammingDistance(a, b)).toBe(3);
    const flip = (bits: number) => {
      const t = new Uint8Array(TEMPLATE_BYTES);
      for (let i = 0; i < bits; i++) t[i >> 3]! |= 1 << (i & 7);
      return t;
    };
    expect(templatesMatch(a, flip(MATCH_THRESHOLD_BITS))).toBe(true);
    expect(templatesMatch(a, flip(MATCH_THRESHOLD_BITS + 1))).toBe(false);
  });

  it('builds synthetic captures at exactly the cosine asked for', () => {
    const faces = new SyntheticFaces('captures');
    const face = faces.face();
    expect(cosine(face, faces.capture(face, 0.8))).toBeCloseTo(0.8, 10);
    expect(Math.abs(cosine(face, faces.face()))).toBeLessThan(0.25);
  });

  // One deterministic run over synthetic faces: 200 same-face pairs at cosine 0.8 (each under its own seed),
  // 400 different-face pairs, 200 faces under two seeds, 20 least-squares inversions.
  let report: ReturnType<typeof evaluateBioHash>;
  beforeAll(() => {
    report = evaluateBioHash({ genuinePairs: 200, impostorsPerSeed: 2, crossSeedPairs: 200, reconstructions: 20, label: 'unit-test' });
  });

  it('matches the same face at cosine 0.8 at least 99% of the time over 200 pairs', () => {
    expect(report.genuine.pairs).toBe(200);
    expect(report.genuine.rate).toBeGreaterThanOrEqual(0.99);
  });

  it('matches different faces at most 0.1% of the time over 400 pairs', () => {
    expect(report.impostor.pairs).toBe(400);
    expect(report.impostor.rate).toBeLessThanOrEqual(0.001);
  });

  it('does not match the same face enrolled under two different seeds', () => {
    expect(report.crossSeed.pairs).toBe(200);
    expect(report.crossSeed.matches).toBe(0);
  });

  it('gives no usable estimate of the embedding without the seed (least-squares cosine below 0.1)', () => {
    expect(report.reconstruction.withoutSeedMeanCosine).toBeLessThan(0.1);
    expect(Math.abs(report.reconstruction.withoutSeedMeanCosine)).toBeLessThan(0.1);
    // The same inversion with the seed does recover the direction: the seed is what protects the template.
    expect(report.reconstruction.withSeedMeanCosine).toBeGreaterThan(0.3);
  });
});
