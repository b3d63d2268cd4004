import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { metricsFor } from '../../platform/metrics.js';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { LocalConsentAuthority } from '../../consent/authority/local-authority.js';
import { authorityKeys, readReceipt, signReceipt } from '../../consent/crypto/authority-signing.js';
import { createDataKey } from '../../consent/crypto/data-keys.js';
import type { GrantRecord } from '../../consent/domain/grants.js';
import { loadStatutes } from '../../consent/policy/statutes.js';
import { AccessLogService } from '../../consent/services/access-log-service.js';
import { GrantService } from '../../consent/services/grant-service.js';
import { ConsentStore } from '../../consent/subgraph/store.js';
import type { Principal } from '../../platform/principal.js';
import { loadSodium } from '../../platform/sodium.js';
import { SqliteStore } from '../../platform/store/sqlite.js';

/**
 * Grants stored before grants named subgraphs are given a scope at start, and a grant is honoured only as its signed
 * receipt states it: a row whose scope or status was edited in the store opens nothing.
 */
let dir: string;
let store: SqliteStore;
let consent: ConsentStore;
const master = crypto.randomBytes(32);
const now = new Date();
const validUntil = new Date(now.getTime() + 86_400_000).toISOString();

beforeAll(async () => {
  await loadSodium();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'citygraph-migration-'));
  store = new SqliteStore('consent', path.join(dir, 'consent.sqlite'));
  consent = await ConsentStore.open(store);
  await consent.dataKeys.insertMany(['C-0001', 'C-0002'].map((id) => createDataKey(master, id, 1, now).record));
  await consent.grantees.upsertMany([{ id: 'transport', kind: 'DEPARTMENT', name: 'Transport Department', purposes: [], createdAt: now.toISOString() }]);
});
afterAll(async () => {
  await store?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A grant row as the code before issue 16 wrote it: categories, no scope, a v1 receipt without a scope. */
function legacyGrant(id: string, citizenId: string, categories: GrantRecord['categories']): Omit<GrantRecord, 'scope'> {
  const at = now.toISOString();
  const base = { id, citizenId, granteeId: 'transport', purpose: 'TAXI_ASSIST' as const, categories, validFrom: at, validUntil, fetchLimitPerDay: null, status: 'ACTIVE' as const, createdAt: at, changedAt: at, history: [{ at, action: 'GRANTED' as const, status: 'ACTIVE' as const, by: citizenId }] };
  const receipt = signReceipt(authorityKeys(master), { type: 'citygraph.consent-receipt/v1', action: 'GRANTED', at, grantId: id, citizenId, grantee: { id: 'transport' }, purpose: 'TAXI_ASSIST', categories, validFrom: at, validUntil, status: 'ACTIVE' });
  return { ...base, receipt };
}

const transportStaff: Principal = { kind: 'staff', id: 'transport', department: 'transport', roles: ['staff'], scopes: [], purpose: 'TAXI_ASSIST', requestId: 'r-1' };

describe('grant scope migration', () => {
  it('gives a legacy face grant the scope [(consent, BIOMETRIC), (transport, LOCATION)] and a re-signed receipt, once', async () => {
    await consent.grants.insert(legacyGrant('CG-legacy', 'C-0001', ['BIOMETRIC', 'LOCATION']) as GrantRecord);
    const grants = new GrantService(consent, authorityKeys(master), new AccessLogService(consent, authorityKeys(master)), () => now);
    expect(await grants.migrateScopes()).toBe(1);
    expect(await grants.migrateScopes()).toBe(0);
    const migrated = (await consent.grants.get('CG-legacy'))!;
    expect(migrated.scope).toEqual([{ subgraph: 'consent', category: 'BIOMETRIC' }, { subgraph: 'transport', category: 'LOCATION' }]);
    expect(migrated.history).toHaveLength(1);
    const receipt = readReceipt(authorityKeys(master).publicKey, migrated.receipt);
    expect(receipt).toMatchObject({ type: 'citygraph.consent-receipt/v2', action: 'SCOPE_MIGRATED', grantId: 'CG-legacy', scope: migrated.scope, status: 'ACTIVE' });

    const authority = new LocalConsentAuthority(consent, master, loadStatutes(), new AccessLogService(consent, authorityKeys(master)), () => now);
    const [health] = await authority.decide({ principal: transportStaff }, { subgraph: 'health', citizenIds: ['C-0001'], categories: ['LOCATION'] });
    expect(health!.categories.LOCATION).toEqual({ allow: false, code: 'CONSENT_REQUIRED' });
    const [transport] = await authority.decide({ principal: transportStaff }, { subgraph: 'transport', citizenIds: ['C-0001'], categories: ['LOCATION'] });
    expect(transport!.categories.LOCATION).toEqual({ allow: true, basis: 'CONSENT:CG-legacy' });
  });

  it('honours a grant only as its signed receipt states it: a widened scope or a revived status opens nothing', async () => {
    const citizen: Principal = { kind: 'citizen', id: 'C-0002', roles: [], scopes: [], requestId: 'r-2' };
    const grants = new GrantService(consent, authorityKeys(master), new AccessLogService(consent, authorityKeys(master)), () => now);
    const grant = await grants.grant(citizen, { granteeId: 'transport', purpose: 'TAXI_ASSIST', categories: ['LOCATION'], validUntil });
    expect(grant.scope).toEqual([{ subgraph: 'transport', category: 'LOCATION' }]);
    const authority = new LocalConsentAuthority(consent, master, loadStatutes(), new AccessLogService(consent, authorityKeys(master)), () => now);
    const ask = async (subgraph: 'health' | 'transport') => (await authority.decide({ principal: transportStaff }, { subgraph, citizenIds: ['C-0002'], categories: ['LOCATION'] }))[0]!.categories.LOCATION;

    const ignoredRows = async () => Number((await metricsFor('consent').registry.getSingleMetricAsString('citygraph_grant_integrity_failures_total')).match(/ (\d+)$/m)?.[1] ?? 0);
    const before = await ignoredRows();
    await consent.grants.update(grant.id, { scope: [...grant.scope, { subgraph: 'health', category: 'LOCATION' }] });
    expect(await ask('health')).toEqual({ allow: false, code: 'CONSENT_REQUIRED' });
    expect(await ask('transport')).toEqual({ allow: false, code: 'CONSENT_REQUIRED' });
    // Ignored, counted once for that row state (not once per decision).
    expect(await ignoredRows()).toBe(before + 1);

    await consent.grants.update(grant.id, { scope: grant.scope });
    expect(await ask('transport')).toEqual({ allow: true, basis: `CONSENT:${grant.id}` });
    const revoked = await grants.change(citizen, grant.id, 'REVOKED');
    expect(await ask('transport')).toMatchObject({ allow: false, code: 'CONSENT_REVOKED' });
    await consent.grants.update(grant.id, { status: 'ACTIVE' });
    expect(await ask('transport')).toEqual({ allow: false, code: 'CONSENT_REQUIRED' });
    expect(readReceipt(authorityKeys(master).publicKey, revoked.receipt)).toMatchObject({ action: 'REVOKED', status: 'REVOKED', scope: grant.scope });
  });
});
