import { openField, sealField, type FieldBinding, type SubgraphDataKey } from '../../consent/crypto/field-cipher.js';
import type { CheckInFacts, DeclarationFacts, DerivedHealthCode } from './domain/health-code.js';
import type { ValidDeclaration } from './domain/declaration-input.js';
import type { CheckInRecord, HealthCodeRecord, HealthDeclarationRecord } from './store.js';

/**
 * Sealing and opening health records. Each personal value is bound to the GraphQL type and field that expose it
 * and to its record id, so the consent transform opens it with exactly this binding when a read is allowed.
 */
type Collection = 'HealthDeclaration' | 'CheckIn' | 'HealthCode';

function binding(collection: Collection, field: string, recordId: string, citizenId: string): FieldBinding {
  return { subgraph: 'health', collection, field, recordId, citizenId };
}

export function sealDeclaration(
  key: SubgraphDataKey,
  meta: { id: string; citizenId: string; submittedAt: string },
  declaration: ValidDeclaration,
): HealthDeclarationRecord {
  const seal = (field: keyof ValidDeclaration) => sealField(key, binding('HealthDeclaration', field, meta.id, meta.citizenId), declaration[field]);
  return { ...meta, symptoms: seal('symptoms'), temperature: seal('temperature'), recentTravel: seal('recentTravel') };
}

export function openDeclaration(key: SubgraphDataKey, record: HealthDeclarationRecord): DeclarationFacts {
  const open = (field: 'symptoms' | 'temperature' | 'recentTravel') =>
    openField(key, binding('HealthDeclaration', field, record.id, record.citizenId), record[field]);
  return {
    submittedAt: record.submittedAt,
    symptoms: open('symptoms') as string[],
    temperature: open('temperature') as number | null,
    recentTravel: open('recentTravel') as string[],
  };
}

/** A check-in ready for `HealthStore.recordCheckIn` (which assigns `seq`). */
export function sealCheckIn(key: SubgraphDataKey, checkIn: { id: string; citizenId: string; at: string; facilityId: string }): Omit<CheckInRecord, 'seq'> {
  const { id, citizenId } = checkIn;
  return {
    id,
    citizenId,
    day: new Date(checkIn.at).toISOString().slice(0, 10),
    at: sealField(key, binding('CheckIn', 'at', id, citizenId), checkIn.at),
    facility: sealField(key, binding('CheckIn', 'facility', id, citizenId), checkIn.facilityId),
  };
}

/** The facility id of a check-in: `CheckIn.facility` resolves it to a Facility, so the transform cannot open it. */
export function openCheckInFacility(key: SubgraphDataKey, record: Pick<CheckInRecord, 'id' | 'citizenId' | 'facility'>): string {
  return openField(key, binding('CheckIn', 'facility', record.id, record.citizenId), record.facility) as string;
}

export function openCheckIn(key: SubgraphDataKey, record: CheckInRecord): CheckInFacts {
  return {
    at: openField(key, binding('CheckIn', 'at', record.id, record.citizenId), record.at) as string,
    facilityId: openCheckInFacility(key, record),
  };
}

export function sealHealthCode(key: SubgraphDataKey, citizenId: string, code: DerivedHealthCode, updatedAt: string): HealthCodeRecord {
  return {
    id: citizenId,
    citizenId,
    status: sealField(key, binding('HealthCode', 'status', citizenId, citizenId), code.status),
    reasons: sealField(key, binding('HealthCode', 'reasons', citizenId, citizenId), code.reasons),
    updatedAt,
  };
}

/** The status of a stored health code (the pass shows it). */
export function openHealthCodeStatus(key: SubgraphDataKey, record: HealthCodeRecord): DerivedHealthCode['status'] {
  return openField(key, binding('HealthCode', 'status', record.id, record.citizenId), record.status) as DerivedHealthCode['status'];
}
