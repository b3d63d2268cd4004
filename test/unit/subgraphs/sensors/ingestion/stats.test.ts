import { describe, expect, it } from '@jest/globals';
import { REJECTION_REASONS } from '../../../../../subgraphs/sensors/domain/reading-validation.js';
import { IngestionStats, rejectionKindOf } from '../../../../../subgraphs/sensors/ingestion/stats.js';

describe('ingestion counters', () => {
  it('maps every ingestReadings rejection reason to its own counter', () => {
    expect(rejectionKindOf(REJECTION_REASONS.unknownSensor('S-999999'))).toBe('unknownSensor');
    expect(rejectionKindOf(REJECTION_REASONS.notFinite)).toBe('notFinite');
    expect(rejectionKindOf(REJECTION_REASONS.outOfRange)).toBe('outOfRange');
    expect(rejectionKindOf(REJECTION_REASONS.malformedTime)).toBe('malformedTime');
    expect(rejectionKindOf(REJECTION_REASONS.farFuture)).toBe('farFuture');
    expect(rejectionKindOf(REJECTION_REASONS.tooOld)).toBe('tooOld');
  });

  it('counts accepted readings, rejections by reason and batches', () => {
    const stats = new IngestionStats(() => 10_000);
    stats.recordBatch(5, [REJECTION_REASONS.tooOld, REJECTION_REASONS.tooOld, REJECTION_REASONS.unknownSensor('S-9')]);
    stats.recordRejected('malformedMessage', 2);
    stats.recordBatch(3, []);
    expect(stats.accepted).toBe(8);
    expect(stats.batches).toBe(2);
    expect(stats.rejected).toEqual({ malformedMessage: 2, unknownSensor: 1, notFinite: 0, outOfRange: 0, malformedTime: 0, farFuture: 0, tooOld: 2 });
    expect(stats.rejectedTotal()).toBe(5);
  });

  it('gives readings per second as the mean of the last ten whole seconds, leaving out the current one', () => {
    let now = 100_000;
    const stats = new IngestionStats(() => now);
    for (let second = 0; second < 12; second += 1) {
      now = 100_000 + second * 1000;
      stats.recordBatch(100, []);
    }
    now = 100_000 + 11 * 1000 + 500; // still in second 111: its 100 readings do not count yet
    expect(stats.readingsPerSecond()).toBe(100);
    now = 100_000 + 30 * 1000; // nothing for twenty seconds
    expect(stats.readingsPerSecond()).toBe(0);
  });
});
