import { BadUserInputError } from '../../../platform/errors.js';

/** The largest list page any field answers (ARCHITECTURE §8). */
export const MAX_PAGE_SIZE = 100;

/** Answers the page size to use, or throws BAD_USER_INPUT naming the argument when it is negative or over 100. */
export function pageSize(argument: string, value: number | null | undefined, fallback: number): number {
  const size = value ?? fallback;
  if (!Number.isInteger(size) || size < 0 || size > MAX_PAGE_SIZE) {
    throw new BadUserInputError(`${argument} must be between 0 and ${MAX_PAGE_SIZE}.`, { argument });
  }
  return size;
}
