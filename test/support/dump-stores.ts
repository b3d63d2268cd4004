/**
 * Reads the consent and sensors stores of a data directory for test/integration/stateless.test.ts, in its own process
 * (the services under test are other processes over the same SQLite files): every listed citizen's access-log entries
 * in sequence order with the chain's verification and the log head, and the readings rows of the listed sensors in a
 * time span. argv: <request.json>; env: HUB_DATA_DIR (and the rest of a test configuration). Prints one JSON object.
 */
import fs from 'node:fs';
import { createConsentServices } from '../../consent/subgraph/services.js';
import { loadConfig } from '../../platform/config.js';
import { loadSodium } from '../../platform/sodium.js';
import { openStore } from '../../platform/store/index.js';
import { SensorsStore } from '../../subgraphs/sensors/store.js';

interface DumpRequest {
  citizens: string[];
  readings?: { sensors: string[]; from: string; to: string };
}

const request = JSON.parse(fs.readFileSync(process.argv[2]!, 'utf8')) as DumpRequest;
const config = loadConfig();
await loadSodium();
const consentStore = await openStore(config, 'consent');
const sensorsStore = await openStore(config, 'sensors');
try {
  const services = await createConsentServices(config, consentStore);
  const logs: Record<string, unknown> = {};
  for (const citizenId of request.citizens) {
    const entries = await services.accessLog.all(citizenId);
    const head = await services.accessLog.currentHead();
    logs[citizenId] = {
      entries: entries.map((e) => ({ id: e.id, seq: e.seq, requestId: e.requestId, leafIndex: e.leafIndex })),
      // The number of this citizen's entries that the newest signed head covers.
      head: entries.filter((e) => e.leafIndex < head.treeSize).length,
      verify: await services.accessLog.verify(citizenId),
    };
  }
  let readings: string[] = [];
  if (request.readings) {
    const sensors = await SensorsStore.open(sensorsStore);
    const rows = await sensors.readings.find({ sensorId: { $in: request.readings.sensors }, at: { $gte: request.readings.from, $lte: request.readings.to } });
    readings = rows.map((row) => row.id).sort();
  }
  process.stdout.write(`${JSON.stringify({ logs, readings })}\n`);
} finally {
  await consentStore.close();
  await sensorsStore.close();
}
