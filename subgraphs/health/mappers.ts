import type { CheckInRecord, FacilityRecord, HealthDeclarationRecord } from './store.js';

/**
 * Resolvers receive stored records: personal fields are sealed strings that the consent transform opens when a
 * read is allowed. Every type with personal fields carries its owner in `citizenId` (`id` on Citizen).
 */
export type CitizenMapper = { id: string };
export type FacilityMapper = FacilityRecord;
export type HealthDeclarationMapper = HealthDeclarationRecord;
export type CheckInMapper = CheckInRecord;

/** A stored health code (sealed values), or the default GREEN of a citizen without one (plaintext values). */
export interface HealthCodeMapper {
  /** The citizen's id: the record id the sealed values are bound to. */
  id: string;
  citizenId: string;
  status: string;
  reasons: string | string[];
  updatedAt: string | null;
}

/** A citizen's data export is only its key; the health section is built from the citizen's records when asked for. */
export type DataExportMapper = { citizenId: string };

/** An issued pass; `citizenId` is its owner for the consent transform (the status is the citizen's health data). */
export interface HealthPassMapper {
  citizenId: string;
  token: string;
  expiresAt: string;
  status: string;
}

/** A scan's answer: the status the pass showed and the check-in recorded for the pass's citizen. */
export interface ScanHealthPassPayloadMapper {
  citizenId: string;
  status: string;
  checkIn: CheckInRecord;
}

export type KioskHealthPassPayloadMapper = { matched: boolean; pass: HealthPassMapper | null };
