import { describe, expect, it } from '@jest/globals';
import { mayIngestReadings } from '../../../../../subgraphs/sensors/domain/ingest-permission.js';

describe('who may ingest readings', () => {
  it('allows sensors staff, a partner with sensors:write, and an admin', () => {
    expect(mayIngestReadings({ kind: 'staff', department: 'sensors', scopes: [] })).toBe(true);
    expect(mayIngestReadings({ kind: 'partner', scopes: ['sensors:read', 'sensors:write'] })).toBe(true);
    expect(mayIngestReadings({ kind: 'admin', scopes: [] })).toBe(true);
  });

  it('refuses other departments, read-only partners, citizens and anonymous callers', () => {
    expect(mayIngestReadings({ kind: 'staff', department: 'water', scopes: [] })).toBe(false);
    expect(mayIngestReadings({ kind: 'staff', scopes: ['sensors:write'] })).toBe(false);
    expect(mayIngestReadings({ kind: 'partner', scopes: ['transport:read', 'sensors:read'] })).toBe(false);
    expect(mayIngestReadings({ kind: 'citizen', scopes: [] })).toBe(false);
    expect(mayIngestReadings({ kind: 'anonymous', scopes: [] })).toBe(false);
  });
});
