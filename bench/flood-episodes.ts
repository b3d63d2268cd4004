import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FloodReadings } from '../contracts/city/flood-readings.js';
import { loadConfig } from '../platform/config.js';
import { createLogger } from '../platform/logger.js';
import { openStore } from '../platform/store/index.js';
import { prng } from '../seed/demo-layout.js';
import type { FloodNotice, FloodNotifier } from '../subgraphs/water/domain/flood-notices.js';
import { FloodMonitor } from '../subgraphs/water/flood-monitor.js';
import { WaterStore } from '../subgraphs/water/store.js';

/**
 * `npx tsx bench/flood-episodes.ts [readings]` (default 3600): water's flood monitor on a real SQLite store, fed one
 * river-gauge reading a second of reading time (the clock moves with the readings, nothing waits):
 * - **hovering**: the level is 3.95-4.05 m at a gauge whose danger level is 4 m, so the district crosses HIGH about
 *   every other reading. Prints the warnings and all-clears the district's residents would get (each one a read of
 *   every citizen's home district by the consent service, docs/benchmarks.md), and the time per event;
 * - **calm**: 1-2 m, no episode: the time per event of the ordinary case.
 * Not part of `npm run bench`. The notices are counted, not sent.
 */
const readings = Number(process.argv[2] ?? 3600);
const logger = createLogger({ service: 'bench', level: 'silent' });

class CountingNotifier implements FloodNotifier {
  readonly notices: FloodNotice[] = [];
  async notify(items: readonly FloodNotice[]): Promise<{ accepted: number }> {
    this.notices.push(...items);
    return { accepted: items.length };
  }
}

async function run(scenario: 'hovering' | 'calm'): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'citygraph-bench-flood-'));
  const store = await openStore(loadConfig({ NODE_ENV: 'test', HUB_DATA_DIR: dataDir, HUB_LOG_LEVEL: 'silent' }), 'water');
  try {
    const water = await WaterStore.open(store);
    await water.districts.insert({ id: 'D-02', name: 'Old Town', population: 30_000 });
    await water.gauges.insert({ id: 'G-02-1', districtId: 'D-02', sensorId: 'S-000002', riverName: 'Aller', warningLevel: 3, dangerLevel: 4 });
    await water.pumpingStations.insert({ id: 'P-02-1', districtId: 'D-02', name: 'North', capacityCubicMetresPerHour: 1000, status: 'RUNNING', sensorId: 'S-000162', statusAt: null });
    let clock = Date.parse('2026-11-30T09:00:00.000Z');
    const notifier = new CountingNotifier();
    const monitor = new FloodMonitor(water, notifier, logger, { clock: () => new Date(clock) });
    const random = prng(42);
    const started = performance.now();
    for (let i = 0; i < readings; i++) {
      clock += 1000;
      const at = new Date(clock).toISOString();
      const value = scenario === 'hovering' ? 4 + (random() - 0.5) * 0.1 : 1 + random();
      const event: FloodReadings = { id: `e${i}`, at, readings: [{ sensorId: 'S-000002', kind: 'WATER_LEVEL', districtId: 'D-02', riverGauge: true, at, value }], gaugeLevels: { 'D-02': [{ sensorId: 'S-000002', value, at }] } };
      await monitor.apply(event);
    }
    const perEventUs = ((performance.now() - started) * 1000) / readings;
    const residents = notifier.notices.filter((n) => 'residentsOf' in n.audience);
    const count = (template: FloodNotice['template']) => residents.filter((n) => n.template === template).length;
    console.log(`${scenario.padEnd(9)} ${readings} readings (${(readings / 60).toFixed(0)} min): residents' warnings ${count('FLOOD_WARNING')}, all-clears ${count('FLOOD_CLEARED')}; ${perEventUs.toFixed(0)} µs an event`);
  } finally {
    await store.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await run('hovering');
await run('calm');
