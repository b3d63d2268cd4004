import type { DepartmentCapabilities } from '../../consent/enforcement/department-capabilities.js';
import { deriveHealthCode, windowStart, type CheckInFacts, type DeclarationFacts, type DerivedHealthCode, type FlaggedFacility } from './domain/health-code.js';
import { checkInFacts, declarationFacts, sealHealthCodes } from './records.js';
import type { FacilityRecord, HealthCodeRecord, HealthStore } from './store.js';

export function asFlaggedFacilities(facilities: readonly FacilityRecord[]): FlaggedFacility[] {
  return facilities.flatMap((f) => (f.exposureSince ? [{ id: f.id, name: f.name, exposureSince: f.exposureSince }] : []));
}

function groupBy<T>(rows: readonly T[], keyOf: (row: T) => string): Map<string, T[]> {
  const grouped = new Map<string, T[]>();
  for (const row of rows) grouped.set(keyOf(row), [...(grouped.get(keyOf(row)) ?? []), row]);
  return grouped;
}

export interface RecomputedCode {
  record: HealthCodeRecord;
  code: DerivedHealthCode;
}

/**
 * Derives and stores the health code of each citizen from their declarations and check-ins of the last 14 days
 * (three queries, one batched decision and one write, whatever the number of citizens). The records are opened
 * through the door for whoever `as` is (the citizen themself, or health's own processing under the PUBLIC_HEALTH
 * statute, logged in each citizen's access log); a citizen whose records are refused (erased) is left out.
 */
export async function recomputeHealthCodes(as: DepartmentCapabilities, store: HealthStore, citizenIds: readonly string[], now: Date): Promise<RecomputedCode[]> {
  if (citizenIds.length === 0) return [];
  const start = windowStart(now).toISOString();
  const [declarations, checkIns, flagged] = await Promise.all([
    store.declarationsSince(citizenIds, start),
    store.checkInsFromDay(start.slice(0, 10), citizenIds),
    store.flaggedFacilities(),
  ]);
  const opened = await as.personal.open({ HealthDeclaration: declarations, CheckIn: checkIns });
  const refused = new Set([...opened.HealthDeclaration, ...opened.CheckIn].filter((r) => r.refused).map((r) => String(r.citizenId)));
  const declarationsOf = groupBy(opened.HealthDeclaration.flatMap((r) => declarationFacts(r) ? [{ citizenId: String(r.citizenId), facts: declarationFacts(r)! }] : []), (r) => r.citizenId);
  const checkInsOf = groupBy(opened.CheckIn.flatMap((r) => checkInFacts(r) ? [{ citizenId: String(r.citizenId), facts: checkInFacts(r)! }] : []), (r) => r.citizenId);
  const flaggedFacilities = asFlaggedFacilities(flagged);
  const updatedAt = now.toISOString();
  const codes = citizenIds
    .filter((citizenId) => !refused.has(citizenId))
    .map((citizenId) => ({
      citizenId,
      code: deriveHealthCode({
        now,
        declarations: (declarationsOf.get(citizenId) ?? []).map((r): DeclarationFacts => r.facts),
        checkIns: (checkInsOf.get(citizenId) ?? []).map((r): CheckInFacts => r.facts),
        flaggedFacilities,
      }),
    }));
  const records = await sealHealthCodes(as.sealer, codes, updatedAt);
  await store.saveHealthCodes(records);
  const derived = new Map(codes.map((c) => [c.citizenId, c.code]));
  return records.map((record) => ({ record, code: derived.get(record.citizenId)! }));
}

/**
 * The citizens who checked in at `facilityId` at or after `from`. Check-ins are sealed, so the candidates come from
 * the plaintext day and are opened through the door as health's own processing (each release in the citizen's
 * access log); a refused check-in (erased citizen) is left out.
 */
export async function citizensCheckedInAt(as: DepartmentCapabilities, store: HealthStore, facilityId: string, from: Date): Promise<string[]> {
  const candidates = await store.checkInsFromDay(from.toISOString().slice(0, 10));
  if (candidates.length === 0) return [];
  const { CheckIn: opened } = await as.personal.open({ CheckIn: candidates });
  const exposed = new Set<string>();
  for (const record of opened) {
    const facts = checkInFacts(record);
    if (facts && facts.facilityId === facilityId && Date.parse(facts.at) >= from.getTime()) exposed.add(String(record.citizenId));
  }
  return [...exposed];
}
