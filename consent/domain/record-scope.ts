import type { Purpose } from '../../platform/principal.js';
import type { SubgraphName } from '../../platform/services.js';
import type { Language } from '../policy/plain-words.js';

/**
 * A consent for one record only (the one-ride consent of docs/taxi-partners.md): the grant releases the named
 * fields of that one record, and nothing else of the citizen's, and ends when the record's department says the
 * record is done with (the ride ended). Signed into the grant's receipt like the rest of its scope.
 */
export interface RecordScope {
  subgraph: SubgraphName;
  /** The GraphQL type of the record, e.g. `TaxiRide`. */
  type: string;
  id: string;
  /** The `Type.field` coordinates released, e.g. `TaxiRide.pickup`. */
  fields: string[];
}

/** What a one-ride consent releases: where the ride starts and where it goes, nothing else. */
export const TAXI_RIDE_FIELDS: readonly string[] = ['TaxiRide.pickup', 'TaxiRide.destination'];

/** How long a one-ride consent lasts at most, if its ride's end is never reported (it ends with the ride). */
export const ONE_RIDE_MAX_MS = 12 * 3600_000;

/** Whether a grant limited to `scope` covers this field (always when the grant names no record). */
export function recordScopeCovers(scope: RecordScope | null | undefined, coordinate: string | undefined): boolean {
  if (!scope) return true;
  return coordinate !== undefined && scope.fields.includes(coordinate);
}

export function sameRecordScope(a: RecordScope | null | undefined, b: RecordScope | null | undefined): boolean {
  return JSON.stringify(normalRecordScope(a)) === JSON.stringify(normalRecordScope(b));
}

function normalRecordScope(scope: RecordScope | null | undefined): RecordScope | null {
  return scope ? { subgraph: scope.subgraph, type: scope.type, id: scope.id, fields: [...scope.fields] } : null;
}

const PURPOSE_WORDS: Partial<Record<Purpose, { en: string; zh: string }>> = {
  TAXI_ASSIST: { en: 'for taxi help', zh: '用于出租车协助' },
};

/** A one-record consent in plain words: "The pickup and destination of one taxi ride, for taxi help, until the ride ends". */
export function recordScopeWords(scope: RecordScope, purpose: Purpose, language: Language): string {
  const purposeWords = PURPOSE_WORDS[purpose] ?? { en: `for ${purpose.toLowerCase().replace(/_/g, ' ')}`, zh: purpose };
  if (scope.type === 'TaxiRide') {
    return language === 'EN'
      ? `The pickup and destination of one taxi ride, ${purposeWords.en}, until the ride ends`
      : `一次出租车行程的上车地点和目的地，${purposeWords.zh}，行程结束即失效`;
  }
  return language === 'EN' ? `One ${scope.type} record, ${purposeWords.en}, until it is done` : `一条${scope.type}记录，${purposeWords.zh}，用完即失效`;
}
