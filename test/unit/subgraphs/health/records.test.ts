import crypto from 'node:crypto';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { categoryDataKey } from '../../../../consent/crypto/data-keys.js';
import { FieldDecryptionError, isSealed, openField } from '../../../../consent/crypto/field-cipher.js';
import { loadSodium } from '../../../../platform/sodium.js';
import { localSealing } from '../../../../seed/kit.js';
import { NotWritableError, sealCheckIn, sealDeclaration, sealHealthCodes } from '../../../../subgraphs/health/records.js';

const dataKey = { key: new Uint8Array(crypto.randomBytes(32)), version: 1 };
const keys = new Map([['C-0001', dataKey], ['C-0004', dataKey]]);
const health = () => localSealing('health', keys).sealer;
const binding = (collection: string, field: string, recordId: string, citizenId: string) => ({ subgraph: 'health' as const, collection, field, recordId, citizenId });

beforeAll(async () => {
  await loadSodium();
});

describe('health records at rest (sealed by the consent service, opened only with the category key)', () => {
  it('seals every declared value under the HEALTH key; the LOCATION key does not open it', async () => {
    const record = await sealDeclaration(health(), { id: 'HD-1', citizenId: 'C-0001', submittedAt: '2026-11-27T08:00:00.000Z' }, { symptoms: ['cough'], temperature: 38.2, recentTravel: ['Northvale'] });
    expect([record.symptoms, record.temperature, record.recentTravel].every(isSealed)).toBe(true);
    expect(JSON.stringify(record)).not.toMatch(/cough|38\.2|Northvale/);
    const where = binding('HealthDeclaration', 'temperature', 'HD-1', 'C-0001');
    expect(openField(categoryDataKey(dataKey.key, 'health', 'HEALTH', 1), where, record.temperature)).toBe(38.2);
    expect(() => openField(categoryDataKey(dataKey.key, 'health', 'LOCATION', 1), where, record.temperature)).toThrow(FieldDecryptionError);
  });

  it('keeps only the day of a check-in in plaintext, its place under the LOCATION key', async () => {
    const sealed = await sealCheckIn(health(), { id: 'CI-1', citizenId: 'C-0001', at: '2026-11-25T17:30:00.000Z', facilityId: 'F-013' });
    expect(sealed.day).toBe('2026-11-25');
    expect(JSON.stringify(sealed)).not.toMatch(/F-013|17:30/);
    expect(openField(categoryDataKey(dataKey.key, 'health', 'LOCATION', 1), binding('CheckIn', 'facility', 'CI-1', 'C-0001'), sealed.facility)).toBe('F-013');
    expect(() => openField(categoryDataKey(dataKey.key, 'health', 'HEALTH', 1), binding('CheckIn', 'facility', 'CI-1', 'C-0001'), sealed.facility)).toThrow(FieldDecryptionError);
  });

  it('binds a health code to its citizen: the record id is the citizen id', async () => {
    const [record] = await sealHealthCodes(health(), [{ citizenId: 'C-0004', code: { status: 'RED', reasons: ['A fever was declared.'] } }], '2026-11-28T08:00:00.000Z');
    expect(record!.id).toBe('C-0004');
    const key = categoryDataKey(dataKey.key, 'health', 'HEALTH', 1);
    expect(openField(key, binding('HealthCode', 'status', 'C-0004', 'C-0004'), record!.status)).toBe('RED');
    expect(() => openField(key, binding('HealthCode', 'status', 'C-0005', 'C-0005'), record!.status)).toThrow(FieldDecryptionError);
  });

  it('refuses to write for a citizen the sealer will not write about, and leaves them out of a batch', async () => {
    await expect(sealCheckIn(health(), { id: 'CI-2', citizenId: 'C-0999', at: '2026-11-25T17:30:00.000Z', facilityId: 'F-013' })).rejects.toBeInstanceOf(NotWritableError);
    const records = await sealHealthCodes(health(), [{ citizenId: 'C-0999', code: { status: 'GREEN', reasons: [] } }, { citizenId: 'C-0001', code: { status: 'GREEN', reasons: [] } }], '2026-11-28T08:00:00.000Z');
    expect(records.map((r) => r.id)).toEqual(['C-0001']);
  });
});
