import { DuplicateKeyError, type Collection, type Doc, type Store } from '../../platform/store/types.js';
import type { ApplicationStatus, ReviewDecision } from './domain/application-workflow.js';
import type { StoredLicenceStatus } from './domain/licence-status.js';
import type { Permit } from './domain/permits.js';
import type { ReminderFacts, ReminderWatch } from './domain/reminders.js';
import type { InspectionSeverity } from './domain/risk.js';

/** A registered business. `citizenId` is the owner (the consent layer's owner convention). */
export interface BusinessRecord {
  id: string;
  citizenId: string;
  name: string;
  tradingAddress: string;
  districtId: string;
  createdAt: string;
}

/** An integrated licence. EXPIRED is not stored: it follows from `expiresAt` (domain/licence-status.ts). */
export interface LicenceRecord {
  id: string;
  businessId: string;
  permits: Permit[];
  status: StoredLicenceStatus;
  issuedAt: string;
  expiresAt: string;
  /** Set when a newer licence covering these permits was issued to the business. */
  renewedAt: string | null;
  /** The application this licence was issued on; null for licences issued before the register went online. */
  applicationId: string | null;
}

export interface ApplicationRecord {
  id: string;
  citizenId: string;
  businessId: string;
  permits: Permit[];
  status: ApplicationStatus;
  submittedAt: string;
  updatedAt: string | null;
  licenceId: string | null;
}

/**
 * One move of one application. Its id is `<applicationId>:<from status>`, so an application can leave a status
 * only once: of two officers deciding at the same moment, the second one's insert fails.
 */
export interface TransitionRecord {
  id: string;
  applicationId: string;
  from: ApplicationStatus;
  to: ApplicationStatus;
  decision: ReviewDecision;
  at: string;
  /** The officer's principal id (their department, or the admin's subject). */
  by: string;
}

/** An inspection of a business and what it found: part of the record its licences are graded by. */
export interface InspectionRecord {
  id: string;
  businessId: string;
  at: string;
  severity: InspectionSeverity;
}

/**
 * A reminder the worker took (its id is the notification's key, `reminder:<licence>:<dueAt>`), and its delivery as
 * the consent service last reported it; for a phone call, the call task for licensing staff. `citizenId` is the
 * owner it was sent to (the consent layer's owner convention); no contact detail is ever stored here.
 */
export interface ReminderRecord extends ReminderFacts {
  businessId: string;
  citizenId: string;
  queuedAt: string;
  /** The official who recorded the last call outcome (phone calls only). */
  handledBy: string | null;
}

/** The reminder worker's progress, one document. */
export interface ReminderWatchRecord extends ReminderWatch {
  id: string;
}

const WATCH_ID = 'reminders';
/** The outbox statuses that can still change. */
export const OUTSTANDING_STATUSES = ['PENDING', 'SENDING', 'RETRYING'] as const;

export class TransitionConflictError extends Error {
  constructor(applicationId: string) {
    super(`application ${applicationId} was moved on by someone else`);
    this.name = 'TransitionConflictError';
  }
}

export const ID_FORMATS = {
  business: { prefix: 'B-', width: 4 },
  licence: { prefix: 'L-', width: 5 },
  application: { prefix: 'LA-', width: 5 },
  inspection: { prefix: 'I-', width: 5 },
} as const;

export function formatId(kind: keyof typeof ID_FORMATS, sequence: number): string {
  const { prefix, width } = ID_FORMATS[kind];
  return `${prefix}${String(sequence).padStart(width, '0')}`;
}

const MAX_ID_ATTEMPTS = 50;

/** The only module that touches the licensing subgraph's database. */
export class LicensingStore {
  private constructor(
    readonly store: Store,
    readonly businesses: Collection<BusinessRecord>,
    readonly licences: Collection<LicenceRecord>,
    readonly applications: Collection<ApplicationRecord>,
    readonly transitions: Collection<TransitionRecord>,
    readonly inspections: Collection<InspectionRecord>,
    readonly reminders: Collection<ReminderRecord>,
    readonly reminderWatch: Collection<ReminderWatchRecord>,
  ) {}

  static async open(store: Store): Promise<LicensingStore> {
    return new LicensingStore(
      store,
      await store.collection<BusinessRecord>({ name: 'businesses', indexes: ['citizenId'] }),
      await store.collection<LicenceRecord>({ name: 'licences', indexes: ['businessId', 'expiresAt'] }),
      await store.collection<ApplicationRecord>({ name: 'applications', indexes: ['citizenId', ['status', 'submittedAt']] }),
      await store.collection<TransitionRecord>({ name: 'application_transitions', indexes: ['applicationId'] }),
      await store.collection<InspectionRecord>({ name: 'inspections', indexes: ['businessId'] }),
      await store.collection<ReminderRecord>({ name: 'reminders', indexes: ['licenceId', ['status', 'dueAt'], ['channel', 'status', 'dueAt']] }),
      await store.collection<ReminderWatchRecord>({ name: 'reminder_watch' }),
    );
  }

  /** Businesses per owner, in key order, each list by id. */
  async businessesOfOwners(citizenIds: readonly string[]): Promise<BusinessRecord[][]> {
    const rows = await this.businesses.find({ citizenId: { $in: citizenIds } }, { sort: [['id', 1]] });
    return groupBy(citizenIds, rows, (row) => row.citizenId);
  }

  /** Licences per business, in key order, each list oldest first. */
  async licencesOfBusinesses(businessIds: readonly string[]): Promise<LicenceRecord[][]> {
    const rows = await this.licences.find({ businessId: { $in: businessIds } }, { sort: [['issuedAt', 1], ['id', 1]] });
    return groupBy(businessIds, rows, (row) => row.businessId);
  }

  /** Applications per applicant, in key order, each list newest first. */
  async applicationsOfCitizens(citizenIds: readonly string[]): Promise<ApplicationRecord[][]> {
    const rows = await this.applications.find({ citizenId: { $in: citizenIds } }, { sort: [['submittedAt', -1], ['id', -1]] });
    return groupBy(citizenIds, rows, (row) => row.citizenId);
  }

  /** Inspections per business, in key order, each list oldest first. */
  async inspectionsOfBusinesses(businessIds: readonly string[]): Promise<InspectionRecord[][]> {
    const rows = await this.inspections.find({ businessId: { $in: businessIds } }, { sort: [['at', 1], ['id', 1]] });
    return groupBy(businessIds, rows, (row) => row.businessId);
  }

  /** Recorded reminders per licence, in key order, each list earliest first. */
  async remindersOfLicences(licenceIds: readonly string[]): Promise<ReminderRecord[][]> {
    const rows = await this.reminders.find({ licenceId: { $in: licenceIds } }, { sort: [['dueAt', 1], ['id', 1]] });
    return groupBy(licenceIds, rows, (row) => row.licenceId);
  }

  /** Licences expiring after `after` and up to `until` in any of the ranges, each once. */
  async expiringInRanges(ranges: ReadonlyArray<{ after: string; until: string }>): Promise<LicenceRecord[]> {
    const found = new Map<string, LicenceRecord>();
    for (const range of ranges) {
      for (const licence of await this.licences.find({ expiresAt: { $gt: range.after, $lte: range.until } })) found.set(licence.id, licence);
    }
    return [...found.values()];
  }

  /** The worker's progress; null before it first ran. */
  watch(): Promise<ReminderWatchRecord | null> {
    return this.reminderWatch.get(WATCH_ID);
  }

  /** Records the worker's progress; the first call starts the watch. */
  async saveWatch(watch: ReminderWatch): Promise<void> {
    await this.reminderWatch.upsert({ id: WATCH_ID, ...watch });
  }

  /** Records reminders taken; one already recorded (another worker, a retried tick) is kept as it is. */
  recordReminders(rows: readonly ReminderRecord[]): Promise<number> {
    return rows.length ? this.reminders.insertMany(rows, { ignoreDuplicates: true }) : Promise.resolve(0);
  }

  /** Messages whose delivery may still change, oldest due first. */
  outstandingMessages(limit: number): Promise<ReminderRecord[]> {
    return this.reminders.find({ status: { $in: [...OUTSTANDING_STATUSES] }, channel: { $in: ['EMAIL', 'SMS'] } }, { sort: [['dueAt', 1]], limit });
  }

  /** Phone-call reminders still to be made (PENDING, or RETRYING after no answer), oldest due first. */
  openCalls(limit: number): Promise<ReminderRecord[]> {
    return this.reminders.find({ channel: 'PHONE_CALL', status: { $in: ['PENDING', 'RETRYING'] } }, { sort: [['dueAt', 1], ['id', 1]], limit });
  }

  async saveReminders(rows: readonly ReminderRecord[]): Promise<void> {
    if (rows.length) await this.reminders.upsertMany(rows);
  }

  /** Licences expiring in [from, until], soonest first. */
  expiringBetween(from: string, until: string): Promise<LicenceRecord[]> {
    return this.licences.find({ expiresAt: { $gte: from, $lte: until } }, { sort: [['expiresAt', 1], ['id', 1]] });
  }

  applicationsInStatus(status: ApplicationStatus, limit: number): Promise<ApplicationRecord[]> {
    return this.applications.find({ status }, { sort: [['submittedAt', 1], ['id', 1]], limit });
  }

  createBusiness(fields: Omit<BusinessRecord, 'id'>): Promise<BusinessRecord> {
    return insertWithNextId(this.businesses, 'business', (id) => ({ id, ...fields }));
  }

  createApplication(fields: Omit<ApplicationRecord, 'id'>): Promise<ApplicationRecord> {
    return insertWithNextId(this.applications, 'application', (id) => ({ id, ...fields }));
  }

  /** Claims the move out of `transition.from`; throws TransitionConflictError when it was already made. */
  async claimTransition(transition: Omit<TransitionRecord, 'id'>): Promise<void> {
    try {
      await this.transitions.insert({ id: `${transition.applicationId}:${transition.from}`, ...transition });
    } catch (error) {
      if (error instanceof DuplicateKeyError) throw new TransitionConflictError(transition.applicationId);
      throw error;
    }
  }

  async updateApplication(id: string, patch: Partial<Omit<ApplicationRecord, 'id'>>): Promise<void> {
    await this.applications.update(id, patch);
  }

  issueLicence(fields: Omit<LicenceRecord, 'id'>): Promise<LicenceRecord> {
    return insertWithNextId(this.licences, 'licence', (id) => ({ id, ...fields }));
  }

  async markRenewed(licenceIds: readonly string[], renewedAt: string): Promise<void> {
    for (const id of licenceIds) await this.licences.update(id, { renewedAt });
  }
}

/** For each key, the rows whose key matches, in the rows' order: a DataLoader batch answer. */
function groupBy<T>(keys: readonly string[], rows: readonly T[], keyOf: (row: T) => string): T[][] {
  const groups = new Map<string, T[]>(keys.map((key) => [key, []]));
  for (const row of rows) groups.get(keyOf(row))?.push(row);
  return keys.map((key) => groups.get(key)!);
}

/**
 * Inserts under the next free sequential id. Counting is only a guess (another writer may take the same number
 * first), so a duplicate moves on to the next number instead of failing.
 */
async function insertWithNextId<T extends Doc>(collection: Collection<T>, kind: keyof typeof ID_FORMATS, build: (id: string) => T): Promise<T> {
  let sequence = (await collection.count()) + 1;
  for (let attempt = 0; attempt < MAX_ID_ATTEMPTS; attempt++, sequence++) {
    const doc = build(formatId(kind, sequence));
    try {
      await collection.insert(doc);
      return doc;
    } catch (error) {
      if (!(error instanceof DuplicateKeyError)) throw error;
    }
  }
  throw new Error(`no free ${kind} id after ${MAX_ID_ATTEMPTS} attempts`);
}
