import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createConsentServices } from '../../consent/subgraph/services.js';
import { createLogger } from '../../platform/logger.js';
import { startMailSink, type MailSink } from '../../platform/mail-sink.js';
import { startEmbeddedBroker, type EmbeddedBroker } from '../../subgraphs/sensors/ingestion/embedded-broker.js';
import { citizenToken, graphql, staffToken, startTestHub, type TestHub } from '../support/hub.js';
import { labelled } from '../support/labelled.js';
import { startWebhookReceiver, until, type WebhookReceiver } from '../support/webhook-receiver.js';
import { freePort } from '../../platform/ports.js';

/**
 * Flood risk from live data (issue 13, item 2), through the whole hub: readings arrive by `ingestReadings`, sensors
 * tells water over the broker, water reassesses and raises or clears the district's alert at once, and the consent
 * service finds the district's residents by opening every citizen's sealed home district under FLOOD_WARNING_ACT,
 * e-mails each resident (a real SMTP sink) and calls the subscribed partner's signed webhook (a real HTTP receiver).
 *
 * The demo city (seed/demo-flood-scenario.ts) starts D-02 at HIGH: the test first brings its rivers down, so that
 * the episode it raises is its own. With 50 citizens, D-02's residents are C-0002, C-0018, C-0034 and C-0050 (every
 * sixteenth citizen); C-0050 gave no e-mail address (seed/consent.ts: every fifth).
 */
const RESIDENTS = ['C-0002', 'C-0018', 'C-0034', 'C-0050'];
const WITH_EMAIL = ['C-0002', 'C-0018', 'C-0034'];
const QUIET_MS = 1_500;

let hub: TestHub;
let broker: EmbeddedBroker;
let sink: MailSink;
let sinkDir: string;
let robotaxi: WebhookReceiver;
let sensorsStaff: string;
let gauges: Array<{ sensorId: string; warningLevel: number; dangerLevel: number }>;
let rainGauge: string;


async function ingest(readings: Array<{ sensorId: string; at: string; value: number }>): Promise<void> {
  const answer = await graphql(hub, 'mutation ($r: [ReadingInput!]!) { ingestReadings(readings: $r) { accepted rejected { index reason } } }', { r: readings }, { token: sensorsStaff, purpose: 'SERVICE_DELIVERY' });
  expect(answer.body.data?.ingestReadings).toEqual({ accepted: readings.length, rejected: [] });
}

interface DistrictView {
  floodRisk: { level: string; score: number; reasons: string[] };
  floodAlerts: Array<{ id: string; level: string; raisedAt: string; clearedAt: string | null; calmSince: string | null }>;
  rainfall: Array<{ at: string; millimetres: number }>;
  pumpingStations: Array<{ id: string; status: string }>;
}

async function d02(): Promise<DistrictView> {
  const answer = await graphql<{ district: DistrictView }>(hub, '{ district(id: "D-02") { floodRisk { level score reasons } floodAlerts(activeOnly: false) { id level raisedAt clearedAt calmSince } rainfall(lastHours: 6) { at millimetres } pumpingStations { id status } } }');
  expect(answer.body.errors).toBeUndefined();
  return answer.body.data!.district;
}

const calm = () => gauges.map((g) => ({ sensorId: g.sensorId, at: new Date().toISOString(), value: 1 }));
const active = (view: DistrictView) => view.floodAlerts.filter((a) => a.clearedAt === null);
const mailFiles = () => fs.readdirSync(sinkDir).filter((f) => f.endsWith('.eml'));
const mailTo = (file: string) => /^To: (.+?)\r?$/m.exec(fs.readFileSync(path.join(sinkDir, file), 'utf8'))?.[1];

async function myNotifications(citizenId: string): Promise<Array<{ id: string; kind: string; status: string; statute: string; lastError: string | null; text: string }>> {
  const answer = await graphql(hub, '{ me { notifications(first: 50) { id kind status statute lastError text } } }', {}, { token: await citizenToken(hub, citizenId) });
  return answer.body.data!.me.notifications;
}

async function accessLog(citizenId: string): Promise<Array<{ coordinate: string; decision: string; basis: string; purpose: string; principal: { kind: string; id: string } }>> {
  const answer = await graphql(hub, '{ me { accessLog(first: 100) { edges { node { coordinate decision basis purpose principal { kind id } } } } } }', {}, { token: await citizenToken(hub, citizenId) });
  return answer.body.data!.me.accessLog.edges.map((e: { node: never }) => e.node);
}

beforeAll(async () => {
  const port = await freePort();
  broker = await startEmbeddedBroker({ port, logger: createLogger({ service: 'test-broker', level: 'silent' }) });
  sinkDir = fs.mkdtempSync(path.join(os.tmpdir(), 'citygraph-flood-mail-'));
  sink = await startMailSink({ host: '127.0.0.1', port: 0, dir: sinkDir });
  // 200 sensors: each district's two PUMP_STATUS sensors are at slots 10 and 11 (seed/demo-layout.ts).
  // An episode ends once D-02 stayed below HIGH for 1.5 s (30 minutes in a city): the test waits for it.
  hub = await startTestHub({ citizens: 50, sensors: 200, env: { HUB_MQTT_PORT: String(port), HUB_SMTP_URL: `smtp://127.0.0.1:${sink.port}`, HUB_FLOOD_QUIET_MS: String(QUIET_MS) } });
  // The partner subscribes to road hazards (what `hub partner subscribe` does) and checks signatures with its secret.
  const consent = await createConsentServices(hub.config, hub.servers.get('consent')!.store);
  robotaxi = await startWebhookReceiver(consent.partners.webhookSecret('robotaxi'));
  const subscription = await consent.partners.subscribe('admin:test', { partnerId: 'robotaxi', topic: 'ROAD_HAZARDS', url: robotaxi.url });
  expect(Buffer.from(subscription.secret, 'base64')).toEqual(Buffer.from(consent.partners.webhookSecret('robotaxi')));

  sensorsStaff = await staffToken(hub, 'sensors');
  const layout = await graphql(hub, '{ district(id: "D-02") { gauges { warningLevel dangerLevel sensor { id } } } sensors(districtId: "D-02", kind: RAINFALL, first: 1) { edges { node { id } } } }');
  gauges = layout.body.data!.district.gauges.map((g: { sensor: { id: string }; warningLevel: number; dangerLevel: number }) => ({ sensorId: g.sensor.id, warningLevel: g.warningLevel, dangerLevel: g.dangerLevel }));
  rainGauge = layout.body.data!.sensors.edges[0].node.id;

  // D-02 starts HIGH (the demo's flood): its rivers go down first, and its episode ends after the quiet period.
  // Sent until water has heard (its broker session may start after the first reading).
  await until(async () => {
    await ingest(calm());
    await new Promise((resolve) => setTimeout(resolve, 300));
    return active(await d02()).length === 0;
  }, 30_000, 'the demo episode of D-02 ended');
}, 180_000);

afterAll(async () => {
  await hub?.close();
  await robotaxi?.close();
  await sink?.close();
  await broker?.close();
  fs.rmSync(sinkDir, { recursive: true, force: true });
});

describe('the home district', () => {
  it('is a sealed personal field: the citizen reads her own, water reads it only under the flood-warning statute, health not at all', async () => {
    const own = await graphql(hub, '{ me { homeDistrict } }', {}, { token: await citizenToken(hub, 'C-0018') });
    expect(own.body.data!.me.homeDistrict).toBe('D-02');
    const query = '{ citizen(id: "C-0018") { id homeDistrict } }';
    const water = await graphql(hub, query, {}, { token: await staffToken(hub, 'water'), purpose: 'FLOOD_RESPONSE' });
    expect(water.body.data!.citizen.homeDistrict).toBe('D-02');
    const health = await graphql(hub, query, {}, { token: await staffToken(hub, 'health'), purpose: 'PUBLIC_HEALTH' });
    expect(health.body.data!.citizen.homeDistrict).toBeNull();
    expect(health.body.errors?.[0]?.extensions?.code).toBe('CONSENT_REQUIRED');
    const waterOtherwise = await graphql(hub, query, {}, { token: await staffToken(hub, 'water'), purpose: 'SERVICE_DELIVERY' });
    expect(waterOtherwise.body.data!.citizen.homeDistrict).toBeNull();
  });
});

describe('flood risk from live readings', () => {
  let alertId: string;

  it("changes D-02's risk and reasons within the second of ingesting a danger-level river and 60 mm of rain, and raises one alert at ingestion", async () => {
    const before = await d02();
    expect(['LOW', 'MODERATE']).toContain(before.floodRisk.level);
    const alertsBefore = before.floodAlerts.length;
    const danger = gauges[0]!;
    const at = new Date().toISOString();

    const started = Date.now();
    await ingest([
      { sensorId: danger.sensorId, at, value: danger.dangerLevel + 0.3 },
      { sensorId: rainGauge, at, value: 60 },
    ]);
    // Raised at ingestion: the alert appears while nobody reads the district's risk (only the alert list is read).
    const alertOnly = async () => (await graphql<{ floodAlerts: Array<{ districtId: string }> }>(hub, '{ floodAlerts(activeOnly: true) { districtId } }')).body.data!.floodAlerts.some((a) => a.districtId === 'D-02');
    await until(alertOnly, 1_000, 'the alert, raised without any read of the risk');
    let after = before;
    while (Date.now() - started < 5_000) {
      after = await d02();
      if (after.floodRisk.level === 'HIGH' && active(after).length === 1) break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const elapsed = Date.now() - started;
    labelled(`risk and alert changed after ${elapsed} ms`, () => expect(elapsed).toBeLessThan(1_000));
    expect(after.floodRisk.level).toBe('HIGH');
    expect(after.floodRisk.reasons).toContainEqual(expect.stringContaining(`at or above its danger level of ${danger.dangerLevel.toFixed(2)} m`));
    expect(after.floodRisk.reasons).toContainEqual(expect.stringMatching(/^Heavy rain: [\d.]+ mm in the last 6 hours\.$/));
    expect(after.floodRisk.reasons).not.toEqual(before.floodRisk.reasons);
    // The live 60 mm are this hour's rain: the gauges win over the seeded feed.
    expect(after.rainfall.at(-1)!.millimetres).toBe(60);
    expect(after.floodAlerts.length).toBe(alertsBefore + 1);
    alertId = active(after)[0]!.id;
  });

  it('keeps one alert for the episode however many readings keep the district HIGH', async () => {
    const danger = gauges[0]!;
    for (let i = 1; i <= 3; i++) await ingest([{ sensorId: danger.sensorId, at: new Date(Date.now() + i).toISOString(), value: danger.dangerLevel + 0.3 + i / 100 }]);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const view = await d02();
    expect(active(view).map((a) => a.id)).toEqual([alertId]);
  });

  it('e-mails exactly one warning to each D-02 resident with an address, each a decision in their own access log, and nothing to anyone else', async () => {
    const warningFiles = () => mailFiles().filter((f) => f.startsWith('water:flood-warning:'));
    await until(() => warningFiles().length === WITH_EMAIL.length, 20_000, 'the warnings in the SMTP sink');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(warningFiles().map(mailTo).sort()).toEqual(WITH_EMAIL.map((id) => `${id.toLowerCase()}@example.org`));

    for (const id of WITH_EMAIL) {
      await until(async () => (await myNotifications(id)).some((n) => n.kind === 'FLOOD_WARNING' && n.status === 'DELIVERED'), 10_000, `${id}'s warning DELIVERED`);
      const warnings = (await myNotifications(id)).filter((n) => n.kind === 'FLOOD_WARNING');
      expect(warnings).toEqual([expect.objectContaining({ status: 'DELIVERED', statute: 'FLOOD_WARNING_ACT', text: expect.stringContaining('Flood warning for district D-02: risk is HIGH') })]);
      const water = (await accessLog(id)).filter((e) => e.principal.kind === 'SERVICE' && e.principal.id === 'water');
      const released = { decision: 'ALLOWED', basis: 'STATUTE:FLOOD_WARNING_ACT', purpose: 'FLOOD_RESPONSE', principal: { kind: 'SERVICE', id: 'water' } };
      expect(water).toContainEqual({ coordinate: 'Citizen.homeDistrict', ...released });
      expect(water.filter((e) => e.coordinate === 'Citizen.email')).toContainEqual({ coordinate: 'Citizen.email', ...released });
    }
    // The resident without an e-mail address is told why nothing reached her; nothing was opened for it but her district.
    await until(async () => (await myNotifications('C-0050')).some((n) => n.kind === 'FLOOD_WARNING' && n.status === 'REFUSED'), 10_000, 'C-0050 REFUSED');
    expect((await myNotifications('C-0050')).filter((n) => n.kind === 'FLOOD_WARNING')).toEqual([expect.objectContaining({ status: 'REFUSED', lastError: 'NO_CONTACT' })]);

    // C-0003 lives in D-03: her district was read to find D-02's residents (logged), and she was sent nothing.
    const other = 'C-0003';
    expect(await myNotifications(other)).toEqual([]);
    expect(mailFiles().filter((f) => f.includes(`:${other}@`))).toEqual([]);
    const otherLog = (await accessLog(other)).filter((e) => e.principal.kind === 'SERVICE' && e.principal.id === 'water');
    expect(otherLog.map((e) => e.coordinate)).toContain('Citizen.homeDistrict');
    expect(otherLog.map((e) => e.coordinate)).not.toContain('Citizen.email');
  }, 60_000);

  it('calls the subscribed partner once on its signed webhook, with codes only', async () => {
    await until(() => [...robotaxi.processed.keys()].some((id) => id.startsWith('water:road-hazard:')), 20_000, 'the road hazard at the partner');
    const hazards = [...robotaxi.processed.entries()].filter(([id]) => id.startsWith('water:road-hazard:'));
    expect(hazards).toHaveLength(1);
    expect(hazards[0]![1]).toEqual({ id: hazards[0]![0], topic: 'ROAD_HAZARDS', template: 'FLOOD_WARNING', params: { districtId: 'D-02', level: 'HIGH' }, text: expect.stringContaining('Flood warning for district D-02') });
    expect(robotaxi.refused).toBe(0);
  }, 30_000);

  it('clears the alert once calm readings have lasted the quiet period, with no further reading, and tells the residents', async () => {
    // C-0002 already had one all-clear: the end of the demo's own episode, before the test raised its own.
    const allClears = async () => (await myNotifications('C-0002')).filter((n) => n.kind === 'FLOOD_CLEARED' && n.status === 'DELIVERED').length;
    const before = await allClears();
    const calmAt = Date.now();
    await ingest(calm());
    await new Promise((resolve) => setTimeout(resolve, QUIET_MS / 2));
    // Still on during the quiet period, which the alert shows.
    const waiting = active(await d02());
    expect(waiting.map((a) => a.id)).toEqual([alertId]);
    expect(Date.parse(waiting[0]!.calmSince!)).toBeGreaterThanOrEqual(calmAt);
    await until(async () => active(await d02()).length === 0, 5_000, 'the alert cleared');
    const cleared = (await d02()).floodAlerts.find((a) => a.id === alertId)!;
    labelled(`cleared at ${cleared.clearedAt}, calm readings at ${new Date(calmAt).toISOString()}`, () => expect(Date.parse(cleared.clearedAt!)).toBeGreaterThanOrEqual(calmAt + QUIET_MS - 50));
    await until(async () => (await allClears()) === before + 1, 20_000, 'the all-clear delivered');
    expect(await myNotifications('C-0003')).toEqual([]);
  }, 40_000);

  it('takes pumping-station telemetry as the station status, and the reasons follow it', async () => {
    const station = (await d02()).pumpingStations[0]!;
    const sensors = await graphql(hub, '{ sensors(districtId: "D-02", kind: PUMP_STATUS) { edges { node { id } } } }');
    const pump = sensors.body.data!.sensors.edges[0].node.id;
    await ingest([{ sensorId: pump, at: new Date().toISOString(), value: 2 }]);
    await until(async () => (await d02()).pumpingStations[0]!.status === 'FAULT', 5_000, 'the station in FAULT');
    expect((await d02()).floodRisk.reasons).toContainEqual(expect.stringContaining(`${station.id} is in FAULT`));
  }, 20_000);
});
