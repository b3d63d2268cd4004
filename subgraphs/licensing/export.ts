import { effectiveStatus } from './domain/licence-status.js';
import { gradeRisk, riskLevelOf } from './domain/risk.js';
import type { ApplicationRecord, BusinessRecord, InspectionRecord, LicenceRecord } from './store.js';

/** Everything licensing holds about one citizen, as read from the store. */
export interface LicensingRecordsOfCitizen {
  businesses: readonly BusinessRecord[];
  /** Licences of those businesses, in any order. */
  licences: readonly LicenceRecord[];
  applications: readonly ApplicationRecord[];
  /** Inspections of those businesses, in any order: the record each licence is graded by. */
  inspections?: readonly InspectionRecord[];
}

/**
 * The licensing section of a citizen's data export: the businesses they own, each with its inspections and its
 * licences (status, risk level and the reasons' codes derived as the graph derives them, at `now`), and their licence
 * applications, newest first.
 * Licensing stores nothing sealed: whose business it is, not its contents, is the personal (financial) fact.
 */
export function buildLicensingExport(records: LicensingRecordsOfCitizen, now: Date): Record<string, unknown> {
  const licencesOf = new Map<string, LicenceRecord[]>();
  for (const licence of records.licences) licencesOf.set(licence.businessId, [...(licencesOf.get(licence.businessId) ?? []), licence]);
  const inspectionsOf = new Map<string, InspectionRecord[]>();
  for (const inspection of records.inspections ?? []) inspectionsOf.set(inspection.businessId, [...(inspectionsOf.get(inspection.businessId) ?? []), inspection]);
  return {
    businesses: records.businesses.map((business) => ({
      id: business.id,
      name: business.name,
      tradingAddress: business.tradingAddress,
      districtId: business.districtId,
      registeredAt: business.createdAt,
      inspections: (inspectionsOf.get(business.id) ?? []).map(({ at, severity }) => ({ at, severity })),
      licences: (licencesOf.get(business.id) ?? []).map((licence) => ({
        id: licence.id,
        permits: licence.permits,
        status: effectiveStatus(licence.status, licence.expiresAt, now),
        ...gradeOf(licence, licencesOf.get(business.id) ?? [], inspectionsOf.get(business.id) ?? [], now),
        issuedAt: licence.issuedAt,
        expiresAt: licence.expiresAt,
        renewedAt: licence.renewedAt,
      })),
    })),
    applications: records.applications.map((application) => ({
      id: application.id,
      businessId: application.businessId,
      status: application.status,
      permits: application.permits,
      riskLevel: riskLevelOf(application.permits),
      submittedAt: application.submittedAt,
      updatedAt: application.updatedAt,
      licenceId: application.licenceId,
    })),
  };
}

function gradeOf(licence: LicenceRecord, licences: readonly LicenceRecord[], inspections: readonly InspectionRecord[], now: Date) {
  const grade = gradeRisk(licence.permits, { licences, inspections }, now);
  return { riskLevel: grade.level, riskReasons: grade.reasons.map((reason) => reason.code) };
}
