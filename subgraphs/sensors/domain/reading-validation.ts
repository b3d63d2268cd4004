import { PUMP_STATES, type SensorKind } from '../../../contracts/city/layout.js';
import { parseIsoTime } from './iso-time.js';

export const MAX_BATCH_SIZE = 5_000;
/** Device clocks drift; anything further ahead than this is a wrong clock, not a measurement. */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;
/** Readings older than this are not accepted: the latest-reading view and the flood risk assume fresh data. */
export const MAX_READING_AGE_MS = 7 * 24 * 3_600_000;

/** A reading as it arrives: the time and value are checked here, not by GraphQL, so one bad reading fails alone. */
export interface IncomingReading {
  sensorId: string;
  at: unknown;
  value?: unknown;
}

export interface ValidReading {
  index: number;
  sensorId: string;
  /** Normalised with `toISOString`. */
  at: string;
  value: number;
}

export interface RejectedReading {
  index: number;
  reason: string;
}

export interface ValidationResult {
  valid: ValidReading[];
  rejected: RejectedReading[];
}

export const REJECTION_REASONS = {
  unknownSensor: (sensorId: string) => `Unknown sensor ${sensorId}.`,
  notFinite: 'The value is not a finite number.',
  outOfRange: 'The value is not one a sensor of this kind reports (RAINFALL: 0 or more millimetres; PUMP_STATUS: 0, 1, 2 or 3).',
  malformedTime: 'The time is not an ISO 8601 date-time with a time zone, e.g. 2026-11-28T08:00:00Z.',
  farFuture: 'The time is more than 5 minutes in the future.',
  tooOld: 'The reading is more than 7 days old.',
} as const;

/** The kinds whose values have a meaning the flood risk relies on: rain is an amount, a pump state a code. */
const VALUE_RULES: Partial<Record<SensorKind, (value: number) => boolean>> = {
  RAINFALL: (value) => value >= 0,
  PUMP_STATUS: (value) => Number.isInteger(value) && value >= 0 && value < PUMP_STATES.length,
};

/** The reading to store, or why it cannot be stored. Checked in this order: sensor, value, time. */
function judge(reading: IncomingReading, index: number, kindOf: (id: string) => SensorKind | undefined, now: number): ValidReading | string {
  const kind = kindOf(reading.sensorId);
  if (!kind) return REJECTION_REASONS.unknownSensor(reading.sensorId);
  const value = reading.value;
  if (typeof value !== 'number' || !Number.isFinite(value)) return REJECTION_REASONS.notFinite;
  const rule = VALUE_RULES[kind];
  if (rule && !rule(value)) return REJECTION_REASONS.outOfRange;
  const at = parseIsoTime(reading.at);
  if (at === null) return REJECTION_REASONS.malformedTime;
  if (at.ms > now + MAX_CLOCK_SKEW_MS) return REJECTION_REASONS.farFuture;
  if (at.ms < now - MAX_READING_AGE_MS) return REJECTION_REASONS.tooOld;
  return { index, sensorId: reading.sensorId, at: at.iso, value };
}

/** Splits a batch into the readings to store and the ones to report, each with its index in the batch. */
export function validateReadings(readings: readonly IncomingReading[], kindOf: (id: string) => SensorKind | undefined, now: Date): ValidationResult {
  const nowMs = now.getTime();
  const valid: ValidReading[] = [];
  const rejected: RejectedReading[] = [];
  for (let index = 0; index < readings.length; index += 1) {
    const verdict = judge(readings[index]!, index, kindOf, nowMs);
    if (typeof verdict === 'string') rejected.push({ index, reason: verdict });
    else valid.push(verdict);
  }
  return { valid, rejected };
}
