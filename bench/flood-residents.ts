import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createConsentServices } from '../consent/subgraph/services.js';
import { loadConfig } from '../platform/config.js';
import { masterKey } from '../platform/keys.js';
import { loadSodium } from '../platform/sodium.js';
import { openStore } from '../platform/store/index.js';
import { seedCitizens, seedGrantees } from '../seed/consent.js';
import { prng } from '../seed/demo-layout.js';

/**
 * `npx tsx bench/flood-residents.ts [counts...]` (default 1000 100000): the cost of finding a district's residents
 * for a flood warning (issue 13). No index of home districts exists (16 values: any index would be a plaintext
 * one), so the consent service opens every citizen's sealed home district through the door, as the water service
 * under FLOOD_WARNING_ACT: one batched decision per page of 2,000 citizens, one access-log entry per citizen.
 * For each count: a fresh SQLite store with that many citizens, then `residentsOf('D-02')` timed five times
 * (the median is printed, with every run and the access-log entries one run appends; the first run also warms up). Each count runs in its own data directory.
 */
const counts = process.argv.slice(2).map(Number).filter((n) => Number.isInteger(n) && n > 0);
await loadSodium();

for (const citizens of counts.length > 0 ? counts : [1_000, 100_000]) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'citygraph-bench-residents-'));
  const config = loadConfig({ NODE_ENV: 'test', HUB_DATA_DIR: dataDir, HUB_LOG_LEVEL: 'silent', HUB_SMTP_PORT: '1' });
  const store = await openStore(config, 'consent');
  const master = masterKey(config);
  const now = new Date();
  const seedStarted = performance.now();
  await seedCitizens(store, master, citizens, now, prng(7), () => undefined);
  await seedGrantees(store, master, now);
  const seedSeconds = (performance.now() - seedStarted) / 1000;
  const services = await createConsentServices(config, store);

  const runs: Array<{ ms: number; residents: number; entries: number }> = [];
  for (let run = 0; run < 5; run++) {
    const before = await services.store.transparencyLeaves.count({});
    const started = performance.now();
    const residents = await services.notifications.residentsOf({ department: 'water', purpose: 'FLOOD_RESPONSE' }, 'D-02');
    const ms = performance.now() - started;
    runs.push({ ms, residents: residents.length, entries: (await services.store.transparencyLeaves.count({})) - before });
  }
  const median = [...runs].sort((a, b) => a.ms - b.ms)[2]!;
  process.stdout.write(
    `${JSON.stringify({
      citizens,
      residentsOfD02: median.residents,
      accessLogEntriesPerRun: median.entries,
      medianMs: Math.round(median.ms),
      perCitizenMicroseconds: Number(((median.ms * 1000) / citizens).toFixed(1)),
      runsMs: runs.map((r) => Math.round(r.ms)),
      seedSeconds: Number(seedSeconds.toFixed(1)),
    })}\n`,
  );
  await services.notifications.close();
  await store.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
