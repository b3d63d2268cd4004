import crypto from 'node:crypto';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { FieldDecryptionError, isSealed, openField, type SubgraphDataKey } from '../../../../consent/crypto/field-cipher.js';
import { loadSodium } from '../../../../platform/sodium.js';
import { openCheckIn, openDeclaration, sealCheckIn, sealDeclaration, sealHealthCode } from '../../../../subgraphs/health/records.js';

const key = (): SubgraphDataKey => ({ key: new Uint8Array(crypto.randomBytes(32)), version: 1 });

beforeAll(async () => {
  await loadSodium();
});

describe('health records at rest', () => {
  it('seals every declared value and opens it back with the same key', () => {
    const k = key();
    const record = sealDeclaration(k, { id: 'HD-1', citizenId: 'C-0001', submittedAt: '2026-11-27T08:00:00.000Z' }, { symptoms: ['cough'], temperature: 38.2, recentTravel: ['Northvale'] });
    expect([record.symptoms, record.temperature, record.recentTravel].every(isSealed)).toBe(true);
    expect(JSON.stringify(record)).not.toMatch(/cough|38\.2|Northvale/);
    expect(openDeclaration(k, record)).toEqual({ submittedAt: '2026-11-27T08:00:00.000Z', symptoms: ['cough'], temperature: 38.2, recentTravel: ['Northvale'] });
  });

  it('keeps only the day of a check-in in plaintext', () => {
    const k = key();
    const sealed = sealCheckIn(k, { id: 'CI-1', citizenId: 'C-0001', at: '2026-11-25T17:30:00.000Z', facilityId: 'F-013' });
    expect(sealed.day).toBe('2026-11-25');
    expect(JSON.stringify(sealed)).not.toMatch(/F-013|17:30/);
    expect(openCheckIn(k, { ...sealed, seq: 1 })).toEqual({ at: '2026-11-25T17:30:00.000Z', facilityId: 'F-013' });
  });

  it('binds a health code to its citizen: the record id is the citizen id', () => {
    const k = key();
    const record = sealHealthCode(k, 'C-0004', { status: 'RED', reasons: ['A temperature of 38.6 °C was declared on 2026-11-27.'] }, '2026-11-28T08:00:00.000Z');
    expect(record.id).toBe('C-0004');
    const binding = { subgraph: 'health' as const, collection: 'HealthCode', recordId: 'C-0004', citizenId: 'C-0004' };
    expect(openField(k, { ...binding, field: 'status' }, record.status)).toBe('RED');
    expect(() => openField(k, { ...binding, field: 'status', recordId: 'C-0005', citizenId: 'C-0005' }, record.status)).toThrow(FieldDecryptionError);
  });

  it('cannot open a declaration value moved to another declaration', () => {
    const k = key();
    const first = sealDeclaration(k, { id: 'HD-1', citizenId: 'C-0001', submittedAt: '2026-11-27T08:00:00.000Z' }, { symptoms: ['cough'], temperature: null, recentTravel: [] });
    const second = sealDeclaration(k, { id: 'HD-2', citizenId: 'C-0001', submittedAt: '2026-11-27T09:00:00.000Z' }, { symptoms: [], temperature: null, recentTravel: [] });
    expect(() => openDeclaration(k, { ...second, symptoms: first.symptoms })).toThrow(FieldDecryptionError);
  });
});
