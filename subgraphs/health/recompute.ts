import type { SubgraphDataKey } from '../../consent/crypto/field-cipher.js';
import { deriveHealthCode, windowStart, type CheckInFacts, type DeclarationFacts, type FlaggedFacility } from './domain/health-code.js';
import { openCheckIn, openDeclaration, sealHealthCode } from './records.js';
import type { FacilityRecord, HealthCodeRecord, HealthStore } from './store.js';

export function asFlaggedFacilities(facilities: readonly FacilityRecord[]): FlaggedFacility[] {
  return facilities.flatMap((f) => (f.exposureSince ? [{ id: f.id, name: f.name, exposureSince: f.exposureSince }] : []));
}

function groupBy<T>(rows: readonly T[], keyOf: (row: T) => string): Map<string, T[]> {
  const grouped = new Map<string, T[]>();
  for (const row of rows) grouped.set(keyOf(row), [...(grouped.get(keyOf(row)) ?? []), row]);
  return grouped;
}

/**
 * Derives and stores the health code of every citizen in `keys` from their declarations and check-ins of the
 * last 14 days (three queries and one write, whatever the number of citizens). Answers the stored records in the
 * order of `keys`. Decrypted values live only inside this call.
 */
export async function recomputeHealthCodes(store: HealthStore, keys: ReadonlyMap<string, SubgraphDataKey>, now: Date): Promise<HealthCodeRecord[]> {
  const citizenIds = [...keys.keys()];
  if (citizenIds.length === 0) return [];
  const start = windowStart(now).toISOString();
  const [declarations, checkIns, flagged] = await Promise.all([
    store.declarationsSince(citizenIds, start),
    store.checkInsFromDay(start.slice(0, 10), citizenIds),
    store.flaggedFacilities(),
  ]);
  const declarationsOf = groupBy(declarations, (d) => d.citizenId);
  const checkInsOf = groupBy(checkIns, (c) => c.citizenId);
  const flaggedFacilities = asFlaggedFacilities(flagged);
  const updatedAt = now.toISOString();
  const records = citizenIds.map((citizenId) => {
    const key = keys.get(citizenId)!;
    const code = deriveHealthCode({
      now,
      declarations: (declarationsOf.get(citizenId) ?? []).map((record): DeclarationFacts => openDeclaration(key, record)),
      checkIns: (checkInsOf.get(citizenId) ?? []).map((record): CheckInFacts => openCheckIn(key, record)),
      flaggedFacilities,
    });
    return sealHealthCode(key, citizenId, code, updatedAt);
  });
  await store.saveHealthCodes(records);
  return records;
}

/**
 * The keys of citizens who checked in at `facilityId` at or after `from`. Check-ins are sealed, so the candidates
 * come from the plaintext day and each one is opened with its citizen's key; citizens without a key (erased)
 * are left out.
 */
export async function keysOfCitizensCheckedInAt(
  store: HealthStore,
  writeKeys: (citizenIds: readonly string[]) => Promise<Map<string, SubgraphDataKey>>,
  facilityId: string,
  from: Date,
): Promise<Map<string, SubgraphDataKey>> {
  const candidates = await store.checkInsFromDay(from.toISOString().slice(0, 10));
  if (candidates.length === 0) return new Map();
  const keys = await writeKeys([...new Set(candidates.map((c) => c.citizenId))]);
  const exposed = new Map<string, SubgraphDataKey>();
  for (const record of candidates) {
    const key = keys.get(record.citizenId);
    if (!key || exposed.has(record.citizenId)) continue;
    const checkIn = openCheckIn(key, record);
    if (checkIn.facilityId === facilityId && Date.parse(checkIn.at) >= from.getTime()) exposed.set(record.citizenId, key);
  }
  return exposed;
}
