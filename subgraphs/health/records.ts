import { sealRecord, type OpenedRecord, type Sealer } from '../../consent/enforcement/department-capabilities.js';
import type { CheckInFacts, DeclarationFacts, DerivedHealthCode } from './domain/health-code.js';
import type { ValidDeclaration } from './domain/declaration-input.js';
import type { CheckInRecord, HealthCodeRecord, HealthDeclarationRecord } from './store.js';

/**
 * Sealing health records and reading the facts back out of opened ones. Health holds no key: values are sealed by
 * the consent service (seal-only, ARCHITECTURE §4) under the GraphQL type and field that expose them and their
 * record id, and opened only through the door (the `@personal` transform or `ctx.personal`).
 */

/** Raised when the consent service will not have records written for the citizen (erased or unknown). */
export class NotWritableError extends Error {
  constructor() {
    super('records cannot be written for this citizen');
    this.name = 'NotWritableError';
  }
}

async function sealAll<F extends string>(sealer: Sealer, citizenId: string, type: string, recordId: string, values: Record<F, unknown>): Promise<Record<F, string>> {
  const sealed = await sealRecord(sealer, { citizenId, type, recordId }, values);
  if (!sealed) throw new NotWritableError();
  return sealed;
}

export async function sealDeclaration(sealer: Sealer, meta: { id: string; citizenId: string; submittedAt: string }, declaration: ValidDeclaration): Promise<HealthDeclarationRecord> {
  const sealed = await sealAll(sealer, meta.citizenId, 'HealthDeclaration', meta.id, { symptoms: declaration.symptoms, temperature: declaration.temperature, recentTravel: declaration.recentTravel });
  return { ...meta, symptoms: sealed.symptoms, temperature: sealed.temperature, recentTravel: sealed.recentTravel };
}

/** A check-in ready for `HealthStore.recordCheckIn` (which assigns `seq`). */
export async function sealCheckIn(sealer: Sealer, checkIn: { id: string; citizenId: string; at: string; facilityId: string }): Promise<Omit<CheckInRecord, 'seq'>> {
  const { id, citizenId } = checkIn;
  const sealed = await sealAll(sealer, citizenId, 'CheckIn', id, { at: checkIn.at, facility: checkIn.facilityId });
  return { id, citizenId, day: new Date(checkIn.at).toISOString().slice(0, 10), at: sealed.at, facility: sealed.facility };
}

/** Health codes for many citizens in one sealing call; a citizen who may not be written about is left out. */
export async function sealHealthCodes(sealer: Sealer, codes: ReadonlyArray<{ citizenId: string; code: DerivedHealthCode }>, updatedAt: string): Promise<HealthCodeRecord[]> {
  const sealed = await sealer.seal(
    codes.flatMap(({ citizenId, code }) => [
      { citizenId, type: 'HealthCode', field: 'status', recordId: citizenId, value: code.status },
      { citizenId, type: 'HealthCode', field: 'reasons', recordId: citizenId, value: code.reasons },
    ]),
  );
  return codes.flatMap(({ citizenId }, i) => {
    const [status, reasons] = [sealed[2 * i], sealed[2 * i + 1]];
    return status && reasons ? [{ id: citizenId, citizenId, status, reasons, updatedAt }] : [];
  });
}

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

/** The facts of an opened declaration; `undefined` when it was refused (the door answered why). */
export function declarationFacts(opened: OpenedRecord<HealthDeclarationRecord>): DeclarationFacts | undefined {
  if (opened.refused) return undefined;
  return {
    submittedAt: String(opened.submittedAt),
    symptoms: strings(opened.symptoms),
    temperature: typeof opened.temperature === 'number' ? opened.temperature : null,
    recentTravel: strings(opened.recentTravel),
  };
}

/** The facts of an opened check-in; `undefined` when it was refused. */
export function checkInFacts(opened: OpenedRecord<CheckInRecord>): CheckInFacts | undefined {
  if (opened.refused || typeof opened.at !== 'string' || typeof opened.facility !== 'string') return undefined;
  return { at: opened.at, facilityId: opened.facility };
}
