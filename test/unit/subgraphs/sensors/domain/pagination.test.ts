import { describe, expect, it } from '@jest/globals';
import { decodeSensorCursor, encodeSensorCursor, isValidPageSize } from '../../../../../subgraphs/sensors/domain/pagination.js';

describe('sensor cursors', () => {
  it('round-trips a sensor id through an opaque base64url cursor', () => {
    const cursor = encodeSensorCursor('S-000042');
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(cursor).not.toContain('S-000042');
    expect(decodeSensorCursor(cursor)).toBe('S-000042');
  });

  it('refuses strings it did not issue', () => {
    const foreign = Buffer.from('user:C-0001').toString('base64url');
    const notASensor = Buffer.from('sensor:DROP TABLE').toString('base64url');
    for (const cursor of ['', 'S-000042', 'not base64!', foreign, notASensor, 'x'.repeat(500)]) {
      expect(decodeSensorCursor(cursor)).toBeNull();
    }
  });

  it('allows page sizes from 1 to 100 only', () => {
    expect([0, 1, 100, 101, -5, 2.5].map(isValidPageSize)).toEqual([false, true, true, false, false, false]);
  });
});
