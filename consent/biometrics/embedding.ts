import { BadUserInputError } from '../../platform/errors.js';

/**
 * What the hub accepts as a face: an embedding computed on the device, never an image (ARCHITECTURE §5).
 * The reasons below name what is wrong with the input, never any of its values.
 */
export const EMBEDDING_DIMENSIONS = 512;
/** How far from 1 the Euclidean norm may be: float32 rounding on devices stays far inside this. */
export const UNIT_NORM_TOLERANCE = 1e-3;

/** A validated embedding: 512 finite numbers of unit length, as doubles. */
export type Embedding = Float64Array;

export function validateEmbedding(values: readonly unknown[], argument = 'embedding'): Embedding {
  if (!Array.isArray(values)) throw new BadUserInputError(`"${argument}" must be a list of ${EMBEDDING_DIMENSIONS} numbers.`, { argument });
  if (values.length !== EMBEDDING_DIMENSIONS) {
    throw new BadUserInputError(
      `"${argument}" must hold exactly ${EMBEDDING_DIMENSIONS} numbers (a face embedding computed on the device), not ${values.length}. Images are not accepted.`,
      { argument },
    );
  }
  const embedding = new Float64Array(EMBEDDING_DIMENSIONS);
  let squares = 0;
  for (let i = 0; i < EMBEDDING_DIMENSIONS; i++) {
    const value = values[i];
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new BadUserInputError(`"${argument}" must hold only finite numbers; entry ${i} is not one (NaN and infinities are refused).`, { argument });
    }
    embedding[i] = value;
    squares += value * value;
  }
  if (squares === 0) throw new BadUserInputError(`"${argument}" is the zero vector; a face embedding has unit length.`, { argument });
  const norm = Math.sqrt(squares);
  if (Math.abs(norm - 1) >= UNIT_NORM_TOLERANCE) {
    throw new BadUserInputError(`"${argument}" must have unit length (Euclidean norm 1 ± ${UNIT_NORM_TOLERANCE}); normalise it on the device.`, { argument });
  }
  return embedding;
}
