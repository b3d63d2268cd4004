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
