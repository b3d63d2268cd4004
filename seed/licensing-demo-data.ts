import { citizenId, DISTRICT_COUNT, DISTRICT_NAMES, districtId } from './demo-layout.js';
import type { ApplicationStatus, ReviewDecision } from '../subgraphs/licensing/domain/application-workflow.js';
import { LICENCE_VALIDITY_DAYS } from '../subgraphs/licensing/domain/licence-status.js';
import { inPermitOrder, type Permit } from '../subgraphs/licensing/domain/permits.js';
import type { InspectionSeverity } from '../subgraphs/licensing/domain/risk.js';
import { formatId, type ApplicationRecord, type BusinessRecord, type InspectionRecord, type LicenceRecord, type TransitionRecord } from '../subgraphs/licensing/store.js';

export const DEMO_BUSINESSES = 300;
const DAY_MS = 86_400_000;

/**
 * Kinds of business and the permits each trades under, four per risk level in turn (HIGH, MEDIUM, LOW), so that
 * cycling through them spreads the demo evenly over the risk levels.
 */
const KIND_PERMITS: ReadonlyArray<{ kind: string; permits: Permit[] }> = [
  { kind: 'Wine Bar', permits: ['FOOD_BUSINESS', 'LIQUOR_RETAIL', 'OUTDOOR_SEATING'] },
  { kind: 'Bakery', permits: ['FOOD_BUSINESS', 'SIGNAGE'] },
  { kind: 'Sign Studio', permits: ['SIGNAGE'] },
  { kind: 'Tobacconist', permits: ['TOBACCO_RETAIL', 'SIGNAGE'] },
  { kind: 'Street Kitchen', permits: ['STREET_TRADING', 'FOOD_BUSINESS'] },
  { kind: 'Terrace', permits: ['OUTDOOR_SEATING', 'SIGNAGE'] },
  { kind: 'Music Hall', permits: ['ENTERTAINMENT', 'LIQUOR_RETAIL', 'SIGNAGE'] },
  { kind: 'Recycling', permits: ['WASTE_CARRIER'] },
  { kind: 'Bookshop', permits: ['SIGNAGE'] },
  { kind: 'Off-Licence', permits: ['LIQUOR_RETAIL', 'TOBACCO_RETAIL'] },
  { kind: 'Café', permits: ['FOOD_BUSINESS', 'OUTDOOR_SEATING'] },
  { kind: 'Gallery', permits: ['SIGNAGE', 'OUTDOOR_SEATING'] },
];
const KINDS = KIND_PERMITS.map(({ kind, permits }) => ({ kind, permits: inPermitOrder(permits) }));

const NAME_WORDS = ['Golden', 'Blue Door', 'Corner', 'Little', 'Royal', 'Green Lane', 'Silver', 'Lucky', 'Northern', 'Old Mill', 'Canal', 'Lantern'];
const STREETS = ['High Street', 'Market Row', 'Mill Lane', 'Station Road', 'Quay Street', 'Church Walk', 'Bridge Street', 'Park Avenue'];

/** The owner's first business (C-0001) is a wine bar whose licence runs out in 45 days: the reminder demo. */
const FIRST_LICENCE_EXPIRES_IN_DAYS = 45;
const SECOND_LICENCE_EXPIRES_IN_DAYS = 200;
const EXPIRY_FROM_DAYS = -30;
const EXPIRY_TO_DAYS = 400;
const SUSPENDED_SHARE = 0.04;
const RENEWED_PREDECESSOR_SHARE = 0.35;
const APPLICATIONS_PER_STATUS = 3;

export interface DemoLicensing {
  businesses: BusinessRecord[];
  licences: LicenceRecord[];
  applications: ApplicationRecord[];
  transitions: TransitionRecord[];
  inspections: InspectionRecord[];
}

export interface DemoOptions {
  now: Date;
  citizens: number;
  random: () => number;
}

/**
 * What a business's record holds besides its current licences: older licences renewed `gapDays` after they ran out
 * (up to 30 days: a late renewal; more: a lapse), most recent first, and inspections with their findings.
 */
interface DemoRecord {
  gapDays: number[];
  inspections: Array<{ daysAgo: number; severity: InspectionSeverity }>;
}

/**
 * Named records for the grading demo (subgraphs/licensing/domain/risk.ts): B-0003, a sign studio (LOW permits), lapsed
 * and had a major finding, so it is graded HIGH; B-0004, a tobacconist, renewed late once and had a minor finding
 * (HIGH either way); B-0005, a street kitchen (MEDIUM), had a critical finding (HIGH); B-0006, a terrace, renewed
 * late once (LOW still). Others follow a pattern over the register.
 */
const NAMED_RECORDS: Readonly<Record<number, DemoRecord>> = {
  2: { gapDays: [75], inspections: [{ daysAgo: 120, severity: 'MAJOR' }] },
  3: { gapDays: [12], inspections: [{ daysAgo: 200, severity: 'MINOR' }] },
  4: { gapDays: [], inspections: [{ daysAgo: 90, severity: 'CRITICAL' }] },
  5: { gapDays: [12], inspections: [] },
};

function demoRecordOf(index: number): DemoRecord {
  const named = NAMED_RECORDS[index];
  if (named) return named;
  if (index < 12) return { gapDays: [], inspections: [] };
  const gapDays = index % 10 === 3 ? [9 + (index % 13)] : index % 10 === 6 ? [45 + (index % 40)] : [];
  const inspections: DemoRecord['inspections'] = [];
  if (index % 7 === 2) inspections.push({ daysAgo: 200 + (index % 50), severity: 'MINOR' });
  if (index % 11 === 5) inspections.push({ daysAgo: 150 + (index % 30), severity: 'MAJOR' });
  if (index % 29 === 9) inspections.push({ daysAgo: 45 + (index % 20), severity: 'CRITICAL' });
  return { gapDays, inspections };
}

/**
 * The demo register, a pure function of its options: 300 businesses with one current licence each (expiries spread
 * from 30 days ago to 400 days ahead, whole days after seeding, so that no reminder falls due in the first hours of
 * a demo), about a third with the predecessor the current one renewed, and a few applications in every status.
 * Some businesses have a record (late renewals, lapses, inspection findings) that raises their grade, and renewing
 * on time lowers it (demoRecordOf). C-0001 owns B-0001 (licence expiring in 45 days) and B-0002.
 */
export function buildDemoLicensing({ now, citizens, random }: DemoOptions): DemoLicensing {
  const at = (days: number) => new Date(now.getTime() + days * DAY_MS).toISOString();
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const businesses: BusinessRecord[] = [];
  const licences: LicenceRecord[] = [];
  const currentLicence = new Map<string, LicenceRecord>();
  let licenceSequence = 0;
  const nextLicenceId = () => formatId('licence', ++licenceSequence);

  for (let i = 0; i < DEMO_BUSINESSES; i++) {
    const { kind, permits } = KINDS[i % KINDS.length]!;
    const district = Math.floor(random() * DISTRICT_COUNT);
    const owner = i < 2 ? citizenId(0) : citizenId(Math.floor(random() * Math.max(1, citizens)));
    const word = NAME_WORDS[Math.floor(i / KINDS.length) % NAME_WORDS.length]!;
    const business: BusinessRecord = {
      id: formatId('business', i + 1),
      citizenId: owner,
      name: `${word} ${kind}`,
      tradingAddress: `${1 + Math.floor(random() * 180)} ${pick(STREETS)}, ${DISTRICT_NAMES[district]}`,
      districtId: districtId(district),
      createdAt: at(-LICENCE_VALIDITY_DAYS * 3),
    };
    businesses.push(business);

    const expiresInDays =
      i === 0 ? FIRST_LICENCE_EXPIRES_IN_DAYS
      : i === 1 ? SECOND_LICENCE_EXPIRES_IN_DAYS
      : EXPIRY_FROM_DAYS + Math.round(random() * (EXPIRY_TO_DAYS - EXPIRY_FROM_DAYS));
    // Licences running out more than a year ahead were issued recently, for a little longer than a year.
    const issuedInDays = Math.min(expiresInDays - LICENCE_VALIDITY_DAYS, -1);
    const suspended = i > 1 && random() < SUSPENDED_SHARE;

    if (i > 1 && random() < RENEWED_PREDECESSOR_SHARE) {
      // Renewed ahead of time: the predecessor still had a few weeks to run when the current licence was issued.
      const overlapDays = 10 + Math.floor(random() * 30);
      licences.push({
        id: nextLicenceId(),
        businessId: business.id,
        permits,
        status: 'ACTIVE',
        issuedAt: at(issuedInDays + overlapDays - LICENCE_VALIDITY_DAYS),
        expiresAt: at(issuedInDays + overlapDays),
        renewedAt: at(issuedInDays),
        applicationId: null,
      });
    }
    const current: LicenceRecord = {
      id: nextLicenceId(),
      businessId: business.id,
      permits,
      status: suspended ? 'SUSPENDED' : 'ACTIVE',
      issuedAt: at(issuedInDays),
      expiresAt: at(expiresInDays),
      renewedAt: null,
      applicationId: null,
    };
    licences.push(current);
    currentLicence.set(business.id, current);
  }

  const { applications, transitions } = demoApplications(businesses, currentLicence, at, pick);
  // The records come last, so that the register above (and its ids) is what it was before records were seeded.
  const inspections: InspectionRecord[] = [];
  for (const [i, business] of businesses.entries()) {
    const record = demoRecordOf(i);
    let earliest = licences.filter((l) => l.businessId === business.id).reduce((a, b) => (a.issuedAt <= b.issuedAt ? a : b));
    for (const gap of record.gapDays) {
      const expiresAt = new Date(Date.parse(earliest.issuedAt) - gap * DAY_MS);
      const older: LicenceRecord = {
        id: nextLicenceId(),
        businessId: business.id,
        permits: earliest.permits,
        status: 'ACTIVE',
        issuedAt: new Date(expiresAt.getTime() - LICENCE_VALIDITY_DAYS * DAY_MS).toISOString(),
        expiresAt: expiresAt.toISOString(),
        // Renewed only after it had run out: nothing renewed it while it was valid (domain/licence-status.ts `renews`).
        renewedAt: null,
        applicationId: null,
      };
      licences.push(older);
      earliest = older;
    }
    for (const { daysAgo, severity } of record.inspections) {
      inspections.push({ id: formatId('inspection', inspections.length + 1), businessId: business.id, at: at(-daysAgo), severity });
    }
  }
  return { businesses, licences, applications, transitions, inspections };
}

type Move = { decision: ReviewDecision; to: ApplicationStatus; daysAgo: number };

/** How each pending or rejected demo application got to its status, with the days ago each move happened. */
const HISTORIES: Readonly<Record<Exclude<ApplicationStatus, 'APPROVED'>, { submittedDaysAgo: number; moves: Move[] }>> = {
  SUBMITTED: { submittedDaysAgo: 2, moves: [] },
  UNDER_REVIEW: { submittedDaysAgo: 12, moves: [{ decision: 'START_REVIEW', to: 'UNDER_REVIEW', daysAgo: 8 }] },
  REJECTED: {
    submittedDaysAgo: 40,
    moves: [
      { decision: 'START_REVIEW', to: 'UNDER_REVIEW', daysAgo: 35 },
      { decision: 'REJECT', to: 'REJECTED', daysAgo: 30 },
    ],
  },
};

function demoApplications(
  businesses: readonly BusinessRecord[],
  currentLicence: ReadonlyMap<string, LicenceRecord>,
  at: (days: number) => string,
  pick: <T>(items: readonly T[]) => T,
): { applications: ApplicationRecord[]; transitions: TransitionRecord[] } {
  const applications: ApplicationRecord[] = [];
  const transitions: TransitionRecord[] = [];
  const statuses: ApplicationStatus[] = ['SUBMITTED', 'UNDER_REVIEW', 'APPROVED', 'REJECTED'];
  for (const [s, status] of statuses.entries()) {
    for (let n = 0; n < APPLICATIONS_PER_STATUS; n++) {
      // C-0001's second business has the first SUBMITTED application; the others are spread over the register.
      const business = s === 0 && n === 0 ? businesses[1]! : businesses[10 + 23 * (s * APPLICATIONS_PER_STATUS + n)]!;
      const id = formatId('application', applications.length + 1);
      if (status === 'APPROVED') {
        // The current licence of the business is what this application was approved into.
        const licence = currentLicence.get(business.id)!;
        const issuedDaysAgo = (Date.parse(at(0)) - Date.parse(licence.issuedAt)) / 86_400_000;
        licence.applicationId = id;
        const moves: Move[] = [
          { decision: 'START_REVIEW', to: 'UNDER_REVIEW', daysAgo: issuedDaysAgo + 5 },
          { decision: 'APPROVE', to: 'APPROVED', daysAgo: issuedDaysAgo },
        ];
        applications.push(application(id, business, licence.permits, status, issuedDaysAgo + 14, moves, licence.id, at));
        transitions.push(...transitionsOf(id, moves, at));
        continue;
      }
      const history = HISTORIES[status];
      const permits = s === 0 && n === 0 ? inPermitOrder(['SIGNAGE', 'OUTDOOR_SEATING', 'FOOD_BUSINESS']) : pick(KINDS).permits;
      applications.push(application(id, business, permits, status, history.submittedDaysAgo + n, history.moves, null, at));
      transitions.push(...transitionsOf(id, history.moves, at));
    }
  }
  return { applications, transitions };
}

function application(
  id: string,
  business: BusinessRecord,
  permits: Permit[],
  status: ApplicationStatus,
  submittedDaysAgo: number,
  moves: readonly Move[],
  licenceId: string | null,
  at: (days: number) => string,
): ApplicationRecord {
  const last = moves[moves.length - 1];
  return {
    id,
    citizenId: business.citizenId,
    businessId: business.id,
    permits,
    status,
    submittedAt: at(-submittedDaysAgo),
    updatedAt: last ? at(-last.daysAgo) : null,
    licenceId,
  };
}

function transitionsOf(applicationId: string, moves: readonly Move[], at: (days: number) => string): TransitionRecord[] {
  let from: ApplicationStatus = 'SUBMITTED';
  return moves.map((move) => {
    const record: TransitionRecord = { id: `${applicationId}:${from}`, applicationId, from, to: move.to, decision: move.decision, at: at(-move.daysAgo), by: 'licensing' };
    from = move.to;
    return record;
  });
}
