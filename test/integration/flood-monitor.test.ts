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

/**
 * The water department's flood monitor on a real SQLite store: one alert per episode, notices kept until the
 * consent service takes them, the same event applied by two instances raising one alert.
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
function event(level: number, extra: FloodReadings['readings'] = []): FloodReadings {
  clock += 60_000;
  const at = new Date(clock).toISOString();
  return {
    id: `e-${clock}`,
    at,
    readings: [{ sensorId: 'S-000002', kind: 'WATER_LEVEL', districtId: 'D-02', riverGauge: true, at, value: level }, ...extra],
    gaugeLevels: { 'D-02': [{ sensorId: 'S-000002', value: level, at }] },
  };
}
const now = () => new Date(clock);

beforeEach(async () => {
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
  it('raises one alert for an episode however many readings keep it HIGH, and clears it when the district falls below', async () => {
    const notifier = new RecordingNotifier();
    const monitor = new FloodMonitor(water, notifier, logger, undefined, now);
    await monitor.apply(event(4.3));
    await monitor.apply(event(4.5));
    await monitor.apply(event(4.4));
    const alerts = await water.floodAlertsOf({ activeOnly: false });
    expect(alerts.map((a) => [a.districtId, a.level, a.clearedAt])).toEqual([['D-02', 'HIGH', null]]);
    expect(notifier.received.map((n) => [n.template, n.audience])).toEqual([
      ['FLOOD_WARNING', { residentsOf: 'D-02' }],
      ['FLOOD_WARNING', { partnersSubscribedTo: 'ROAD_HAZARDS' }],
    ]);

    await monitor.apply(event(1));
    expect((await water.floodAlertsOf({ activeOnly: true }))).toEqual([]);
    expect(notifier.received.map((n) => n.template)).toEqual(['FLOOD_WARNING', 'FLOOD_WARNING', 'FLOOD_CLEARED', 'FLOOD_CLEARED']);

    // A new episode is a new alert, with notices of its own.
    await monitor.apply(event(4.2));
    expect((await water.floodAlertsOf({ activeOnly: false })).length).toBe(2);
    expect(new Set(notifier.received.map((n) => n.key)).size).toBe(6);
  });

  it('keeps the notices while the consent service is away and hands them over when it is back', async () => {
    const notifier = new RecordingNotifier();
    notifier.down = true;
    const monitor = new FloodMonitor(water, notifier, logger, undefined, now);
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
    await Promise.all([new FloodMonitor(water, a, logger, undefined, now).apply(same), new FloodMonitor(water, b, logger, undefined, now).apply(same)]);
    expect((await water.floodAlertsOf({ activeOnly: false })).length).toBe(1);
    // Both may hand the notices over: with the same keys, which the consent service's outbox keeps once.
    const keys = (r: RecordingNotifier) => r.received.map((n) => n.key).sort();
    expect(new Set([...keys(a), ...keys(b)]).size).toBe(2);
  });

  it("takes a station's state from its newest telemetry, ignoring older readings and codes that are no state", async () => {
    const monitor = new FloodMonitor(water, new RecordingNotifier(), logger, undefined, now);
    const pump = (value: number, minutesAgo: number) => ({ sensorId: 'S-000162', kind: 'PUMP_STATUS' as const, districtId: 'D-02', riverGauge: false, at: new Date(clock - minutesAgo * 60_000).toISOString(), value });
    await monitor.apply(event(1, [pump(2, 0)]));
    expect((await water.pumpingStations.get('P-02-1'))!.status).toBe('FAULT');
    await monitor.apply(event(1, [pump(0, 5), pump(9, 0)]));
    expect((await water.pumpingStations.get('P-02-1'))!.status).toBe('FAULT');
    await monitor.apply(event(1, [pump(3, 0)]));
    expect((await water.pumpingStations.get('P-02-1'))!.status).toBe('MAINTENANCE');
  });
});
