import { effectiveStatus } from './domain/licence-status.js';
import { riskLevelOf } from './domain/risk.js';
import type { ApplicationRecord, BusinessRecord, LicenceRecord } from './store.js';

/** Everything licensing holds about one citizen, as read from the store. */
export interface LicensingRecordsOfCitizen {
  businesses: readonly BusinessRecord[];
  /** Licences of those businesses, in any order. */
  licences: readonly LicenceRecord[];
  applications: readonly ApplicationRecord[];
}

/**
 * The licensing section of a citizen's data export: the businesses they own, each with its licences (status and
 * risk level derived as the graph derives them, at `now`), and their licence applications, newest first.
 * Licensing stores nothing sealed: whose business it is, not its contents, is the personal (financial) fact.
 */
export function buildLicensingExport(records: LicensingRecordsOfCitizen, now: Date): Record<string, unknown> {
  const licencesOf = new Map<string, LicenceRecord[]>();
  for (const licence of records.licences) licencesOf.set(licence.businessId, [...(licencesOf.get(licence.businessId) ?? []), licence]);
  return {
    businesses: records.businesses.map((business) => ({
      id: business.id,
      name: business.name,
      tradingAddress: business.tradingAddress,
      districtId: business.districtId,
      registeredAt: business.createdAt,
      licences: (licencesOf.get(business.id) ?? []).map((licence) => ({
        id: licence.id,
        permits: licence.permits,
        status: effectiveStatus(licence.status, licence.expiresAt, now),
        riskLevel: riskLevelOf(licence.permits),
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
