import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { FloodReadings } from '../../contracts/city/flood-readings.js';
import { loadConfig } from '../../platform/config.js';
import { createLogger } from '../../platform/logger.js';
import { openStore } from '../../platform/store/index.js';
import type { Store } from '../../platform/store/types.js';
import type { FloodNotice, FloodNotifier } from '../../subgraphs/water/domain/flood-notices.js';
import { FloodMonitor } from '../../subgraphs/water/flood-monitor.js';
import { WaterStore } from '../../subgraphs/water/store.js';
import { metricsFor } from '../../platform/metrics.js';
import { labelled } from '../support/labelled.js';

/**
 * The water department's flood monitor on a real SQLite store: one alert per episode, notices kept until the
 * consent service takes them, the same event applied by two instances raising one alert; episodes that end only
 * after a quiet period (also when no reading comes), escalation to SEVERE, the hourly cap on residents' warnings,
 * and the episode's state across a restart of water.
 */
const logger = createLogger({ service: 'test', level: 'silent' });
let dir: string;
let store: Store;
let water: WaterStore;

/** Records what it is handed; refuses while `down` (the consent service away). */
class RecordingNotifier implements FloodNotifier {
  down = false;
  readonly received: FloodNotice[] = [];
  async notify(items: readonly FloodNotice[]): Promise<{ accepted: number }> {
    if (this.down) throw new Error('consent unavailable');
    const fresh = items.filter((item) => !this.received.some((r) => r.key === item.key));
    this.received.push(...fresh);
    return { accepted: fresh.length };
  }
}

let clock = Date.parse('2026-11-30T09:00:00.000Z');
const MINUTE = 60_000;
/** The next event, `minutes` after the previous one (the clock moves with it). */
function event(level: number, extra: FloodReadings['readings'] = [], minutes = 1): FloodReadings {
  clock += minutes * MINUTE;
  const at = new Date(clock).toISOString();
  return {
    id: `e-${clock}`,
    at,
    readings: [{ sensorId: 'S-000002', kind: 'WATER_LEVEL', districtId: 'D-02', riverGauge: true, at, value: level }, ...extra],
    gaugeLevels: { 'D-02': [{ sensorId: 'S-000002', value: level, at }] },
  };
}
const now = () => new Date(clock);

/** `citygraph_flood_resident_warnings_total{outcome="held_back"}` of a district, as /metrics would show it. */
async function heldBackCount(districtId: string): Promise<number> {
  const metric = metricsFor('water').registry.getSingleMetric('citygraph_flood_resident_warnings_total');
  if (!metric) return 0;
  const values = (await metric.get()).values;
  return values.find((v) => v.labels.district === districtId && v.labels.outcome === 'held_back')?.value ?? 0;
}

beforeEach(async () => {
  clock = Date.parse('2026-11-30T09:00:00.000Z');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'citygraph-flood-monitor-'));
  store = await openStore(loadConfig({ NODE_ENV: 'test', HUB_DATA_DIR: dir, HUB_LOG_LEVEL: 'silent' }), 'water');
  water = await WaterStore.open(store);
  await water.districts.insert({ id: 'D-02', name: 'Old Town', population: 30_000 });
  await water.gauges.insert({ id: 'G-02-1', districtId: 'D-02', sensorId: 'S-000002', riverName: 'Aller', warningLevel: 3, dangerLevel: 4 });
  await water.pumpingStations.insertMany([
    { id: 'P-02-1', districtId: 'D-02', name: 'North', capacityCubicMetresPerHour: 1000, status: 'RUNNING', sensorId: 'S-000162', statusAt: null },
    { id: 'P-02-2', districtId: 'D-02', name: 'South', capacityCubicMetresPerHour: 1000, status: 'STANDBY', sensorId: 'S-000178', statusAt: null },
  ]);
});

afterEach(async () => {
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the flood monitor', () => {
  it('raises one alert for an episode however many readings keep it HIGH, and clears it once the district stayed below for the quiet period', async () => {
    const notifier = new RecordingNotifier();
    const monitor = new FloodMonitor(water, notifier, logger, { clock: now });
    await monitor.apply(event(4.3));
    await monitor.apply(event(4.5));
    await monitor.apply(event(4.4));
    const alerts = await water.floodAlertsOf({ activeOnly: false });
    expect(alerts.map((a) => [a.districtId, a.level, a.clearedAt])).toEqual([['D-02', 'HIGH', null]]);
    expect(notifier.received.map((n) => [n.template, n.audience])).toEqual([
      ['FLOOD_WARNING', { residentsOf: 'D-02' }],
      ['FLOOD_WARNING', { partnersSubscribedTo: 'ROAD_HAZARDS' }],
    ]);

    // Below HIGH, but not yet for 30 minutes of reading time: the episode lasts.
    await monitor.apply(event(1));
    const calmSince = new Date(clock);
    await monitor.apply(event(1, [], 29));
    expect((await water.floodAlertsOf({ activeOnly: true })).length).toBe(1);
    await monitor.apply(event(1, [], 1));
    const [ended] = await water.floodAlertsOf({ activeOnly: false });
    // Ended when the quiet period was over, whichever reading or tick saw it first.
    expect(ended!.clearedAt).toBe(new Date(calmSince.getTime() + 30 * MINUTE).toISOString());
    expect(notifier.received.map((n) => n.template)).toEqual(['FLOOD_WARNING', 'FLOOD_WARNING', 'FLOOD_CLEARED', 'FLOOD_CLEARED']);

    // A new episode after the quiet period is a new alert, with notices of its own.
    await monitor.apply(event(4.2));
    expect((await water.floodAlertsOf({ activeOnly: false })).length).toBe(2);
    expect(new Set(notifier.received.map((n) => n.key)).size).toBe(6);
  });

  it('keeps the notices while the consent service is away and hands them over when it is back', async () => {
    const notifier = new RecordingNotifier();
    notifier.down = true;
    const monitor = new FloodMonitor(water, notifier, logger, { clock: now });
    await monitor.apply(event(4.6));
    expect(notifier.received).toEqual([]);
    expect((await water.unsentNotices(10)).length).toBe(2);
    notifier.down = false;
    expect(await monitor.sendPending()).toBe(2);
    expect(notifier.received.map((n) => n.template)).toEqual(['FLOOD_WARNING', 'FLOOD_WARNING']);
    expect(await water.unsentNotices(10)).toEqual([]);
  });

  it('raises one alert when two instances apply the same event', async () => {
    const a = new RecordingNotifier();
    const b = new RecordingNotifier();
    const same = event(4.8);
    await Promise.all([new FloodMonitor(water, a, logger, { clock: now }).apply(same), new FloodMonitor(water, b, logger, { clock: now }).apply(same)]);
    expect((await water.floodAlertsOf({ activeOnly: false })).length).toBe(1);
    // Both may hand the notices over: with the same keys, which the consent service's outbox keeps once.
    const keys = (r: RecordingNotifier) => r.received.map((n) => n.key).sort();
    expect(new Set([...keys(a), ...keys(b)]).size).toBe(2);
  });

  it("takes a station's state from its newest telemetry, ignoring older readings and codes that are no state", async () => {
    const monitor = new FloodMonitor(water, new RecordingNotifier(), logger, { clock: now });
    const pump = (value: number, minutesAgo: number) => ({ sensorId: 'S-000162', kind: 'PUMP_STATUS' as const, districtId: 'D-02', riverGauge: false, at: new Date(clock - minutesAgo * 60_000).toISOString(), value });
    await monitor.apply(event(1, [pump(2, 0)]));
    expect((await water.pumpingStations.get('P-02-1'))!.status).toBe('FAULT');
    await monitor.apply(event(1, [pump(0, 5), pump(9, 0)]));
    expect((await water.pumpingStations.get('P-02-1'))!.status).toBe('FAULT');
    await monitor.apply(event(1, [pump(3, 0)]));
    expect((await water.pumpingStations.get('P-02-1'))!.status).toBe('MAINTENANCE');
  });

  it('warns once for a level hovering at the danger level, however often it crosses it, and clears once', async () => {
    const notifier = new RecordingNotifier();
    const monitor = new FloodMonitor(water, notifier, logger, { clock: now });
    // 4.01 m is HIGH (score 0.702), 3.99 m is MODERATE (0.697): forty crossings in forty minutes.
    for (let i = 0; i < 40; i++) await monitor.apply(event(i % 2 === 0 ? 4.01 : 3.99));
    const residents = () => notifier.received.filter((n) => 'residentsOf' in n.audience).map((n) => n.template);
    labelled(`residents' notices: ${residents().join(', ')}`, () => expect(residents()).toEqual(['FLOOD_WARNING']));
    expect((await water.floodAlertsOf({ activeOnly: false })).map((a) => a.clearedAt)).toEqual([null]);
    await monitor.apply(event(3.5, [], 31));
    expect(residents()).toEqual(['FLOOD_WARNING', 'FLOOD_CLEARED']);
    expect(notifier.received.filter((n) => 'partnersSubscribedTo' in n.audience).map((n) => n.template)).toEqual(['FLOOD_WARNING', 'FLOOD_CLEARED']);
  });

  it('escalates an episode from HIGH to SEVERE with one more warning, and a fall back to HIGH and a new rise send nothing', async () => {
    const notifier = new RecordingNotifier();
    const monitor = new FloodMonitor(water, notifier, logger, { clock: now });
    await monitor.apply(event(4.3));
    await monitor.apply(event(5.0));
    await monitor.apply(event(4.3));
    await monitor.apply(event(5.2));
    const [alert] = await water.floodAlertsOf({ activeOnly: false });
    expect([alert!.level, alert!.clearedAt]).toEqual(['SEVERE', null]);
    expect(alert!.reasons).toContainEqual(expect.stringContaining('at 5.00 m'));
    expect(notifier.received.map((n) => [n.template, n.params.level, 'residentsOf' in n.audience ? 'residents' : 'partners'])).toEqual([
      ['FLOOD_WARNING', 'HIGH', 'residents'],
      ['FLOOD_WARNING', 'HIGH', 'partners'],
      ['FLOOD_WARNING', 'SEVERE', 'residents'],
      ['FLOOD_WARNING', 'SEVERE', 'partners'],
    ]);
  });

  it('ends an episode when its quiet period passes with no reading at all', async () => {
    const notifier = new RecordingNotifier();
    const monitor = new FloodMonitor(water, notifier, logger, { clock: now });
    await monitor.apply(event(4.3));
    await monitor.apply(event(1));
    const calmSince = clock;
    clock += 20 * MINUTE;
    await monitor.tick();
    expect((await water.floodAlertsOf({ activeOnly: true })).length).toBe(1);
    clock += 11 * MINUTE;
    await monitor.tick();
    expect((await water.floodAlertsOf({ activeOnly: false })).map((a) => a.clearedAt)).toEqual([new Date(calmSince + 30 * MINUTE).toISOString()]);
    expect(notifier.received.map((n) => n.template)).toEqual(['FLOOD_WARNING', 'FLOOD_WARNING', 'FLOOD_CLEARED', 'FLOOD_CLEARED']);
  });

  it('ends an episode of rain when the rain ages out of the 6-hour window and no reading comes, from the levels it was told', async () => {
    const notifier = new RecordingNotifier();
    const monitor = new FloodMonitor(water, notifier, logger, { clock: now });
    // 3.9 m alone is MODERATE (0.67); with 60 mm of rain it is HIGH (0.77).
    await monitor.apply(event(3.9, [{ sensorId: 'S-000003', kind: 'RAINFALL', districtId: 'D-02', riverGauge: false, at: new Date(clock + MINUTE).toISOString(), value: 60 }]));
    expect((await water.floodAlertsOf({ activeOnly: true })).map((a) => a.level)).toEqual(['HIGH']);
    clock += 3 * 3_600_000;
    await monitor.tick();
    expect((await water.floodAlertsOf({ activeOnly: true })).length).toBe(1);
    clock += 4 * 3_600_000;
    await monitor.tick();
    expect((await water.floodAlertsOf({ activeOnly: true })).length).toBe(1);
    clock += 31 * MINUTE;
    await monitor.tick();
    expect(await water.floodAlertsOf({ activeOnly: true })).toEqual([]);
    expect(notifier.received.map((n) => n.template)).toEqual(['FLOOD_WARNING', 'FLOOD_WARNING', 'FLOOD_CLEARED', 'FLOOD_CLEARED']);
  });

  it('keeps the episode across a restart of water: the quiet period still ends it, and a rise within it is no new episode', async () => {
    const notifier = new RecordingNotifier();
    await new FloodMonitor(water, notifier, logger, { clock: now }).apply(event(4.3));
    await new FloodMonitor(water, notifier, logger, { clock: now }).apply(event(1));
    const calmSince = clock;
    await store.close();

    store = await openStore(loadConfig({ NODE_ENV: 'test', HUB_DATA_DIR: dir, HUB_LOG_LEVEL: 'silent' }), 'water');
    water = await WaterStore.open(store);
    const restarted = new FloodMonitor(water, notifier, logger, { clock: now });
    await restarted.apply(event(4.3, [], 10));
    await restarted.apply(event(1));
    expect(notifier.received.map((n) => n.template)).toEqual(['FLOOD_WARNING', 'FLOOD_WARNING']);
    clock += 25 * MINUTE;
    await restarted.tick();
    expect((await water.floodAlertsOf({ activeOnly: true })).length).toBe(1);
    await store.close();

    store = await openStore(loadConfig({ NODE_ENV: 'test', HUB_DATA_DIR: dir, HUB_LOG_LEVEL: 'silent' }), 'water');
    water = await WaterStore.open(store);
    clock += 6 * MINUTE;
    await new FloodMonitor(water, notifier, logger, { clock: now }).tick();
    const alerts = await water.floodAlertsOf({ activeOnly: false });
    expect(alerts.length).toBe(1);
    // The quiet period started again with the second fall, 11 minutes after the first.
    expect(alerts[0]!.clearedAt).toBe(new Date(calmSince + 11 * MINUTE + 30 * MINUTE).toISOString());
    expect(notifier.received.map((n) => n.template)).toEqual(['FLOOD_WARNING', 'FLOOD_WARNING', 'FLOOD_CLEARED', 'FLOOD_CLEARED']);
  });

  it('holds back residents’ warnings beyond the hourly cap, counts them, and sends one late while its episode lasts', async () => {
    const notifier = new RecordingNotifier();
    const monitor = new FloodMonitor(water, notifier, logger, { clock: now, quietMs: 5 * MINUTE, residentWarningsPerHour: 2 });
    const heldBack = () => heldBackCount('D-02');
    const before = await heldBack();
    const residents = () => notifier.received.filter((n) => 'residentsOf' in n.audience).map((n) => `${n.template}${n.params.level ? ` ${n.params.level}` : ''}`);
    // 09:01 HIGH, 09:02 SEVERE: two warnings.
    await monitor.apply(event(4.3));
    await monitor.apply(event(5.0));
    // Ends at 09:08; a new episode at 09:10 is past the cap: held back, and no all-clear either when it ends unannounced.
    await monitor.apply(event(1, [], 1));
    await monitor.apply(event(1, [], 5));
    await monitor.apply(event(4.3, [], 2));
    expect(residents()).toEqual(['FLOOD_WARNING HIGH', 'FLOOD_WARNING SEVERE', 'FLOOD_CLEARED']);
    expect(await heldBack()).toBe(before + 1);
    await monitor.apply(event(1, [], 1));
    await monitor.apply(event(1, [], 5));
    expect(residents()).toEqual(['FLOOD_WARNING HIGH', 'FLOOD_WARNING SEVERE', 'FLOOD_CLEARED']);
    // The partners hear of every episode.
    expect(notifier.received.filter((n) => 'partnersSubscribedTo' in n.audience).map((n) => n.template)).toEqual(['FLOOD_WARNING', 'FLOOD_WARNING', 'FLOOD_CLEARED', 'FLOOD_WARNING', 'FLOOD_CLEARED']);

    // 09:18: a third episode, held back; it lasts, and at 10:01 the first warning (09:01) is an hour old.
    await monitor.apply(event(4.3, [], 2));
    expect(await heldBack()).toBe(before + 2);
    clock = Date.parse('2026-11-30T10:00:30.000Z');
    await monitor.tick();
    expect(residents()).toEqual(['FLOOD_WARNING HIGH', 'FLOOD_WARNING SEVERE', 'FLOOD_CLEARED']);
    clock = Date.parse('2026-11-30T10:01:30.000Z');
    await monitor.tick();
    expect(residents()).toEqual(['FLOOD_WARNING HIGH', 'FLOOD_WARNING SEVERE', 'FLOOD_CLEARED', 'FLOOD_WARNING HIGH']);
    expect(await heldBack()).toBe(before + 2);
  });

  it('takes over an alert stored before episodes had a quiet period: its residents were warned, and a tick without levels leaves it', async () => {
    const notifier = new RecordingNotifier();
    // As the previous version stored it: no quiet period, no residents' warning of its own (it warned at its raise).
    await water.floodAlerts.insert({ id: 'FA-D-02-20261130080000000', districtId: 'D-02', level: 'HIGH', raisedAt: '2026-11-30T08:00:00.000Z', clearedAt: null, reasons: [] });
    const monitor = new FloodMonitor(water, notifier, logger, { clock: now });
    clock += 2 * 3_600_000;
    await monitor.tick();
    expect((await water.floodAlertsOf({ activeOnly: true })).map((a) => [a.id, a.calmSince, a.residentsWarned])).toEqual([['FA-D-02-20261130080000000', null, 'HIGH']]);
    await monitor.apply(event(1));
    clock += 30 * MINUTE;
    await monitor.tick();
    expect(await water.floodAlertsOf({ activeOnly: true })).toEqual([]);
    expect(notifier.received.map((n) => [n.template, 'residentsOf' in n.audience])).toEqual([['FLOOD_CLEARED', true], ['FLOOD_CLEARED', false]]);
  });
});
