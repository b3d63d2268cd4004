import { BadUserInputError } from '../../../platform/errors.js';

/** The largest page any list argument may ask for (ARCHITECTURE §8). */
export const MAX_PAGE_SIZE = 100;
/** Saved-place labels are short names such as `Home`; anything longer is not a label. */
export const MAX_LABEL_LENGTH = 80;

/** A page-size argument (`first`, `last`): a whole number from 1 to 100, else BAD_USER_INPUT naming the argument. */
export function pageSize(argument: string, value: number | null | undefined, fallback: number): number {
  const size = value ?? fallback;
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
    throw new BadUserInputError(`"${argument}" must be a whole number from 1 to ${MAX_PAGE_SIZE}.`, { argument });
  }
  return size;
}

/** A saved-place label as typed: trimmed, not empty, not overlong. */
export function placeLabel(argument: string, value: string): string {
  const label = value.trim();
  if (label.length === 0) throw new BadUserInputError(`"${argument}" must name one of your saved places.`, { argument });
  if (label.length > MAX_LABEL_LENGTH) {
    throw new BadUserInputError(`"${argument}" is longer than ${MAX_LABEL_LENGTH} characters.`, { argument });
  }
  return label;
}

export interface HailTaxiRequest {
  fromLabel: string;
  toLabel: string;
}

export function hailTaxiRequest(input: HailTaxiRequest): HailTaxiRequest {
  return { fromLabel: placeLabel('fromLabel', input.fromLabel), toLabel: placeLabel('toLabel', input.toLabel) };
}
