import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadSodium } from '../../../../platform/sodium.js';
import { SqliteStore } from '../../../../platform/store/sqlite.js';
import { createDataKey } from '../../../../consent/crypto/data-keys.js';
import { ConsentStore } from '../../../../consent/subgraph/store.js';
import { RIDE_REQUEST_PREFIX, RideRequestIds } from '../../../../consent/services/ride-request-ids.js';

// The one-ride request id must be stable per (citizen key, ride, partner), and after erasure nothing may compute it
// from the ride id: neither a plain digest of it nor the id made under another key.
let dir: string;
let raw: SqliteStore;
let store: ConsentStore;
const master = new Uint8Array(crypto.randomBytes(32));

beforeAll(async () => {
  await loadSodium();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ride-ids-'));
  raw = new SqliteStore('consent', path.join(dir, 'consent.sqlite'));
  store = await ConsentStore.open(raw);
  await store.dataKeys.insert(createDataKey(master, 'C-1').record);
  await store.dataKeys.insert(createDataKey(master, 'C-2').record);
});

afterAll(async () => {
  await raw.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('RideRequestIds', () => {
  it('gives the same id for the same citizen, ride and partner, and distinct ids otherwise', async () => {
    const ids = new RideRequestIds(store, master);
    const [a, b] = await ids.of('C-1', 'R-1', ['P-1', 'P-2']);
    const [again] = await ids.of('C-1', 'R-1', ['P-1']);
    const [otherRide] = await ids.of('C-1', 'R-2', ['P-1']);
    const [otherCitizen] = await ids.of('C-2', 'R-1', ['P-1']);
    expect(a).toBe(again);
    expect(a!.startsWith(RIDE_REQUEST_PREFIX)).toBe(true);
    expect(new Set([a, b, otherRide, otherCitizen]).size).toBe(4);
  });

  it('does not use a digest of the ride and partner alone (what the old ids were)', async () => {
    const [id] = await new RideRequestIds(store, master).of('C-1', 'R-1', ['P-1']);
    const plain = `${RIDE_REQUEST_PREFIX}${crypto.createHash('sha256').update('R-1|P-1').digest('base64url').slice(0, 32)}`;
    expect(id).not.toBe(plain);
  });

  it('reads the key record itself, or uses the one the caller passes', async () => {
    const ids = new RideRequestIds(store, master);
    const record = await store.dataKeys.get('C-2');
    expect(await ids.of('C-2', 'R-9', ['P-1'], record)).toEqual(await ids.of('C-2', 'R-9', ['P-1']));
  });

  it('after erasure (a tombstone) the id is no longer the one the live key gave, and unknown citizens share the master-derived key', async () => {
    const ids = new RideRequestIds(store, master);
    const [before] = await ids.of('C-2', 'R-3', ['P-1']);
    await store.dataKeys.upsert({ id: 'C-2', erasedAt: new Date().toISOString() });
    const [after] = await ids.of('C-2', 'R-3', ['P-1']);
    expect(after).not.toBe(before);
    // A citizen with no key and an erased one are both under the master-derived key: the id depends on ride and partner only.
    const [unknown] = await ids.of('C-404', 'R-3', ['P-1']);
    expect(after).toBe(unknown);
  });

  it('another master key gives other ids for a citizen without a live key', async () => {
    const [a] = await new RideRequestIds(store, master).of('C-404', 'R-1', ['P-1']);
    const [b] = await new RideRequestIds(store, new Uint8Array(crypto.randomBytes(32))).of('C-404', 'R-1', ['P-1']);
    expect(a).not.toBe(b);
  });
});
