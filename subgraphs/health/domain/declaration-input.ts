import { BadUserInputError } from '../../../platform/errors.js';

/** What a citizen may declare (the contract of `SubmitHealthDeclarationInput`). */
export const DECLARATION_LIMITS = {
  minTemperature: 34,
  maxTemperature: 43,
  maxSymptoms: 20,
  maxPlaces: 20,
  maxEntryLength: 100,
} as const;

export interface DeclarationInput {
  symptoms?: readonly string[] | null;
  temperature?: number | null;
  recentTravel?: readonly string[] | null;
}

export interface ValidDeclaration {
  symptoms: string[];
  temperature: number | null;
  recentTravel: string[];
}

const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

/** Trims every entry and drops repeats (case-insensitive), keeping the first wording. */
function validList(field: string, entries: readonly string[] | null | undefined, max: number): string[] {
  const list = entries ?? [];
  if (list.length > max) throw new BadUserInputError(`${field} may list at most ${max} entries.`, { field });
  const seen = new Set<string>();
  const out: string[] = [];
  for (const entry of list) {
    const text = entry.trim();
    if (text.length === 0) throw new BadUserInputError(`${field} entries must not be empty.`, { field });
    if (text.length > DECLARATION_LIMITS.maxEntryLength) {
      throw new BadUserInputError(`${field} entries must be at most ${DECLARATION_LIMITS.maxEntryLength} characters.`, { field });
    }
    if (CONTROL_CHARACTERS.test(text)) throw new BadUserInputError(`${field} entries must not contain control characters.`, { field });
    const key = text.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(text);
  }
  return out;
}

function validTemperature(temperature: number | null | undefined): number | null {
  if (temperature === null || temperature === undefined) return null;
  const { minTemperature, maxTemperature } = DECLARATION_LIMITS;
  if (!Number.isFinite(temperature) || temperature < minTemperature || temperature > maxTemperature) {
    throw new BadUserInputError(`temperature must be between ${minTemperature} and ${maxTemperature} °C.`, { field: 'temperature' });
  }
  return temperature;
}

/** Answers the declaration to store, or throws BAD_USER_INPUT naming the offending field. */
export function validateDeclarationInput(input: DeclarationInput): ValidDeclaration {
  return {
    symptoms: validList('symptoms', input.symptoms, DECLARATION_LIMITS.maxSymptoms),
    temperature: validTemperature(input.temperature),
    recentTravel: validList('recentTravel', input.recentTravel, DECLARATION_LIMITS.maxPlaces),
  };
}
