import { describe, expect, it } from '@jest/globals';
import { readingWindow } from '../../../../../subgraphs/sensors/domain/reading-window.js';

describe('reading windows', () => {
  it('normalises the bounds of a valid window', () => {
    expect(readingWindow('2026-11-28T09:00:00+01:00', '2026-11-28T09:00:00Z', 100)).toEqual({
      ok: true, from: '2026-11-28T08:00:00.000Z', to: '2026-11-28T09:00:00.000Z', first: 100,
    });
  });

  it('allows 31 days and refuses a longer window', () => {
    expect(readingWindow('2026-10-28T00:00:00Z', '2026-11-28T00:00:00Z', 10).ok).toBe(true);
    expect(readingWindow('2026-10-28T00:00:00Z', '2026-11-28T00:00:00.001Z', 10)).toEqual({ ok: false, problem: 'The window must not be longer than 31 days.' });
  });

  it('refuses a window that ends before it starts, or malformed bounds', () => {
    expect(readingWindow('2026-11-28T09:00:00Z', '2026-11-28T08:00:00Z', 10)).toEqual({ ok: false, problem: '`to` must not be before `from`.' });
    expect(readingWindow('last week', '2026-11-28T08:00:00Z', 10).ok).toBe(false);
  });

  it('allows first from 1 to 1000 only', () => {
    const window = (first: number) => readingWindow('2026-11-28T08:00:00Z', '2026-11-28T09:00:00Z', first).ok;
    expect([0, 1, 1000, 1001].map(window)).toEqual([false, true, true, false]);
  });
});
