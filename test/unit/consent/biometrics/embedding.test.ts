import { describe, expect, it } from '@jest/globals';
import { EMBEDDING_DIMENSIONS, validateEmbedding } from '../../../../consent/biometrics/embedding.js';
import { CitygraphError } from '../../../../platform/errors.js';

function unit(dimensions = EMBEDDING_DIMENSIONS): number[] {
  const v = Array.from({ length: dimensions }, (_, i) => Math.sin(i + 1));
  const norm = Math.sqrt(v.reduce((s, x) => s + x * x, 0));
  return v.map((x) => x / norm);
}

function refusal(values: readonly unknown[]): { code: string; message: string } {
  try {
    validateEmbedding(values);
  } catch (error) {
    expect(error).toBeInstanceOf(CitygraphError);
    return { code: (error as CitygraphError).code, message: (error as Error).message };
  }
  throw new Error('accepted');
}

describe('face embedding validation', () => {
  it('accepts 512 finite numbers of unit length and answers them as doubles', () => {
    const values = unit();
    const embedding = validateEmbedding(values);
    expect(embedding).toBeInstanceOf(Float64Array);
    expect(Array.from(embedding)).toEqual(values);
  });

  it('accepts float32 rounding of a unit vector (norm within 1e-3 of 1)', () => {
    const rounded = Array.from(new Float32Array(unit()));
    expect(() => validateEmbedding(rounded)).not.toThrow();
    expect(() => validateEmbedding(unit().map((x) => x * 1.0009))).not.toThrow();
  });

  it('refuses a wrong length with BAD_USER_INPUT naming the expected length', () => {
    for (const values of [unit(511), unit(513), [], unit(128)]) {
      const { code, message } = refusal(values);
      expect(code).toBe('BAD_USER_INPUT');
      expect(message).toContain('exactly 512 numbers');
    }
  });

  it('refuses NaN and infinities', () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      const values = unit();
      values[7] = bad;
      const { code, message } = refusal(values);
      expect(code).toBe('BAD_USER_INPUT');
      expect(message).toMatch(/finite numbers; entry 7/);
    }
  });

  it('refuses the zero vector and vectors that are not unit length', () => {
    expect(refusal(new Array(512).fill(0))).toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringContaining('zero vector') });
    for (const scale of [2, 0.5, 1.002]) {
      expect(refusal(unit().map((x) => x * scale))).toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringContaining('unit length') });
    }
  });

  it('refuses non-numbers such as a base64 image split into strings', () => {
    const values: unknown[] = unit();
    values[0] = 'iVBORw0KGgo=';
    expect(refusal(values).code).toBe('BAD_USER_INPUT');
  });

  it('never puts a value of the embedding in its message', () => {
    const values = unit().map((x) => x * 3);
    const { message } = refusal(values);
    for (const value of values.slice(0, 8)) expect(message).not.toContain(String(value).slice(0, 8));
  });
});
