/**
 * A second consent process for test/integration/access-log-concurrency.test.ts: opens the consent store on the given
 * SQLite file and appends `rounds` requests' records for the given citizens, several at a time, then prints `done`.
 * argv: <file> <instance> <rounds> <citizenIds,...> <startAt ms>; env CITYGRAPH_TEST_AUTHORITY_KEY: the authority's
 * 32-byte seed, base64 (the same in every process, as the consent service's master key would be). Both processes wait
 * until `startAt` so that their appends overlap; the output is `done <inserts that lost a race>`.
 */
import { authorityKeys } from '../../consent/crypto/authority-signing.js';
import type { AccessRecord } from '../../consent/enforcement/types.js';
import { AccessLogService } from '../../consent/services/access-log-service.js';
import { ConsentStore } from '../../consent/subgraph/store.js';
import { loadSodium } from '../../platform/sodium.js';
import { SqliteStore } from '../../platform/store/sqlite.js';
import { countLostRaces } from './lost-races.js';

const [file, instance, roundsText, citizenList, startAt] = process.argv.slice(2);
const rounds = Number(roundsText);
const citizens = citizenList!.split(',');
await loadSodium();
const keys = authorityKeys(new Uint8Array(Buffer.from(process.env.CITYGRAPH_TEST_AUTHORITY_KEY ?? '', 'base64')));
const store = new SqliteStore('consent', file!);
const consent = await ConsentStore.open(store);
let collisions = 0;
countLostRaces(consent, () => collisions++);
const service = new AccessLogService(consent, keys);
await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(startAt) - Date.now())));
const records = (round: number): AccessRecord[] =>
  citizens.flatMap((citizenId) => Array.from({ length: 1 + (round % 2) }, () => ({ citizenId, coordinate: 'Citizen.name', category: 'IDENTITY', allow: true, basis: 'STATUTE:test' }) as AccessRecord));
const inFlight: Array<Promise<void>> = [];
for (let round = 0; round < rounds; round++) {
  inFlight.push(
    service.append({ kind: 'staff', id: 'transport', department: 'transport', roles: [], scopes: [], purpose: 'SERVICE_DELIVERY', requestId: `p${instance}-${round}` }, 'transport', records(round)),
  );
  if (inFlight.length === 4) await Promise.all(inFlight.splice(0));
}
await Promise.all(inFlight);
await service.close();
await store.close();
process.stdout.write(`done ${collisions}\n`);
