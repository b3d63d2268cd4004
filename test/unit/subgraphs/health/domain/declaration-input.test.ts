import { describe, expect, it } from '@jest/globals';
import { BadUserInputError } from '../../../../../platform/errors.js';
import { DECLARATION_LIMITS, validateDeclarationInput, type DeclarationInput } from '../../../../../subgraphs/health/domain/declaration-input.js';

function rejection(input: DeclarationInput): { code: string; field: unknown; message: string } {
  try {
    validateDeclarationInput(input);
  } catch (error) {
    expect(error).toBeInstanceOf(BadUserInputError);
    const e = error as BadUserInputError;
    return { code: e.code, field: e.extensions.field, message: e.message };
  }
  throw new Error('expected the input to be rejected');
}

const many = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix} ${i}`);

describe('validateDeclarationInput', () => {
  it('accepts an empty declaration as no symptoms, no temperature and no travel', () => {
    expect(validateDeclarationInput({})).toEqual({ symptoms: [], temperature: null, recentTravel: [] });
  });

  it('treats explicit nulls like omitted fields', () => {
    expect(validateDeclarationInput({ symptoms: null, temperature: null, recentTravel: null })).toEqual({ symptoms: [], temperature: null, recentTravel: [] });
  });

  it('trims entries and drops case-insensitive repeats, keeping the first wording', () => {
    expect(validateDeclarationInput({ symptoms: [' Cough ', 'cough', 'headache'], recentTravel: ['Ashford', 'ASHFORD'] })).toEqual({
      symptoms: ['Cough', 'headache'],
      temperature: null,
      recentTravel: ['Ashford'],
    });
  });

  describe('temperature', () => {
    it('accepts both bounds, 34 and 43 °C', () => {
      expect(validateDeclarationInput({ temperature: DECLARATION_LIMITS.minTemperature }).temperature).toBe(34);
      expect(validateDeclarationInput({ temperature: DECLARATION_LIMITS.maxTemperature }).temperature).toBe(43);
    });

    it('rejects 33.9 °C with BAD_USER_INPUT on temperature', () => {
      expect(rejection({ temperature: 33.9 })).toEqual({ code: 'BAD_USER_INPUT', field: 'temperature', message: 'temperature must be between 34 and 43 °C.' });
    });

    it('rejects 43.1 °C with BAD_USER_INPUT on temperature', () => {
      expect(rejection({ temperature: 43.1 }).field).toBe('temperature');
    });

    it('rejects a temperature that is not a finite number', () => {
      expect(rejection({ temperature: Number.NaN }).field).toBe('temperature');
      expect(rejection({ temperature: Number.POSITIVE_INFINITY }).field).toBe('temperature');
    });
  });

  describe('symptoms', () => {
    it('accepts 20 symptoms of 100 characters each', () => {
      const symptoms = many(20, 'x'.repeat(95));
      expect(validateDeclarationInput({ symptoms }).symptoms).toHaveLength(20);
    });

    it('rejects 21 symptoms', () => {
      expect(rejection({ symptoms: many(21, 'symptom') })).toEqual({ code: 'BAD_USER_INPUT', field: 'symptoms', message: 'symptoms may list at most 20 entries.' });
    });

    it('rejects a symptom of 101 characters', () => {
      expect(rejection({ symptoms: ['x'.repeat(101)] }).field).toBe('symptoms');
    });

    it('measures length after trimming', () => {
      expect(validateDeclarationInput({ symptoms: [`  ${'x'.repeat(100)}  `] }).symptoms).toEqual(['x'.repeat(100)]);
    });

    it('rejects an empty or blank symptom', () => {
      expect(rejection({ symptoms: ['   '] }).message).toBe('symptoms entries must not be empty.');
    });

    it('rejects control characters', () => {
      expect(rejection({ symptoms: ['cough\u0000'] }).message).toBe('symptoms entries must not contain control characters.');
      expect(rejection({ symptoms: ['cough\nfever'] }).field).toBe('symptoms');
    });
  });

  describe('recent travel', () => {
    it('accepts 20 places', () => {
      expect(validateDeclarationInput({ recentTravel: many(20, 'Place') }).recentTravel).toHaveLength(20);
    });

    it('rejects 21 places with BAD_USER_INPUT on recentTravel', () => {
      expect(rejection({ recentTravel: many(21, 'Place') })).toEqual({ code: 'BAD_USER_INPUT', field: 'recentTravel', message: 'recentTravel may list at most 20 entries.' });
    });

    it('rejects a place of 101 characters', () => {
      expect(rejection({ recentTravel: ['y'.repeat(101)] }).field).toBe('recentTravel');
    });
  });
});
