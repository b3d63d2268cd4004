import { REJECTION_REASONS } from '../domain/reading-validation.js';

/** Why a reading was dropped: the five `ingestReadings` rules plus a message that is not a reading at all. */
export type RejectionKind = 'malformedMessage' | 'unknownSensor' | 'notFinite' | 'outOfRange' | 'malformedTime' | 'farFuture' | 'tooOld';

export const REJECTION_KINDS: readonly RejectionKind[] = ['malformedMessage', 'unknownSensor', 'notFinite', 'outOfRange', 'malformedTime', 'farFuture', 'tooOld'];

/** The fixed text before the sensor id in the unknown-sensor reason. */
const UNKNOWN_SENSOR_PREFIX = REJECTION_REASONS.unknownSensor('\u0000').split('\u0000')[0]!;

/** Maps a reason from `validateReadings` to its counter; the reasons are fixed strings (one names the sensor). */
export function rejectionKindOf(reason: string): RejectionKind {
  if (reason.startsWith(UNKNOWN_SENSOR_PREFIX)) return 'unknownSensor';
  if (reason === REJECTION_REASONS.notFinite) return 'notFinite';
  if (reason === REJECTION_REASONS.outOfRange) return 'outOfRange';
  if (reason === REJECTION_REASONS.malformedTime) return 'malformedTime';
  if (reason === REJECTION_REASONS.farFuture) return 'farFuture';
  if (reason === REJECTION_REASONS.tooOld) return 'tooOld';
  return 'malformedMessage';
}

const WINDOW_SECONDS = 10;

/**
 * Counters of one process's ingestion (MQTT and `ingestReadings`), for /metrics: monotonic counts plus a
 * readings-per-second gauge averaged over the last 10 whole seconds.
 */
export class IngestionStats {
  accepted = 0;
  readonly rejected: Record<RejectionKind, number> = { malformedMessage: 0, unknownSensor: 0, notFinite: 0, outOfRange: 0, malformedTime: 0, farFuture: 0, tooOld: 0 };
  /** Store writes of accepted batches (one per MQTT flush or `ingestReadings` call). */
  batches = 0;
  /** Accepted readings per second, bucketed by `Math.floor(ms / 1000)`: the current second and the WINDOW_SECONDS before it. */
  private readonly perSecond = new Map<number, number>();

  constructor(private readonly clock: () => number = Date.now) {}

  recordBatch(accepted: number, rejectedReasons: readonly string[]): void {
    this.batches += 1;
    this.accepted += accepted;
    for (const reason of rejectedReasons) this.rejected[rejectionKindOf(reason)] += 1;
    const second = Math.floor(this.clock() / 1000);
    this.perSecond.set(second, (this.perSecond.get(second) ?? 0) + accepted);
    for (const key of this.perSecond.keys()) if (key < second - WINDOW_SECONDS) this.perSecond.delete(key);
  }

  recordRejected(kind: RejectionKind, count = 1): void {
    this.rejected[kind] += count;
  }

  /** The mean over the last WINDOW_SECONDS complete seconds (the current, partial second is left out). */
  readingsPerSecond(): number {
    const current = Math.floor(this.clock() / 1000);
    let total = 0;
    for (const [second, count] of this.perSecond) if (second < current && second >= current - WINDOW_SECONDS) total += count;
    return total / WINDOW_SECONDS;
  }

  rejectedTotal(): number {
    return Object.values(this.rejected).reduce((sum, count) => sum + count, 0);
  }
}

/** The counters of this process (the sensors subgraph's), for /metrics. */
export const ingestionStats = new IngestionStats();
