import { beforeAll, describe, expect, it } from '@jest/globals';
import crypto from 'node:crypto';
import { createDataKey, subgraphDataKey, unwrapDataKey, blindIndex, blindIndexKey } from '../../../../consent/crypto/data-keys.js';
import { FieldDecryptionError, isSealed, openField, sealField, type FieldBinding } from '../../../../consent/crypto/field-cipher.js';
import { loadSodium } from '../../../../platform/sodium.js';

const master = new Uint8Array(crypto.randomBytes(32));
const binding: FieldBinding = { subgraph: 'transport', collection: 'SavedPlace', field: 'label', recordId: 'P-1', citizenId: 'C-0001' };

beforeAll(async () => {
  await loadSodium();
});

describe('field encryption at rest', () => {
  it('round-trips any JSON value and never contains the plaintext', () => {
    const { key } = createDataKey(master, 'C-0001');
    const k = subgraphDataKey(key, 'transport', 1);
    for (const value of ['Home', 42.5, ['a', 'b'], { label: 'Clinic' }]) {
      const sealed = sealField(k, binding, value);
      expect(isSealed(sealed)).toBe(true);
      expect(sealed).not.toContain('Home');
      expect(openField(k, binding, sealed)).toEqual(value);
    }
  });

  it('fails to open a ciphertext moved to another record, field, citizen or subgraph', () => {
    const { key } = createDataKey(master, 'C-0001');
    const k = subgraphDataKey(key, 'transport', 1);
    const sealed = sealField(k, binding, 'Home');
    for (const other of [
      { ...binding, recordId: 'P-2' },
      { ...binding, field: 'address' },
      { ...binding, citizenId: 'C-0002' },
      { ...binding, collection: 'Trip' },
    ]) {
      expect(() => openField(k, other, sealed)).toThrow(FieldDecryptionError);
    }
    expect(() => openField(subgraphDataKey(key, 'health', 1), binding, sealed)).toThrow(FieldDecryptionError);
  });

  it('fails on a tampered ciphertext and on another citizen’s key', () => {
    const a = createDataKey(master, 'C-0001');
    const b = createDataKey(master, 'C-0002');
    const sealed = sealField(subgraphDataKey(a.key, 'transport', 1), binding, 'Home');
    const flipped = sealed.slice(0, -3) + (sealed.at(-3) === 'A' ? 'B' : 'A') + sealed.slice(-2);
    expect(() => openField(subgraphDataKey(a.key, 'transport', 1), binding, flipped)).toThrow(FieldDecryptionError);
    expect(() => openField(subgraphDataKey(b.key, 'transport', 1), binding, sealed)).toThrow(FieldDecryptionError);
  });

  it('unwraps a data key only with the master key and the citizen it was made for', () => {
    const { record, key } = createDataKey(master, 'C-0001');
    expect(Buffer.from(unwrapDataKey(master, record)).equals(Buffer.from(key))).toBe(true);
    expect(() => unwrapDataKey(new Uint8Array(crypto.randomBytes(32)), record)).toThrow();
    expect(() => unwrapDataKey(master, { ...record, id: 'C-0002' })).toThrow();
  });

  it('gives the same blind index for differently formatted phone numbers and differs by key', () => {
    const k = blindIndexKey(master);
    expect(blindIndex(k, 'phone', '+86 138 0000 1111')).toBe(blindIndex(k, 'phone', '+8613800001111'));
    expect(blindIndex(k, 'phone', '+86 138 0000 1111')).not.toBe(blindIndex(blindIndexKey(new Uint8Array(crypto.randomBytes(32))), 'phone', '+86 138 0000 1111'));
  });
});
