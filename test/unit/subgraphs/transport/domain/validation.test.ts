import { describe, expect, it } from '@jest/globals';
import { hailTaxiRequest, MAX_LABEL_LENGTH, pageSize } from '../../../../../subgraphs/transport/domain/validation.js';

function errorOf(run: () => unknown): { code: unknown; argument: unknown; message: string } {
  try {
    run();
  } catch (error) {
    const e = error as { extensions: { code?: unknown; argument?: unknown }; message: string };
    return { code: e.extensions.code, argument: e.extensions.argument, message: e.message };
  }
  throw new Error('expected an error');
}

describe('page-size arguments', () => {
  it('accept whole numbers from 1 to 100 and fall back to the default when absent', () => {
    expect(pageSize('first', 1, 20)).toBe(1);
    expect(pageSize('first', 100, 20)).toBe(100);
    expect(pageSize('last', null, 10)).toBe(10);
    expect(pageSize('last', undefined, 10)).toBe(10);
  });

  it.each([0, -1, 101, 1000, 2.5])('refuse %s with BAD_USER_INPUT naming the argument', (value) => {
    expect(errorOf(() => pageSize('last', value, 10))).toEqual({
      code: 'BAD_USER_INPUT',
      argument: 'last',
      message: '"last" must be a whole number from 1 to 100.',
    });
  });
});

describe('the hail-taxi input', () => {
  it('trims both labels', () => {
    expect(hailTaxiRequest({ fromLabel: '  Home ', toLabel: 'Clinic\n' })).toEqual({ fromLabel: 'Home', toLabel: 'Clinic' });
  });

  it('refuses a blank label, naming which one', () => {
    expect(errorOf(() => hailTaxiRequest({ fromLabel: 'Home', toLabel: '   ' }))).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'toLabel' });
    expect(errorOf(() => hailTaxiRequest({ fromLabel: '', toLabel: 'Home' }))).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'fromLabel' });
  });

  it('refuses a label longer than the limit', () => {
    const long = 'x'.repeat(MAX_LABEL_LENGTH + 1);
    expect(errorOf(() => hailTaxiRequest({ fromLabel: long, toLabel: 'Home' }))).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'fromLabel' });
    expect(hailTaxiRequest({ fromLabel: 'x'.repeat(MAX_LABEL_LENGTH), toLabel: 'Home' }).fromLabel).toHaveLength(MAX_LABEL_LENGTH);
  });
});
