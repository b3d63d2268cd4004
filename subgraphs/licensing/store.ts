import { DuplicateKeyError, type Collection, type Doc, type Store } from '../../platform/store/types.js';
import type { ApplicationStatus, ReviewDecision } from './domain/application-workflow.js';
import type { StoredLicenceStatus } from './domain/licence-status.js';
import type { Permit } from './domain/permits.js';

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
  ) {}

  static async open(store: Store): Promise<LicensingStore> {
    return new LicensingStore(
      store,
      await store.collection<BusinessRecord>({ name: 'businesses', indexes: ['citizenId'] }),
      await store.collection<LicenceRecord>({ name: 'licences', indexes: ['businessId', 'expiresAt'] }),
      await store.collection<ApplicationRecord>({ name: 'applications', indexes: ['citizenId', ['status', 'submittedAt']] }),
      await store.collection<TransitionRecord>({ name: 'application_transitions', indexes: ['applicationId'] }),
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
