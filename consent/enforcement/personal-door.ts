import { ConsentDeniedError, IntegrityError, type ConsentCode } from '../../platform/errors.js';
import { metricsFor } from '../../platform/metrics.js';
import type { SubgraphName } from '../../platform/services.js';
import { isSealed, openField } from '../crypto/field-cipher.js';
import type { ConsentGuard } from './consent-guard.js';
import type { CitizenDecision, DataCategory } from './types.js';

/**
 * The one door through which a stored personal value becomes plaintext (ARCHITECTURE §4): the `@personal` transform
 * and the record reader department code gets (department-capabilities.ts) both open values here and nowhere else.
 * A value is opened only under an allow decision for its owner, with the key of its own category, and only when it
 * is valid ciphertext for exactly this subgraph, type, field, record and citizen: the store is untrusted input.
 */
export interface StoredValue {
  subgraph: SubgraphName;
  type: string;
  field: string;
  category: DataCategory;
  recordId: string;
  citizenId: string;
  value: unknown;
  /** Whether a plaintext value here is an integrity failure (a leaf read from the store) or a computed value. */
  mustBeSealed: boolean;
}

export interface DoorLogger {
  error(details: Record<string, unknown>, message: string): void;
}

const integrityFailures = new Map<SubgraphName, ReturnType<ReturnType<typeof metricsFor>['counter']>>();

function integrityCounter(subgraph: SubgraphName) {
  let counter = integrityFailures.get(subgraph);
  if (!counter) {
    counter = metricsFor(subgraph).counter('citygraph_integrity_errors_total', 'Stored personal values refused because they are not valid ciphertext for where they are.', ['coordinate']);
    integrityFailures.set(subgraph, counter);
  }
  return counter;
}

/** Refuses a stored value that failed its integrity check: a metric and a log line that carry no value. */
function refuse(stored: StoredValue, reason: string, logger: DoorLogger | undefined): never {
  const coordinate = `${stored.type}.${stored.field}`;
  integrityCounter(stored.subgraph).inc({ coordinate });
  logger?.error({ coordinate, recordId: stored.recordId, reason }, 'a stored personal value failed its integrity check');
  throw new IntegrityError();
}

/**
 * Decides (recording the decision for someone else's data), then opens. Throws `ConsentDeniedError` for a refusal
 * and `IntegrityError` for a value that is not what it claims to be.
 */
export function release(guard: ConsentGuard, decision: CitizenDecision, stored: StoredValue, logger?: DoorLogger): unknown {
  const key = guard.enforce(decision, stored.category, `${stored.type}.${stored.field}`, stored.recordId);
  return openStored(key, stored, logger);
}

/** Opens a value already decided (the same field's decision recorded once): see `release`. */
export function openStored(key: ReturnType<ConsentGuard['enforce']>, stored: StoredValue, logger?: DoorLogger): unknown {
  const { value } = stored;
  if (value === null || value === undefined) return value;
  if (!isSealed(value)) return stored.mustBeSealed ? refuse(stored, 'not ciphertext', logger) : value;
  if (!key) return refuse(stored, 'no key released for a sealed value', logger);
  try {
    return openField(key, { subgraph: stored.subgraph, collection: stored.type, field: stored.field, recordId: stored.recordId, citizenId: stored.citizenId }, value);
  } catch {
    return refuse(stored, 'ciphertext does not open for this record, field and citizen', logger);
  }
}

/** The stable code of a refusal raised by the door, for callers that answer per record rather than throw. */
export function refusalCode(error: unknown): ConsentCode | 'INTEGRITY_ERROR' | undefined {
  if (error instanceof ConsentDeniedError) return error.code as ConsentCode;
  if (error instanceof IntegrityError) return 'INTEGRITY_ERROR';
  return undefined;
}
