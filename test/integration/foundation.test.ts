import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PRINCIPAL_HEADER, signPrincipal } from '../../platform/principal.js';
import { principalSigningKeysOf } from '../../platform/keys.js';
import { CITIZEN_NAME, citizenToken, contract, errorText, graphql, LEAK_PATTERN, readRawFiles, staffToken, startTestHub, type TestHub } from '../support/hub.js';

let hub: TestHub;

beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(async () => {
  await hub?.close();
});

const CITIZEN_ME_WITHOUT_CONSENTS = contract('citizen-me.graphql').replace(/\n\s*consents \{[^}]*\{[^}]*\}[^}]*\}/, '');

describe('contract: flood-overview (anonymous)', () => {
  it('answers all 16 districts with a flood risk and gauges resolved across water and sensors', async () => {
    const answer = await graphql(hub, contract('flood-overview.graphql'));
    expect(answer.status).toBe(200);
    expect(answer.body.errors).toBeUndefined();
    const districts = answer.body.data!.districts as Array<any>;
    expect(districts).toHaveLength(16);
    expect(districts.map((d) => d.id)).toEqual(Array.from({ length: 16 }, (_, i) => `D-${String(i + 1).padStart(2, '0')}`));
    const levels = new Set(districts.map((d) => d.floodRisk.level));
    expect(levels.size).toBeGreaterThan(1);
    for (const district of districts) {
      expect(typeof district.name).toBe('string');
      expect(district.floodRisk.score).toBeGreaterThanOrEqual(0);
      expect(district.floodRisk.score).toBeLessThanOrEqual(1);
      expect(district.gauges.length).toBeGreaterThan(0);
      for (const gauge of district.gauges) {
        expect(gauge.sensor.kind).toBe('WATER_LEVEL');
        expect(typeof gauge.sensor.latestReading.value).toBe('number');
        expect(gauge.sensor.latestReading.unit).toBe('m');
      }
    }
  });

  it('resolves the 48 gauge sensors with a constant number of store queries (no N+1)', async () => {
    const sensors = hub.servers.get('sensors')!.store;
    const water = hub.servers.get('water')!.store;
    const before = { sensors: sensors.stats.queries, water: water.stats.queries };
    await graphql(hub, contract('flood-overview.graphql'));
    expect(sensors.stats.queries - before.sensors).toBeLessThanOrEqual(6);
    expect(water.stats.queries - before.water).toBeLessThanOrEqual(8);
  });
});

describe('contract: licence-expiry (licensing staff)', () => {
  it('lists licences expiring within 90 days with a reminder schedule graded by risk', async () => {
    const token = await staffToken(hub, 'licensing');
    const answer = await graphql(hub, contract('licence-expiry.graphql'), {}, { token, purpose: 'LICENSING' });
    expect(answer.body.errors).toBeUndefined();
    const licences = answer.body.data!.expiringLicences as Array<any>;
    expect(licences.length).toBeGreaterThan(0);
    const horizon = Date.now() + 91 * 24 * 3600 * 1000;
    for (const licence of licences) {
      expect(Date.parse(licence.expiresAt)).toBeLessThanOrEqual(horizon);
      expect(licence.permits.length).toBeGreaterThan(0);
      expect(licence.business.name).toMatch(/\S{2,}/);
    }
    const byRisk = (risk: string) => licences.find((l) => l.riskLevel === risk);
    const high = byRisk('HIGH');
    const low = byRisk('LOW');
    expect(high && low).toBeTruthy();
    expect(high.reminders.length).toBeGreaterThan(low.reminders.length);
    const earliest = (l: any) => Math.min(...l.reminders.map((r: any) => Date.parse(l.expiresAt) - Date.parse(r.dueAt)));
    const firstLead = (l: any) => Math.max(...l.reminders.map((r: any) => Date.parse(l.expiresAt) - Date.parse(r.dueAt)));
    expect(firstLead(high)).toBeGreaterThan(firstLead(low));
    expect(earliest(high)).toBeGreaterThanOrEqual(0);
  });

  it('refuses a staff request without X-Purpose with 400 BAD_USER_INPUT', async () => {
    const token = await staffToken(hub, 'licensing');
    const answer = await graphql(hub, contract('licence-expiry.graphql'), {}, { token });
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('contract: sensor-ingest (sensors staff)', () => {
  it('stores the valid readings, reports each invalid one, and stores a repeated reading once', async () => {
    const token = await staffToken(hub, 'sensors');
    const at = new Date(Date.now() - 60_000).toISOString();
    const future = new Date(Date.now() + 24 * 3600_000).toISOString();
    const readings = [
      { sensorId: 'S-000001', at, value: 1.42 },
      { sensorId: 'S-999999', at, value: 1 },
      { sensorId: 'S-000002', at: future, value: 2 },
      { sensorId: 'S-000001', at, value: 1.42 },
    ];
    const answer = await graphql(hub, contract('sensor-ingest.graphql'), { readings }, { token, purpose: 'SERVICE_DELIVERY' });
    expect(answer.body.errors).toBeUndefined();
    const result = answer.body.data!.ingestReadings as any;
    expect(result.accepted).toBe(2);
    expect(result.rejected.map((r: any) => r.index).sort()).toEqual([1, 2]);
    for (const rejection of result.rejected) expect(rejection.reason.length).toBeGreaterThan(5);
    const again = await graphql(hub, contract('sensor-ingest.graphql'), { readings: [readings[0]] }, { token, purpose: 'SERVICE_DELIVERY' });
    expect((again.body.data!.ingestReadings as any).accepted).toBe(1);
    const before = Date.now();
    const latest = await graphql(hub, `{ sensor(id: "S-000001") { lastSeenAt latestReading { value at } readings(from: "${new Date(Date.now() - 120_000).toISOString()}", to: "${new Date().toISOString()}") { at value } } }`);
    const sensor = latest.body.data!.sensor as any;
    expect(sensor.latestReading.value).toBe(1.42);
    // Seen when the batch carrying its newest reading arrived (not the reading's own time, a minute earlier).
    expect(before - Date.parse(sensor.lastSeenAt)).toBeLessThan(30_000);
    expect(Date.parse(sensor.lastSeenAt)).toBeGreaterThan(Date.parse(at));
    expect(sensor.readings.filter((r: any) => Date.parse(r.at) === Date.parse(at))).toHaveLength(1);
  });
});

describe('contract: citizen-me (without consents)', () => {
  it('answers the citizen’s own record across departments in plaintext', async () => {
    const token = await citizenToken(hub, 'C-0001');
    const answer = await graphql(hub, CITIZEN_ME_WITHOUT_CONSENTS, {}, { token });
    expect(answer.body.errors).toBeUndefined();
    const me = answer.body.data!.me as any;
    expect(me.id).toBe('C-0001');
    expect(me.name).toMatch(/^[^\s]+ [^\s]+$/);
    expect(me.phone).toMatch(/^\+86/);
    expect(['GREEN', 'AMBER', 'RED']).toContain(me.healthCode.status);
    expect(me.trips.length).toBeGreaterThan(0);
    expect(me.trips.length).toBeLessThanOrEqual(5);
    for (const trip of me.trips) expect(trip.stationId).toMatch(/^ST-\d{3}$/);
    expect(me.savedPlaces.map((p: any) => p.label).sort()).toEqual(['Clinic', 'Home']);
    expect(me.businesses.length).toBeGreaterThan(0);
    expect(me.businesses[0].licences[0].permits.length).toBeGreaterThan(0);
  });

  it('denies everyone else by default: staff get null fields with CONSENT_REQUIRED at their paths', async () => {
    const token = await staffToken(hub, 'transport');
    const answer = await graphql(hub, contract('staff-citizen-view.graphql'), { id: 'C-0002' }, { token, purpose: 'SERVICE_DELIVERY' });
    const citizen = answer.body.data!.citizen as any;
    expect(citizen.id).toBe('C-0002');
    expect(citizen.healthCode).toBeNull();
    const healthError = answer.body.errors!.find((e) => e.path?.join('.') === 'citizen.healthCode');
    expect(healthError?.extensions?.code).toBe('CONSENT_REQUIRED');
  });
});

describe('encryption at rest', () => {
  it('keeps no seeded personal value in plaintext in any database file', async () => {
    const token = await citizenToken(hub, 'C-0001');
    const me = (await graphql(hub, '{ me { name phone dateOfBirth homeAddress } }', {}, { token })).body.data!.me as Record<string, string>;
    expect(fs.readdirSync(hub.config.dataDir).filter((f) => f.endsWith('.sqlite')).length).toBe(6);
    const haystack = readRawFiles(hub);
    for (const value of Object.values(me)) {
      expect(value.length).toBeGreaterThan(5);
      expect(haystack.includes(Buffer.from(value))).toBe(false);
    }
  });
});

describe('subgraphs accept only the gateway', () => {
  it('answers an unsigned, a tampered and a foreign-audience request with 401', async () => {
    const url = `http://${hub.config.host}:${hub.config.ports.health}/graphql`;
    const post = (headers: Record<string, string>) =>
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query: '{ __typename }' }) });
    expect((await post({})).status).toBe(401);
    const principal = { kind: 'admin' as const, id: 'x', roles: ['admin'], scopes: [], requestId: 'r' };
    const signed = signPrincipal(principal, 'health', principalSigningKeysOf(hub.config, 'health'));
    expect((await post({ [PRINCIPAL_HEADER]: signed })).status).toBe(200);
    // Flip one bit of the MAC itself (editing base64 text can leave the decoded bytes unchanged).
    const [version, body, tag, consentTag] = signed.split('.') as [string, string, string, string];
    const mac = Buffer.from(tag, 'base64url');
    mac[0] = mac[0]! ^ 0x01;
    expect((await post({ [PRINCIPAL_HEADER]: `${version}.${body}.${mac.toString('base64url')}.${consentTag}` })).status).toBe(401);
    expect((await post({ [PRINCIPAL_HEADER]: signPrincipal(principal, 'transport', principalSigningKeysOf(hub.config, 'transport')) })).status).toBe(401);
  });
});

describe('a ciphertext moved to another record', () => {
  it('fails to decrypt instead of revealing the other citizen’s value', async () => {
    const db = new Database(path.join(hub.config.dataDir, 'consent.sqlite'));
    const row = db.prepare("SELECT doc FROM c_citizens WHERE id = 'C-0001'").get() as { doc: string };
    const target = db.prepare("SELECT doc FROM c_citizens WHERE id = 'C-0003'").get() as { doc: string };
    const moved = { ...JSON.parse(target.doc), name: JSON.parse(row.doc).name };
    db.prepare("UPDATE c_citizens SET doc = ? WHERE id = 'C-0003'").run(JSON.stringify(moved));
    db.close();
    const token = await citizenToken(hub, 'C-0003');
    const answer = await graphql(hub, '{ me { id name phone } }', {}, { token });
    const me = answer.body.data!.me as any;
    expect(me.id).toBe('C-0003');
    expect(me.name).toBeNull();
    expect(me.phone).toMatch(/^\+86/);
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('INTEGRITY_ERROR');
    expect(answer.body.errors?.[0]?.path).toEqual(['me', 'name']);
    expect(errorText(answer)).not.toMatch(LEAK_PATTERN);
  });
});

describe('a plaintext value written into a sealed personal field', () => {
  it('is never served, to the citizen or to staff: INTEGRITY_ERROR at its path, counted, logged without the value', async () => {
    const planted = '+86 139 0000 4444';
    const db = new Database(path.join(hub.config.dataDir, 'consent.sqlite'));
    const row = db.prepare("SELECT doc FROM c_citizens WHERE id = 'C-0004'").get() as { doc: string };
    db.prepare("UPDATE c_citizens SET doc = ? WHERE id = 'C-0004'").run(JSON.stringify({ ...JSON.parse(row.doc), phone: planted }));
    db.close();

    const mine = await graphql(hub, '{ me { id name phone } }', {}, { token: await citizenToken(hub, 'C-0004') });
    expect(mine.body.data!.me).toEqual({ id: 'C-0004', name: expect.stringMatching(CITIZEN_NAME), phone: null });
    expect(mine.body.errors?.map((e) => [e.extensions?.code, e.path])).toEqual([['INTEGRITY_ERROR', ['me', 'phone']]]);

    const staff = await graphql(hub, '{ citizen(id: "C-0004") { id phone } }', {}, { token: await staffToken(hub, 'health'), purpose: 'PUBLIC_HEALTH' });
    expect(staff.body.data!.citizen).toEqual({ id: 'C-0004', phone: null });
    expect(staff.body.errors?.map((e) => e.extensions?.code)).toEqual(['INTEGRITY_ERROR']);
    expect(JSON.stringify([mine.body, staff.body])).not.toContain(planted);
    expect(errorText(staff)).not.toMatch(LEAK_PATTERN);

    const metrics = await (await fetch(hub.url.replace(/\/graphql$/, '/metrics'))).text();
    expect(metrics).toMatch(/citygraph_integrity_errors_total\{[^}]*coordinate="Citizen\.phone"[^}]*\} [2-9]/);
  });
});

describe('a department that is down', () => {
  it('leaves the rest answering: its fields are null with SUBGRAPH_UNAVAILABLE and no internals leak', async () => {
    await hub.stopSubgraph('licensing');
    const token = await citizenToken(hub, 'C-0001');
    const answer = await graphql(hub, '{ me { id name savedPlaces { label } businesses { id name } } }', {}, { token });
    expect(answer.status).toBe(200);
    const me = answer.body.data!.me as any;
    expect(me.id).toBe('C-0001');
    expect(me.name).toMatch(CITIZEN_NAME);
    expect(me.savedPlaces.length).toBe(2);
    expect(me.businesses).toBeNull();
    expect(answer.body.errors?.map((e) => e.extensions?.code)).toContain('SUBGRAPH_UNAVAILABLE');
    expect(errorText(answer)).not.toMatch(LEAK_PATTERN);
  });
});
