import { openField, type SubgraphDataKey } from '../../consent/crypto/field-cipher.js';
import { openCheckIn, openDeclaration } from './records.js';
import { defaultHealthCode } from './resolvers/Citizen.js';
import type { CheckInRecord, HealthCodeRecord, HealthDeclarationRecord } from './store.js';

/** Everything health holds about one citizen, as read from the store (sealed). */
export interface HealthRecordsOfCitizen {
  citizenId: string;
  healthCode: HealthCodeRecord | null;
  declarations: readonly HealthDeclarationRecord[];
  checkIns: readonly CheckInRecord[];
}

function openHealthCode(key: SubgraphDataKey, record: HealthCodeRecord): { status: unknown; reasons: unknown; updatedAt: string } {
  const open = (field: 'status' | 'reasons') =>
    openField(key, { subgraph: 'health', collection: 'HealthCode', field, recordId: record.id, citizenId: record.citizenId }, record[field]);
  return { status: open('status'), reasons: open('reasons'), updatedAt: record.updatedAt };
}

/**
 * The health section of a citizen's data export, opened with the key of the request's allow decision: the health
 * code (GREEN by default, as `Citizen.healthCode` answers), every declaration and every check-in with its facility
 * id, newest first. Pure: the caller reads the records.
 */
export function buildHealthExport(key: SubgraphDataKey, records: HealthRecordsOfCitizen): Record<string, unknown> {
  const fallback = defaultHealthCode(records.citizenId);
  return {
    healthCode: records.healthCode
      ? openHealthCode(key, records.healthCode)
      : { status: fallback.status, reasons: fallback.reasons, updatedAt: fallback.updatedAt },
    declarations: records.declarations.map((record) => ({ id: record.id, ...openDeclaration(key, record) })),
    checkIns: records.checkIns.map((record) => ({ id: record.id, ...openCheckIn(key, record) })),
  };
}
