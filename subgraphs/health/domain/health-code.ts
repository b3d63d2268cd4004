/**
 * How a citizen's health code is derived (pure: no I/O, no clock). Only events of the last 14 days count:
 * - RED: a declared temperature of 38.0 °C or more, or two or more different symptoms declared;
 * - AMBER: exactly one symptom declared, recent travel to a listed area, or a check-in at a facility flagged for
 *   exposure, made at or after the start of its exposure period;
 * - GREEN otherwise.
 * The reasons list every rule that applies, RED ones first, in plain words; it is empty for GREEN.
 */
export type HealthCodeStatus = 'GREEN' | 'AMBER' | 'RED';

export const WINDOW_DAYS = 14;
export const FEVER_CELSIUS = 38.0;

/** Areas under a travel advisory (fictional places outside the city). Compared case- and space-insensitively. */
export const LISTED_TRAVEL_AREAS: readonly string[] = ['Northvale', 'Port Elwin', 'Marsh Hollow', 'Greyhaven'];

export interface DeclarationFacts {
  submittedAt: string;
  symptoms: readonly string[];
  temperature: number | null;
  recentTravel: readonly string[];
}

export interface CheckInFacts {
  at: string;
  facilityId: string;
}

export interface FlaggedFacility {
  id: string;
  name: string;
  exposureSince: string;
}

export interface HealthCodeInputs {
  now: Date;
  declarations: readonly DeclarationFacts[];
  checkIns: readonly CheckInFacts[];
  flaggedFacilities: readonly FlaggedFacility[];
  listedAreas?: readonly string[];
}

export interface DerivedHealthCode {
  status: HealthCodeStatus;
  reasons: string[];
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The earliest moment an event can have happened and still count. */
export function windowStart(now: Date): Date {
  return new Date(now.getTime() - WINDOW_DAYS * DAY_MS);
}

function normalise(text: string): string {
  return text.trim().replace(/\s+/g, ' ').toLowerCase();
}

function dayOf(iso: string): string {
  return new Date(iso).toISOString().slice(0, 10);
}

function within(iso: string, start: number): boolean {
  const time = Date.parse(iso);
  return Number.isFinite(time) && time >= start;
}

/** Distinct symptoms in the order first declared, keeping the citizen's own wording. */
function distinctSymptoms(declarations: readonly DeclarationFacts[]): string[] {
  const seen = new Map<string, string>();
  for (const declaration of declarations) {
    for (const symptom of declaration.symptoms) {
      const key = normalise(symptom);
      if (key && !seen.has(key)) seen.set(key, symptom.trim());
    }
  }
  return [...seen.values()];
}

function feverReason(declarations: readonly DeclarationFacts[]): string | undefined {
  let highest: DeclarationFacts | undefined;
  for (const declaration of declarations) {
    if (declaration.temperature === null || declaration.temperature < FEVER_CELSIUS) continue;
    if (!highest || declaration.temperature > (highest.temperature ?? 0)) highest = declaration;
  }
  return highest ? `A temperature of ${highest.temperature!.toFixed(1)} °C was declared on ${dayOf(highest.submittedAt)}.` : undefined;
}

function travelReasons(declarations: readonly DeclarationFacts[], listedAreas: readonly string[]): string[] {
  const listed = new Map(listedAreas.map((area) => [normalise(area), area]));
  const visited = new Set<string>();
  for (const declaration of declarations) {
    for (const place of declaration.recentTravel) {
      const area = listed.get(normalise(place));
      if (area) visited.add(area);
    }
  }
  return [...visited].map((area) => `Recent travel to ${area}, an area under a travel advisory.`);
}

function exposureReasons(checkIns: readonly CheckInFacts[], flagged: readonly FlaggedFacility[], start: number): string[] {
  const reasons: string[] = [];
  for (const facility of flagged) {
    const since = Math.max(start, Date.parse(facility.exposureSince));
    const latest = checkIns
      .filter((checkIn) => checkIn.facilityId === facility.id && within(checkIn.at, since))
      .map((checkIn) => checkIn.at)
      .sort()
      .at(-1);
    if (latest) reasons.push(`Checked in at ${facility.name} on ${dayOf(latest)}, during a reported exposure there.`);
  }
  return reasons;
}

export function deriveHealthCode(inputs: HealthCodeInputs): DerivedHealthCode {
  const start = windowStart(inputs.now).getTime();
  const declarations = inputs.declarations.filter((declaration) => within(declaration.submittedAt, start));
  const symptoms = distinctSymptoms(declarations);

  const red: string[] = [];
  const fever = feverReason(declarations);
  if (fever) red.push(fever);
  if (symptoms.length >= 2) red.push(`${symptoms.length} symptoms declared in the last ${WINDOW_DAYS} days: ${symptoms.join(', ')}.`);

  const amber: string[] = [];
  if (symptoms.length === 1) amber.push(`A symptom declared in the last ${WINDOW_DAYS} days: ${symptoms[0]}.`);
  amber.push(...travelReasons(declarations, inputs.listedAreas ?? LISTED_TRAVEL_AREAS));
  amber.push(...exposureReasons(inputs.checkIns, inputs.flaggedFacilities, start));

  const status: HealthCodeStatus = red.length > 0 ? 'RED' : amber.length > 0 ? 'AMBER' : 'GREEN';
  return { status, reasons: [...red, ...amber] };
}
