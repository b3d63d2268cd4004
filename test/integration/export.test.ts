import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { verifyExport } from '../../bin/verify-export.js';
import { CITIZEN_NAME, citizenToken, graphql, staffToken, startTestHub, type TestHub } from '../support/hub.js';

let hub: TestHub;

beforeAll(async () => {
  hub = await startTestHub({ sensors: 500 });
});
afterAll(async () => {
  await hub?.close();
});

const EXPORT = '{ me { export { citizenId generatedAt identity health licensing transport } } }';
const SECTIONS = ['identity', 'health', 'licensing', 'transport'] as const;

/** The same citizen's data through the ordinary fields, to hold the export against. */
const ORDINARY = `{
  me {
    id name phone dateOfBirth homeAddress
    consents { id purpose categories status receipt grantee { id name } }
    accessLogVerification { ok checkedEntries }
    healthCode { status reasons updatedAt }
    healthDeclarations(last: 100) { id submittedAt temperature symptoms }
    checkIns(last: 100) { id at facility { id } }
    trips(last: 100) { id at stationId }
    savedPlaces { id label address districtId }
    taxiRides(last: 100) { id status pickup { label } destination { label } }
    businesses { id name licences { id status expiresAt } }
    licenceApplications { id status }
  }
}`;

async function accessLogCoordinates(citizenId: string): Promise<string[]> {
  const token = await citizenToken(hub, citizenId);
  const answer = await graphql(hub, '{ me { accessLog(first: 100) { edges { node { coordinate decision } } } } }', {}, { token });
  expect(answer.body.errors).toBeUndefined();
  return (answer.body.data!.me as any).accessLog.edges.map((e: any) => `${e.node.coordinate}:${e.node.decision}`);
}

describe('me.export (right of access and portability)', () => {
  it('gives the citizen every section in plaintext, matching what their ordinary queries answer', async () => {
    const token = await citizenToken(hub, 'C-0001');
    const ordinary = await graphql(hub, ORDINARY, {}, { token });
    expect(ordinary.body.errors).toBeUndefined();
    const me = ordinary.body.data!.me as any;

    const started = Date.now();
    const answer = await graphql(hub, EXPORT, {}, { token });
    expect(answer.status).toBe(200);
    expect(answer.body.errors).toBeUndefined();
    const exported = (answer.body.data!.me as any).export;
    expect(exported.citizenId).toBe('C-0001');
    expect(Date.parse(exported.generatedAt)).toBeGreaterThanOrEqual(started - 1000);

    const { identity, health, licensing, transport } = exported;
    expect(identity).toMatchObject({ citizenId: 'C-0001', name: me.name, phone: me.phone, dateOfBirth: me.dateOfBirth, homeAddress: me.homeAddress });
    expect(identity.name).toMatch(/^\S+ \S+$/);
    expect(identity.consents.map((c: any) => c.id)).toEqual(me.consents.map((c: any) => c.id));
    const robotaxi = identity.consents.find((c: any) => c.grantee.id === 'robotaxi');
    expect(robotaxi).toMatchObject({ grantee: { id: 'robotaxi', name: 'RoboTaxi Co.', kind: 'PARTNER' }, purpose: 'TAXI_ASSIST', categories: ['LOCATION'], status: 'ACTIVE' });
    expect(robotaxi.history).toEqual([{ at: robotaxi.createdAt, action: 'GRANTED', status: 'ACTIVE' }]);
    expect(robotaxi.receipt).toBe(me.consents.find((c: any) => c.id === robotaxi.id).receipt);
    expect(identity.accessLog.verification).toEqual({ ok: true, firstBadSeq: null, checkedEntries: identity.accessLog.entries });
    expect(identity.accessLog.entries).toBe(me.accessLogVerification.checkedEntries);
    // The latest signed head travels with the log: the export verifies with nothing but itself.
    expect(identity.accessLog.head).toMatchObject({ treeSize: expect.any(Number), rootHash: expect.any(String), signature: expect.any(String) });
    expect(verifyExport(exported)).toEqual({ ok: true, firstBadSeq: null, checkedEntries: identity.accessLog.entries, treeSize: identity.accessLog.head.treeSize });

    expect(health.healthCode).toEqual(me.healthCode);
    expect(health.declarations.map((d: any) => [d.id, d.submittedAt, d.temperature, d.symptoms])).toEqual(
      me.healthDeclarations.map((d: any) => [d.id, d.submittedAt, d.temperature, d.symptoms]),
    );
    expect(health.declarations[0]).toMatchObject({ temperature: 36.6, symptoms: [], recentTravel: [] });
    expect(health.checkIns.map((c: any) => [c.id, c.at, c.facilityId])).toEqual(me.checkIns.map((c: any) => [c.id, c.at, c.facility.id]));
    expect(health.checkIns[0].facilityId).toBe('F-001');

    expect(transport.savedPlaces.map((p: any) => p.label)).toEqual(['Home', 'Clinic']);
    expect(transport.savedPlaces).toEqual(me.savedPlaces);
    expect(transport.trips.length).toBe(me.trips.length);
    expect(transport.trips.length).toBeGreaterThanOrEqual(5);
    expect(transport.trips).toEqual(me.trips);
    expect(transport.taxiRides.map((r: any) => [r.id, r.status, r.pickup.label, r.destination.label])).toEqual(
      me.taxiRides.map((r: any) => [r.id, r.status, r.pickup.label, r.destination.label]),
    );
    expect(transport.taxiRides.length).toBeGreaterThan(0);

    const businessIds = licensing.businesses.map((b: any) => b.id);
    expect(businessIds).toEqual(me.businesses.map((b: any) => b.id));
    expect(businessIds).toEqual(expect.arrayContaining(['B-0001', 'B-0002']));
    expect(licensing.businesses.map((b: any) => [b.name, b.licences.map((l: any) => [l.id, l.status, l.expiresAt])])).toEqual(
      me.businesses.map((b: any) => [b.name, b.licences.map((l: any) => [l.id, l.status, l.expiresAt])]),
    );
    expect(licensing.applications.map((a: any) => [a.id, a.status])).toEqual(me.licenceApplications.map((a: any) => [a.id, a.status]));
    expect(licensing.applications.length).toBeGreaterThan(0);
  });

  it('adds nothing to the citizen’s access log: reading one’s own data is not someone else’s access', async () => {
    const before = await accessLogCoordinates('C-0001');
    const answer = await graphql(hub, EXPORT, {}, { token: await citizenToken(hub, 'C-0001') });
    expect(answer.body.errors).toBeUndefined();
    expect(await accessLogCoordinates('C-0001')).toEqual(before);
  });

  const BY_ID = '{ citizen(id: "C-0001") { id export { citizenId generatedAt identity health licensing transport } } }';

  it.each([
    ['health', 'PUBLIC_HEALTH'],
    ['transport', 'SERVICE_DELIVERY'],
    ['licensing', 'LICENSING'],
    // A water official using break-glass: it reaches identity and contact, never an export.
    ['water', 'EMERGENCY'],
  ] as const)('refuses %s staff with FORBIDDEN even where the statutes allow the category (%s)', async (department, purpose) => {
    const emergency = purpose === 'EMERGENCY';
    const name = ((await graphql(hub, '{ me { name } }', {}, { token: await citizenToken(hub, 'C-0001') })).body.data!.me as any).name as string;
    const before = await accessLogCoordinates('C-0001');
    const token = await staffToken(hub, department, { emergency });
    const answer = await graphql(hub, BY_ID, {}, { token, purpose, headers: emergency ? { 'x-justification': 'Flood evacuation, resident unreachable' } : {} });
    expect(answer.status).toBe(200);
    expect(answer.body.data).toEqual({ citizen: { id: 'C-0001', export: null } });
    expect(answer.body.errors).toHaveLength(1);
    expect(answer.body.errors![0]).toMatchObject({ path: ['citizen', 'export'], extensions: { code: 'FORBIDDEN' } });
    expect(JSON.stringify(answer.body)).not.toContain(name);
    // Refused before any section was decided: the log shows the refusal, and no release of the citizen's data.
    const after = await accessLogCoordinates('C-0001');
    const added = after.slice(0, after.length - before.length);
    expect(added).toContain('Citizen.export:DENIED');
    expect(added.filter((a) => a.endsWith(':ALLOWED'))).toEqual([]);
  });

  it('refuses another citizen with FORBIDDEN, and anonymous callers with UNAUTHENTICATED', async () => {
    const other = await graphql(hub, BY_ID, {}, { token: await citizenToken(hub, 'C-0002') });
    expect(other.body.data).toEqual({ citizen: { id: 'C-0001', export: null } });
    expect(other.body.errors!.map((e) => [e.path, e.extensions!.code])).toEqual([[['citizen', 'export'], 'FORBIDDEN']]);

    // Anonymous callers may read public data only: the gateway turns the request away before any subgraph.
    const anonymous = await graphql(hub, BY_ID);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.data).toBeUndefined();
    expect(anonymous.body.errors!.map((e) => e.extensions!.code)).toEqual(['UNAUTHENTICATED']);
  });

  it('answers DATA_ERASED on every section once the citizen erased their data', async () => {
    const token = await citizenToken(hub, 'C-0998');
    const before = await graphql(hub, EXPORT, {}, { token });
    expect(before.body.errors).toBeUndefined();
    const name = ((before.body.data!.me as any).export.identity as any).name as string;
    expect(name).toMatch(CITIZEN_NAME);

    const erased = await graphql(hub, 'mutation { eraseMyData { erasedAt receipt } }', {}, { token });
    expect(erased.body.errors).toBeUndefined();

    const after = await graphql(hub, EXPORT, {}, { token });
    expect(after.status).toBe(200);
    const exported = (after.body.data!.me as any).export;
    expect(exported.citizenId).toBe('C-0998');
    expect(typeof exported.generatedAt).toBe('string');
    for (const section of SECTIONS) expect(exported[section]).toBeNull();
    const codes = Object.fromEntries(after.body.errors!.map((e) => [e.path!.join('.'), e.extensions!.code]));
    expect(codes).toEqual(Object.fromEntries(SECTIONS.map((s) => [`me.export.${s}`, 'DATA_ERASED'])));
    expect(JSON.stringify(after.body)).not.toContain(name);
  });
});

describe('the standalone verifier (no hub, no store)', () => {
  it('checks an exported log file, and finds an edited or dropped entry by its position', async () => {
    const token = await citizenToken(hub, 'C-0007');
    await graphql(hub, '{ citizen(id: "C-0007") { name phone } }', {}, { token: await staffToken(hub, 'transport'), purpose: 'SERVICE_DELIVERY' });
    const answer = await graphql(hub, '{ me { export { identity } } }', {}, { token });
    const exported = answer.body.data!.me.export;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'citygraph-export-'));
    try {
      const file = path.join(dir, 'export.json');
      fs.writeFileSync(file, JSON.stringify(exported));
      const run = (f: string) => {
        try {
          return { status: 0, out: JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', 'bin/verify-export.ts', f], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })) };
        } catch (error) {
          return { status: (error as { status: number }).status, out: JSON.parse((error as { stdout: string }).stdout) };
        }
      };
      const log = exported.identity.accessLog;
      expect(run(file)).toEqual({ status: 0, out: { ok: true, firstBadSeq: null, checkedEntries: log.log.length, treeSize: log.head.treeSize } });
      const edited = structuredClone(exported);
      edited.identity.accessLog.log[1].decision = edited.identity.accessLog.log[1].decision === 'ALLOWED' ? 'DENIED' : 'ALLOWED';
      fs.writeFileSync(file, JSON.stringify(edited));
      expect(run(file)).toMatchObject({ status: 1, out: { ok: false, firstBadSeq: 2 } });
      const dropped = structuredClone(exported);
      dropped.identity.accessLog.log.splice(0, 1);
      expect(verifyExport(dropped)).toMatchObject({ ok: false, firstBadSeq: 1 });
      const forged = structuredClone(exported);
      forged.identity.accessLog.head.treeSize += 1;
      expect(verifyExport(forged)).toMatchObject({ ok: false, firstBadSeq: null });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
