import { DuplicateKeyError, type Collection, type Store } from '../../platform/store/types.js';
import type { FacilityKind } from './__generated__/resolvers-types.js';

/** A facility: public data, stored in plaintext. Flag fields are null unless flagged (never absent). */
export interface FacilityRecord {
  id: string;
  name: string;
  kind: FacilityKind;
  districtId: string;
  address: string;
  exposureFlaggedAt: string | null;
  exposureSince: string | null;
}

/** A declaration: `symptoms`, `temperature` and `recentTravel` are sealed; `submittedAt` orders and filters. */
export interface HealthDeclarationRecord {
  id: string;
  citizenId: string;
  submittedAt: string;
  symptoms: string;
  temperature: string;
  recentTravel: string;
}

/**
 * A check-in: `at` and `facility` (the facility id) are sealed, so where and when exactly stays personal.
 * `seq` (the citizen's n-th check-in) orders a citizen's list and `day` (YYYY-MM-DD, UTC) lets a time window be
 * found; neither says where.
 */
export interface CheckInRecord {
  id: string;
  citizenId: string;
  seq: number;
  day: string;
  at: string;
  facility: string;
}

/** A citizen's materialised health code: record id = citizen id; `status` and `reasons` are sealed. */
export interface HealthCodeRecord {
  id: string;
  citizenId: string;
  status: string;
  reasons: string;
  updatedAt: string;
}

/**
 * A health-pass nonce this department has used up (record id = the nonce). Kept until the pass has expired, after
 * which the pass is refused as expired anyway.
 */
export interface UsedPassNonceRecord {
  id: string;
  usedAt: string;
  expiresAt: string;
}

/** Newest first, at most `last` per citizen, grouped by citizen. */
function latestPerCitizen<T extends { citizenId: string }>(rows: readonly T[], last: number): Map<string, T[]> {
  const grouped = new Map<string, T[]>();
  for (const row of rows) {
    const list = grouped.get(row.citizenId) ?? [];
    if (list.length < last) list.push(row);
    grouped.set(row.citizenId, list);
  }
  return grouped;
}

/** The only module that touches the health subgraph's database. */
export class HealthStore {
  private constructor(
    readonly store: Store,
    readonly facilities: Collection<FacilityRecord>,
    readonly declarations: Collection<HealthDeclarationRecord>,
    readonly checkIns: Collection<CheckInRecord>,
    readonly healthCodes: Collection<HealthCodeRecord>,
    readonly usedPassNonces: Collection<UsedPassNonceRecord>,
  ) {}

  static async open(store: Store): Promise<HealthStore> {
    return new HealthStore(
      store,
      await store.collection<FacilityRecord>({ name: 'facilities', indexes: ['districtId', 'exposureFlaggedAt'] }),
      await store.collection<HealthDeclarationRecord>({ name: 'health_declarations', indexes: [['citizenId', 'submittedAt']] }),
      await store.collection<CheckInRecord>({ name: 'check_ins', indexes: [['citizenId', 'seq'], ['citizenId', 'day'], 'day'] }),
      await store.collection<HealthCodeRecord>({ name: 'health_codes' }),
      await store.collection<UsedPassNonceRecord>({ name: 'used_pass_nonces', indexes: ['expiresAt'] }),
    );
  }

  facilitiesByIds(ids: readonly string[]): Promise<Array<FacilityRecord | null>> {
    return this.facilities.getMany(ids);
  }

  listFacilities(districtId: string | undefined, first: number): Promise<FacilityRecord[]> {
    if (first === 0) return Promise.resolve([]);
    return this.facilities.find(districtId === undefined ? {} : { districtId }, { sort: [['id', 1]], limit: first });
  }

  flaggedFacilities(): Promise<FacilityRecord[]> {
    return this.facilities.find({ exposureFlaggedAt: { $ne: null } }, { sort: [['id', 1]] });
  }

  /** Answers the flagged facility, or null when there is no such facility. */
  async flagFacility(id: string, since: string, flaggedAt: string): Promise<FacilityRecord | null> {
    const found = await this.facilities.update(id, { exposureSince: since, exposureFlaggedAt: flaggedAt });
    return found ? this.facilities.get(id) : null;
  }

  insertDeclaration(record: HealthDeclarationRecord): Promise<void> {
    return this.declarations.insert(record);
  }

  /** Up to `last` declarations per citizen, newest first; one query for all of them. */
  async latestDeclarations(citizenIds: readonly string[], last: number): Promise<Map<string, HealthDeclarationRecord[]>> {
    if (citizenIds.length === 0 || last === 0) return new Map();
    const rows = await this.declarations.find(
      { citizenId: citizenIds.length === 1 ? citizenIds[0]! : { $in: citizenIds } },
      { sort: [['citizenId', 1], ['submittedAt', -1], ['id', -1]], ...(citizenIds.length === 1 ? { limit: last } : {}) },
    );
    return latestPerCitizen(rows, last);
  }

  /** Every declaration of these citizens submitted at or after `since`. */
  declarationsSince(citizenIds: readonly string[], since: string): Promise<HealthDeclarationRecord[]> {
    if (citizenIds.length === 0) return Promise.resolve([]);
    return this.declarations.find({ citizenId: { $in: citizenIds }, submittedAt: { $gte: since } });
  }

  /**
   * Records a check-in as the citizen's next one (`seq` = their latest + 1). Written by the health pass scanner;
   * the caller seals `at` and `facility` with the citizen's key for this record's id.
   */
  async recordCheckIn(checkIn: Omit<CheckInRecord, 'seq'>): Promise<CheckInRecord> {
    const [latest] = await this.checkIns.find({ citizenId: checkIn.citizenId }, { sort: [['seq', -1]], limit: 1 });
    const record: CheckInRecord = { ...checkIn, seq: (latest?.seq ?? 0) + 1 };
    await this.checkIns.insert(record);
    return record;
  }

  /** Up to `last` check-ins per citizen, newest first; one query for all of them. */
  async latestCheckIns(citizenIds: readonly string[], last: number): Promise<Map<string, CheckInRecord[]>> {
    if (citizenIds.length === 0 || last === 0) return new Map();
    const rows = await this.checkIns.find(
      { citizenId: citizenIds.length === 1 ? citizenIds[0]! : { $in: citizenIds } },
      { sort: [['citizenId', 1], ['seq', -1], ['id', -1]], ...(citizenIds.length === 1 ? { limit: last } : {}) },
    );
    return latestPerCitizen(rows, last);
  }

  /** Every declaration of one citizen, newest first: their data export. */
  declarationsOf(citizenId: string): Promise<HealthDeclarationRecord[]> {
    return this.declarations.find({ citizenId }, { sort: [['submittedAt', -1], ['id', -1]] });
  }

  /** Every check-in of one citizen, newest first: their data export. */
  checkInsOf(citizenId: string): Promise<CheckInRecord[]> {
    return this.checkIns.find({ citizenId }, { sort: [['seq', -1]] });
  }

  /** Check-ins on or after `day` (YYYY-MM-DD), of these citizens or, without them, of everyone. */
  checkInsFromDay(day: string, citizenIds?: readonly string[]): Promise<CheckInRecord[]> {
    if (citizenIds?.length === 0) return Promise.resolve([]);
    return this.checkIns.find(citizenIds ? { citizenId: { $in: citizenIds }, day: { $gte: day } } : { day: { $gte: day } });
  }

  /**
   * Uses up a pass nonce: the insert itself is the check (the id is unique), so two concurrent scans of one pass
   * cannot both succeed. Answers false when the nonce was already used.
   */
  async claimPassNonce(record: UsedPassNonceRecord): Promise<boolean> {
    try {
      await this.usedPassNonces.insert(record);
      return true;
    } catch (error) {
      if (error instanceof DuplicateKeyError) return false;
      throw error;
    }
  }

  /** Forgets nonces of passes that expired before `before`: such passes are refused as expired. */
  forgetPassNonces(before: string): Promise<number> {
    return this.usedPassNonces.deleteMany({ expiresAt: { $lt: before } });
  }

  healthCodesOf(citizenIds: readonly string[]): Promise<Array<HealthCodeRecord | null>> {
    return this.healthCodes.getMany(citizenIds);
  }

  saveHealthCodes(records: readonly HealthCodeRecord[]): Promise<void> {
    return this.healthCodes.upsertMany(records);
  }
}
