import { parseIsoDateTime } from './iso-time.js';

export const MAX_WINDOW_MS = 31 * 24 * 3_600_000;
export const MAX_READINGS_PER_WINDOW = 1_000;

export type ReadingWindow = { ok: true; from: string; to: string; first: number } | { ok: false; problem: string };

/** Checks `readings(from, to, first)` and normalises the bounds so they compare as stored times do. */
export function readingWindow(from: unknown, to: unknown, first: number): ReadingWindow {
  const start = parseIsoDateTime(from);
  const end = parseIsoDateTime(to);
  if (start === null || end === null) return { ok: false, problem: '`from` and `to` must be ISO 8601 date-times with a time zone.' };
  if (end < start) return { ok: false, problem: '`to` must not be before `from`.' };
  if (end - start > MAX_WINDOW_MS) return { ok: false, problem: 'The window must not be longer than 31 days.' };
  if (!Number.isInteger(first) || first < 1 || first > MAX_READINGS_PER_WINDOW) return { ok: false, problem: '`first` must be between 1 and 1000.' };
  return { ok: true, from: new Date(start).toISOString(), to: new Date(end).toISOString(), first };
}
