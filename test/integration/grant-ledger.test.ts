import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { LocalConsentAuthority } from '../../consent/authority/local-authority.js';
import { authorityKeys, readReceipt } from '../../consent/crypto/authority-signing.js';
import { createDataKey } from '../../consent/crypto/data-keys.js';
import type { GrantRecord } from '../../consent/domain/grants.js';
import { loadStatutes } from '../../consent/policy/statutes.js';
import { AccessLogService } from '../../consent/services/access-log-service.js';
import { receiptHashOf } from '../../consent/services/grant-ledger.js';
import { GrantService } from '../../consent/services/grant-service.js';
import { ConsentStore } from '../../consent/subgraph/store.js';
import { metricsFor } from '../../platform/metrics.js';
import type { Principal } from '../../platform/principal.js';
import { loadSodium } from '../../platform/sodium.js';
import { SqliteStore } from '../../platform/store/sqlite.js';

/**
 * Every state of a grant is an entry of the citizen's transparency log, and a decision honours a grant only at the
 * (id, version) the log records last (ARCHITECTURE §4): an attacker with write access to the consent store who
 * copies back an older row, with the genuine signed receipt of that older state, reopens nothing.
 */
let dir: string;
let store: SqliteStore;
let consent: ConsentStore;
let log: AccessLogService;
let grants: GrantService;
let authority: LocalConsentAuthority;
const master = crypto.randomBytes(32);
let keys: ReturnType<typeof authorityKeys>;
const now = new Date();
const validUntil = new Date(now.getTime() + 86_400_000).toISOString();
const transportStaff: Principal = { kind: 'staff', id: 'transport', department: 'transport', roles: ['staff'], scopes: [], purpose: 'TAXI_ASSIST', requestId: 'r-staff' };
const citizen = (id: string): Principal => ({ kind: 'citizen', id, roles: [], scopes: [], requestId: crypto.randomUUID() });

async function ask(citizenId: string) {
  const [decision] = await authority.decide({ principal: transportStaff }, { subgraph: 'transport', citizenIds: [citizenId], categories: ['LOCATION'] });
  return decision!.categories.LOCATION;
}

async function staleRows(): Promise<number> {
  const text = await metricsFor('consent').registry.getSingleMetricAsString('citygraph_grant_stale_rows_total');
  return Number(text.match(/ (\d+)$/m)?.[1] ?? 0);
}

beforeAll(async () => {
  await loadSodium();
  keys = authorityKeys(master);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'citygraph-grant-ledger-'));
  store = new SqliteStore('consent', path.join(dir, 'consent.sqlite'));
  consent = await ConsentStore.open(store);
  await consent.dataKeys.insertMany(['C-0001', 'C-0002', 'C-0003', 'C-0004'].map((id) => createDataKey(master, id, 1, now).record));
  await consent.grantees.upsertMany([{ id: 'transport', kind: 'DEPARTMENT', name: 'Transport Department', purposes: [], createdAt: now.toISOString() }]);
  log = new AccessLogService(consent, keys, { masterKey: master });
  grants = new GrantService(consent, keys, log, () => now);
  authority = new LocalConsentAuthority(consent, master, loadStatutes(), log, () => now);
});
afterAll(async () => {
  await log?.close();
  await store?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('grant states in the transparency log', () => {
  it('records every state of a grant in the citizen’s log: who, the version, the status and the receipt’s hash', async () => {
    const granted = await grants.grant(citizen('C-0001'), { granteeId: 'transport', purpose: 'TAXI_ASSIST', categories: ['LOCATION'], validUntil });
    const paused = await grants.change(citizen('C-0001'), granted.id, 'PAUSED');
    const resumed = await grants.change(citizen('C-0001'), granted.id, 'RESUMED');
    const revoked = await grants.change(citizen('C-0001'), granted.id, 'REVOKED');
    expect([granted, paused, resumed, revoked].map((g) => g.version)).toEqual([1, 2, 3, 4]);
    expect(readReceipt(keys.publicKey, revoked.receipt)).toMatchObject({ version: 4, status: 'REVOKED' });

    const entries = (await log.all('C-0001')).filter((e) => e.coordinate === 'ConsentGrant');
    expect(entries.map((e) => [e.grant?.version, e.grant?.action, e.grant?.status, e.decision, e.code])).toEqual([
      [1, 'GRANTED', 'ACTIVE', 'ALLOWED', null],
      [2, 'PAUSED', 'PAUSED', 'DENIED', 'CONSENT_PAUSED'],
      [3, 'RESUMED', 'ACTIVE', 'ALLOWED', null],
      [4, 'REVOKED', 'REVOKED', 'DENIED', 'CONSENT_REVOKED'],
    ]);
    expect(entries.map((e) => e.grant?.receiptHash)).toEqual([granted, paused, resumed, revoked].map((g) => receiptHashOf(g.receipt)));
    for (const entry of entries) {
      expect(entry).toMatchObject({ category: 'LOCATION', basis: `CONSENT:${granted.id}`, purpose: 'TAXI_ASSIST', principal: { kind: 'CITIZEN', id: 'SELF' } });
      // The citizen's id is never in a leaf: only the salted tag, so erasure makes the entries unlinkable.
      expect(Buffer.from(entry.leaf, 'base64').toString('utf8').includes('C-0001')).toBe(false);
    }
    expect((await log.verify('C-0001')).ok).toBe(true);
  });

  it('ignores and reports a revoked grant restored to its older ACTIVE row, genuine receipt and all', async () => {
    const granted = await grants.grant(citizen('C-0002'), { granteeId: 'transport', purpose: 'TAXI_ASSIST', categories: ['LOCATION'], validUntil });
    expect(await ask('C-0002')).toEqual({ allow: true, basis: `CONSENT:${granted.id}` });
    const activeRow = (await consent.grants.get(granted.id))!;
    await grants.change(citizen('C-0002'), granted.id, 'REVOKED');
    expect(await ask('C-0002')).toMatchObject({ allow: false, code: 'CONSENT_REVOKED' });

    // The attacker copies the older row back: a receipt the authority really signed, for a state that is no longer
    // the latest. Its signature verifies; the log says otherwise.
    const before = await staleRows();
    await consent.grants.update(granted.id, { ...activeRow });
    expect(await ask('C-0002')).toEqual({ allow: false, code: 'CONSENT_REQUIRED' });
    expect(await ask('C-0002')).toEqual({ allow: false, code: 'CONSENT_REQUIRED' });
    expect(await staleRows()).toBe(before + 1);
  });

  it('does not honour a grant whose newer state another process logged, once its row is older than the log', async () => {
    const granted = await grants.grant(citizen('C-0003'), { granteeId: 'transport', purpose: 'TAXI_ASSIST', categories: ['LOCATION'], validUntil });
    const activeRow = (await consent.grants.get(granted.id))!;
    // A second consent process over the same store revokes it; this process's authority learns it from the log.
    const otherLog = new AccessLogService(consent, keys, { masterKey: master });
    const otherGrants = new GrantService(consent, keys, otherLog, () => now);
    await otherGrants.change(citizen('C-0003'), granted.id, 'REVOKED');
    await otherLog.close();
    expect(await ask('C-0003')).toMatchObject({ allow: false, code: 'CONSENT_REVOKED' });
    await consent.grants.update(granted.id, { ...activeRow });
    expect(await ask('C-0003')).toEqual({ allow: false, code: 'CONSENT_REQUIRED' });
  });

  it('records grants written before states were logged once at start, so they stay honoured; a fresh authority agrees', async () => {
    // A grant row as earlier versions wrote it: signed, no version, nothing in the log.
    const legacy = await grants.grant(citizen('C-0004'), { granteeId: 'transport', purpose: 'TAXI_ASSIST', categories: ['LOCATION'], validUntil });
    const leaves = await consent.transparencyLeaves.find({ grantId: legacy.id });
    expect(leaves).toHaveLength(1);
    const otherId = `CG-${crypto.randomUUID()}`;
    const { version: _v, ...unversioned } = legacy;
    // Re-sign the same state without a version, as the code before this change did (a v2 receipt without `version`).
    const oldReceipt = readReceipt(keys.publicKey, legacy.receipt)!;
    const { version: _rv, ...oldBody } = oldReceipt as Record<string, unknown>;
    const { signReceipt } = await import('../../consent/crypto/authority-signing.js');
    const row: GrantRecord = { ...unversioned, id: otherId, receipt: signReceipt(keys, { ...oldBody, grantId: otherId }) };
    await consent.grants.insert(row);
    expect(await ask('C-0004')).toEqual({ allow: true, basis: `CONSENT:${legacy.id}` });

    const fresh = new AccessLogService(consent, keys, { masterKey: master });
    const freshAuthority = new LocalConsentAuthority(consent, master, loadStatutes(), fresh, () => now);
    const decide = async () => (await freshAuthority.decide({ principal: transportStaff }, { subgraph: 'transport', citizenIds: ['C-0004'], categories: ['LOCATION'] }))[0]!;
    await consent.grants.update(legacy.id, { status: 'REVOKED' as const });
    // Only the unlogged row is ignored until it is recorded (the edited one fails its receipt).
    expect((await decide()).categories.LOCATION).toMatchObject({ allow: false });
    expect(await new GrantService(consent, keys, fresh, () => now).recordUnlogged()).toBe(1);
    expect((await decide()).categories.LOCATION).toEqual({ allow: true, basis: `CONSENT:${otherId}` });
    expect(await new GrantService(consent, keys, fresh, () => now).recordUnlogged()).toBe(0);
    await fresh.close();
  });
});
