import type { Sealer } from '../consent/enforcement/department-capabilities.js';
import { citizenId, DISTRICT_COUNT, DISTRICT_NAMES, districtId } from './demo-layout.js';
import type { SeedContext, SeedFn } from './kit.js';
import type { FacilityKind } from '../subgraphs/health/__generated__/resolvers-types.js';
import type { ValidDeclaration } from '../subgraphs/health/domain/declaration-input.js';
import { deriveHealthCode, LISTED_TRAVEL_AREAS, type CheckInFacts, type DeclarationFacts } from '../subgraphs/health/domain/health-code.js';
import { asFlaggedFacilities } from '../subgraphs/health/recompute.js';
import { sealCheckIn, sealDeclaration, sealHealthCodes } from '../subgraphs/health/records.js';
import { HealthStore, type CheckInRecord, type FacilityRecord, type HealthDeclarationRecord, type HealthCodeRecord } from '../subgraphs/health/store.js';

/**
 * The demo health data (times relative to the moment of seeding):
 * - 40 facilities F-001..F-040 spread over D-01..D-16; F-001 is Riverside Clinic. F-013 (Garden City Market) is
 *   flagged for an exposure since 6 days ago (flagged 1 day ago).
 * - C-0001: one clean declaration 2 days ago and a check-in at F-001: GREEN. C-0002: a check-in at F-002: GREEN.
 *   C-0003: one symptom: AMBER. C-0004: a fever: RED. C-0005 and C-0006: checked in at F-013 during the exposure:
 *   AMBER. C-0007: checked in at F-013 before the exposure period: GREEN.
 * - About 10% of the other citizens declared in the last 12 days (most clean, some AMBER, a few RED), about 5%
 *   checked in somewhere, and about 1% checked in at F-013 during the exposure.
 * - Every citizen gets a materialised health code.
 */
const FACILITY_COUNT = 40;
const FLAGGED_FACILITY_INDEX = 12;
const BATCH = 1000;
const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

const KINDS: Array<[FacilityKind, string]> = [
  ['CLINIC', 'Clinic'],
  ['HOSPITAL', 'General Hospital'],
  ['PHARMACY', 'Pharmacy'],
  ['SCHOOL', 'Primary School'],
  ['MARKET', 'Market'],
  ['SPORTS_CENTRE', 'Sports Centre'],
  ['LIBRARY', 'Library'],
  ['COMMUNITY_CENTRE', 'Community Centre'],
];
const STREETS = ['High Street', 'Mill Lane', 'Station Road', 'Church Street', 'Park Avenue', 'Bridge Street', 'Queens Road'];
const SYMPTOMS = ['cough', 'sore throat', 'headache', 'fatigue', 'loss of smell', 'muscle aches', 'runny nose'];
const DOMESTIC_TRAVEL = ['Coastal Bay', 'Ashford', 'Kingsmere', 'Lowmoor'];

function facilityId(index: number): string {
  return `F-${String(index + 1).padStart(3, '0')}`;
}

/** Facility i is in district i mod 16; its kind shifts per round so no district has two of a kind. */
function facility(index: number, now: Date): FacilityRecord {
  const district = index % DISTRICT_COUNT;
  const [kind, label] = KINDS[(index + Math.floor(index / DISTRICT_COUNT)) % KINDS.length]!;
  const flagged = index === FLAGGED_FACILITY_INDEX;
  return {
    id: facilityId(index),
    name: `${DISTRICT_NAMES[district]} ${label}`,
    kind,
    districtId: districtId(district),
    address: `${10 + ((index * 7) % 90)} ${STREETS[index % STREETS.length]}, ${DISTRICT_NAMES[district]}`,
    exposureFlaggedAt: flagged ? new Date(now.getTime() - DAY_MS).toISOString() : null,
    exposureSince: flagged ? new Date(now.getTime() - 6 * DAY_MS).toISOString() : null,
  };
}

type PlainDeclaration = ValidDeclaration & { submittedAt: string };
type PlainCheckIn = CheckInFacts;

interface CitizenEvents {
  declarations: PlainDeclaration[];
  checkIns: PlainCheckIn[];
}

function pick<T>(random: () => number, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)]!;
}

/** A moment between `fromDays` and `toDays` days before now. */
function daysAgo(context: SeedContext, fromDays: number, toDays: number): string {
  const days = toDays + context.random() * (fromDays - toDays);
  return new Date(context.now.getTime() - days * DAY_MS).toISOString();
}

function randomDeclaration(context: SeedContext): PlainDeclaration {
  const { random } = context;
  const submittedAt = daysAgo(context, 12, 0.1);
  const normal = Math.round((36.2 + random() * 1.0) * 10) / 10;
  const profile = random();
  if (profile < 0.55) return { submittedAt, symptoms: [], temperature: normal, recentTravel: random() < 0.3 ? [pick(random, DOMESTIC_TRAVEL)] : [] };
  if (profile < 0.7) return { submittedAt, symptoms: [pick(random, SYMPTOMS)], temperature: normal, recentTravel: [] };
  if (profile < 0.85) return { submittedAt, symptoms: [], temperature: normal, recentTravel: [pick(random, LISTED_TRAVEL_AREAS)] };
  if (profile < 0.93) return { submittedAt, symptoms: ['cough'], temperature: Math.round((38.1 + random() * 1.5) * 10) / 10, recentTravel: [] };
  return { submittedAt, symptoms: ['cough', pick(random, SYMPTOMS.slice(1))], temperature: normal, recentTravel: [] };
}

/** Every citizen's events, in plaintext; the named demo citizens are fixed, the rest drawn from the seeded PRNG. */
function citizenEvents(context: SeedContext, index: number, facilities: readonly FacilityRecord[]): CitizenEvents {
  const flagged = facilities[FLAGGED_FACILITY_INDEX]!.id;
  const ago = (days: number) => new Date(context.now.getTime() - days * DAY_MS).toISOString();
  switch (citizenId(index)) {
    case 'C-0001':
      return { declarations: [{ submittedAt: ago(2), symptoms: [], temperature: 36.6, recentTravel: [] }], checkIns: [{ at: ago(3), facilityId: facilities[0]!.id }] };
    case 'C-0002':
      return { declarations: [], checkIns: [{ at: ago(4), facilityId: facilities[1]!.id }] };
    case 'C-0003':
      return { declarations: [{ submittedAt: ago(1), symptoms: ['sore throat'], temperature: 37.1, recentTravel: [] }], checkIns: [] };
    case 'C-0004':
      return { declarations: [{ submittedAt: ago(1), symptoms: ['cough'], temperature: 38.6, recentTravel: [] }], checkIns: [] };
    case 'C-0005':
    case 'C-0006':
      return { declarations: [], checkIns: [{ at: ago(4 - index * 0.1), facilityId: flagged }] };
    case 'C-0007':
      return { declarations: [], checkIns: [{ at: ago(9), facilityId: flagged }] };
  }
  const { random } = context;
  const declarations = random() < 0.1 ? [randomDeclaration(context)] : [];
  const checkIns: PlainCheckIn[] = [];
  if (random() < 0.05) {
    const visits = 1 + Math.floor(random() * 3);
    for (let n = 0; n < visits; n++) {
      const place = pick(random, facilities);
      if (place.id !== flagged) checkIns.push({ at: daysAgo(context, 10, 0.1), facilityId: place.id });
    }
  }
  if (random() < 0.01) checkIns.push({ at: daysAgo(context, 5.5, 1.5), facilityId: flagged });
  return { declarations, checkIns };
}

interface Sealed {
  declarations: HealthDeclarationRecord[];
  checkIns: CheckInRecord[];
  healthCode: HealthCodeRecord;
}

async function sealCitizen(sealer: Sealer, id: string, events: CitizenEvents, context: SeedContext, flagged: FacilityRecord[], counters: { declarations: number; checkIns: number }): Promise<Sealed> {
  const declarations: HealthDeclarationRecord[] = [];
  for (const { submittedAt, ...declaration } of events.declarations) {
    counters.declarations += 1;
    declarations.push(await sealDeclaration(sealer, { id: `HD-${String(counters.declarations).padStart(6, '0')}`, citizenId: id, submittedAt }, declaration));
  }
  const checkIns: CheckInRecord[] = [];
  for (const [n, checkIn] of [...events.checkIns].sort((a, b) => a.at.localeCompare(b.at)).entries()) {
    counters.checkIns += 1;
    checkIns.push({ ...(await sealCheckIn(sealer, { id: `CI-${String(counters.checkIns).padStart(6, '0')}`, citizenId: id, ...checkIn })), seq: n + 1 });
  }
  const code = deriveHealthCode({
    now: context.now,
    declarations: events.declarations satisfies DeclarationFacts[],
    checkIns: events.checkIns,
    flaggedFacilities: asFlaggedFacilities(flagged),
  });
  const [healthCode] = await sealHealthCodes(sealer, [{ citizenId: id, code }], context.now.toISOString());
  if (!healthCode) throw new Error(`seed could not seal the health code of ${id}`);
  return { declarations, checkIns, healthCode };
}

export const seed: SeedFn = async (context) => {
  const store = await HealthStore.open(context.store);
  const facilities = Array.from({ length: FACILITY_COUNT }, (_, i) => facility(i, context.now));
  await store.facilities.insertMany(facilities, { ignoreDuplicates: true });
  const flagged = facilities.filter((f) => f.exposureFlaggedAt !== null);

  const counters = { declarations: 0, checkIns: 0 };
  for (let start = 0; start < context.citizens; start += BATCH) {
    const batch: Sealed[] = [];
    for (let i = start; i < Math.min(start + BATCH, context.citizens); i++) {
      const id = citizenId(i);
      batch.push(await sealCitizen(context.sealer, id, citizenEvents(context, i, facilities), context, flagged, counters));
    }
    await store.declarations.insertMany(batch.flatMap((s) => s.declarations), { ignoreDuplicates: true });
    await store.checkIns.insertMany(batch.flatMap((s) => s.checkIns), { ignoreDuplicates: true });
    await store.healthCodes.insertMany(batch.map((s) => s.healthCode), { ignoreDuplicates: true });
    context.progress(Math.min(start + BATCH, context.citizens), context.citizens, 'health codes');
  }
};
