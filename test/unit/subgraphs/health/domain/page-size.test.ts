import { describe, expect, it } from '@jest/globals';
import { MAX_PAGE_SIZE, pageSize } from '../../../../../subgraphs/health/domain/page-size.js';

function codeOf(run: () => unknown): { code: unknown; argument: unknown } {
  try {
    run();
  } catch (error) {
    const e = error as { extensions: Record<string, unknown> };
    return { code: e.extensions.code, argument: e.extensions.argument };
  }
  throw new Error('expected a rejection');
}

describe('pageSize', () => {
  it('uses the fallback when the argument is omitted or null', () => {
    expect(pageSize('first', undefined, 50)).toBe(50);
    expect(pageSize('first', null, 10)).toBe(10);
  });

  it('accepts 0 and the maximum of 100', () => {
    expect(pageSize('first', 0, 50)).toBe(0);
    expect(pageSize('first', MAX_PAGE_SIZE, 50)).toBe(100);
  });

  it('rejects 101 with BAD_USER_INPUT naming the argument', () => {
    expect(codeOf(() => pageSize('first', 101, 50))).toEqual({ code: 'BAD_USER_INPUT', argument: 'first' });
  });

  it('rejects a negative size', () => {
    expect(codeOf(() => pageSize('last', -1, 10))).toEqual({ code: 'BAD_USER_INPUT', argument: 'last' });
  });
});
