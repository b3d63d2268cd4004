import type { OpenedRecord } from '../../consent/enforcement/department-capabilities.js';
import { defaultHealthCode } from './resolvers/Citizen.js';
import type { CheckInRecord, HealthCodeRecord, HealthDeclarationRecord } from './store.js';

/** Everything health holds about one citizen, as the door opened it for the citizen themself. */
export interface OpenedHealthRecords {
  HealthCode: ReadonlyArray<OpenedRecord<HealthCodeRecord>>;
  HealthDeclaration: ReadonlyArray<OpenedRecord<HealthDeclarationRecord>>;
  CheckIn: ReadonlyArray<OpenedRecord<CheckInRecord>>;
}

/**
 * The health section of a citizen's data export: the health code (GREEN by default, as `Citizen.healthCode`
 * answers), every declaration and every check-in with its facility id, newest first. Pure.
 */
export function buildHealthExport(citizenId: string, records: OpenedHealthRecords): Record<string, unknown> {
  const fallback = defaultHealthCode(citizenId);
  const code = records.HealthCode[0];
  return {
    healthCode: code
      ? { status: code.status, reasons: code.reasons, updatedAt: code.updatedAt }
      : { status: fallback.status, reasons: fallback.reasons, updatedAt: fallback.updatedAt },
    declarations: records.HealthDeclaration.map((d) => ({ id: d.id, submittedAt: d.submittedAt, symptoms: d.symptoms, temperature: d.temperature, recentTravel: d.recentTravel })),
    checkIns: records.CheckIn.map((c) => ({ id: c.id, at: c.at, facilityId: c.facility })),
  };
}
