import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { labelled } from '../support/labelled.js';
import { SyntheticFaces } from '../../bench/biometrics/evaluation.js';
import { issueDevToken } from '../../gateway/auth/dev-issuer.js';
import { startGateway } from '../../gateway/server.js';
import { loadConfig, type HubConfig } from '../../platform/config.js';
import { REDACTED_PATHS } from '../../platform/logger.js';
import { SUBGRAPH_NAMES } from '../../platform/services.js';
import type { RunningServer } from '../../platform/subgraph-server.js';
import { startSubgraph } from '../../subgraphs/runtime.js';
import { seedHub } from '../../seed/hub.js';
import { contract } from '../support/hub.js';

/**
 * The hub must keep no face: after enrolment and verification, neither the raw SQLite files (main database, WAL
 * and shared memory, of every service) nor any log line hold the embedding, in text or as raw floats. The hub runs
 * here with the production logger's settings at level trace, writing into memory, so every log line is seen.
 */
let dataDir: string;
let config: HubConfig;
let url: string;
const servers: RunningServer[] = [];
const logLines: string[] = [];

const faces = new SyntheticFaces('biometric-storage');
const face = faces.face();
const probe = faces.capture(face, 0.8);
const stranger = faces.face();
const KIOSK = contract('face-kiosk.graphql');

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'citygraph-biometric-'));
  const ports = Object.fromEntries(['GATEWAY', ...SUBGRAPH_NAMES.map((n) => n.toUpperCase())].map((n) => [`HUB_PORT_${n}`, '0']));
  // Every log line at trace level, all in this process: under a CI machine's load a kiosk hail (face check, decisions,
  // dispatch) has taken longer than the default 2 s subgraph timeout. What this file checks is storage, not speed.
  config = loadConfig({ NODE_ENV: 'test', HUB_DATA_DIR: dataDir, HUB_WITNESS_DIR: `${dataDir}-witness`, HUB_LOG_LEVEL: 'trace', HUB_SUBGRAPH_TIMEOUT_MS: '10000', ...ports });
  await seedHub(config, { citizens: 50, sensors: 500 });
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  // The same options as platform/logger.ts's createLogger, with an in-memory destination.
  const logger = pino({ level: 'trace', base: { service: 'test' }, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, sink);
  for (const name of SUBGRAPH_NAMES) {
    const server = await startSubgraph(name, config, logger.child({ service: name }));
    servers.push(server);
    config.ports[name] = server.port;
  }
  const gateway = await startGateway(config, logger.child({ service: 'gateway' }));
  servers.push(gateway);
  url = gateway.url;
});

afterAll(async () => {
  for (const server of servers.reverse()) await server.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(`${dataDir}-witness`, { recursive: true, force: true });
});

async function op(operationName: string, variables: Record<string, unknown>, token: string, purpose?: string) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...(purpose ? { 'x-purpose': purpose } : {}) },
    body: JSON.stringify({ query: KIOSK, operationName, variables }),
  });
  return (await response.json()) as { data?: any; errors?: Array<{ message: string; extensions?: { code?: string } }> };
}

/** Ways an embedding could be written down: its first floats as text (several precisions) and as raw bytes. */
function tracesOf(embedding: Float64Array): { text: string[]; bytes: Buffer[] } {
  const first = Array.from(embedding.slice(0, 4));
  const text = first.flatMap((x) => [String(x), x.toFixed(8), x.toPrecision(7), String(Math.fround(x))]);
  const float32 = Buffer.from(new Float32Array(first).buffer);
  const float64 = Buffer.from(new Float64Array(first).buffer);
  const json = Buffer.from(JSON.stringify(first).slice(1, -1));
  return { text, bytes: [float32, float64, float32.subarray(0, 8), float64.subarray(0, 16), json] };
}

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full) : [full];
  });
}

describe('no embedding at rest or in logs', () => {
  it('finds no trace of enrolled or probed embeddings in any store file or log line', async () => {
    const citizen = await issueDevToken(config, { sub: 'C-0001' });
    const kiosk = await issueDevToken(config, { sub: 'staff:transport:transport-demo', department: 'transport', roles: ['staff'] });

    expect((await op('EnrollFace', { embedding: Array.from(face) }, citizen)).errors).toBeUndefined();
    const matched = await op('HailTaxiAtKiosk', { kioskId: 'K-002', citizenId: 'C-0001', embedding: Array.from(probe), destinationLabel: 'Clinic' }, kiosk, 'TAXI_ASSIST');
    labelled(JSON.stringify(matched.errors ?? []), () => expect(matched.data?.hailTaxiAtKiosk?.matched).toBe(true));
    const refused = await op('HailTaxiAtKiosk', { kioskId: 'K-002', citizenId: 'C-0001', embedding: Array.from(stranger), destinationLabel: 'Clinic' }, kiosk, 'TAXI_ASSIST');
    expect(refused.data.hailTaxiAtKiosk).toEqual({ matched: false, ride: null });
    // An invalid embedding (too long) goes through the error paths and their logging too.
    const invalid = await op('EnrollFace', { embedding: [...Array.from(stranger), 0.5] }, citizen);
    expect(invalid.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const noConsent = await op('HailTaxiAtKiosk', { kioskId: 'K-002', citizenId: 'C-0002', embedding: Array.from(probe), destinationLabel: 'Home' }, kiosk, 'TAXI_ASSIST');
    expect(noConsent.errors?.[0]?.extensions?.code).toBe('CONSENT_REQUIRED');
    for (const answer of [matched, refused, invalid, noConsent]) {
      for (const trace of [...tracesOf(face).text, ...tracesOf(probe).text, ...tracesOf(stranger).text]) expect(JSON.stringify(answer)).not.toContain(trace);
    }

    // The scan would see an embedding written either way: as the JSON a request carries, or as float32 bytes.
    const asJson = Buffer.from(JSON.stringify({ embedding: Array.from(face) }));
    const asFloat32 = Buffer.from(new Float32Array(face).buffer);
    expect(tracesOf(face).text.some((trace) => asJson.includes(trace))).toBe(true);
    expect(tracesOf(face).bytes.some((trace) => asFloat32.includes(trace))).toBe(true);

    const logs = logLines.join('');
    const files = filesUnder(dataDir).filter((file) => !file.includes(`${path.sep}keys${path.sep}`));
    expect(files.some((f) => f.endsWith('-wal'))).toBe(true);
    expect(files.some((f) => path.basename(f).startsWith('consent'))).toBe(true);
    // The capture works: every service's start-up line is in it.
    expect(logs).toContain('consent subgraph listening');
    expect(logs).toContain('gateway listening');
    for (const embedding of [face, probe, stranger]) {
      const { text, bytes } = tracesOf(embedding);
      for (const file of files) {
        const content = fs.readFileSync(file);
        for (const trace of text) labelled(`${trace} in ${path.basename(file)}`, () => expect(content.includes(trace)).toBe(false));
        for (const trace of bytes) labelled(`raw floats in ${path.basename(file)}`, () => expect(content.includes(trace)).toBe(false));
      }
      for (const trace of text) labelled(`${trace} in the logs`, () => expect(logs.includes(trace)).toBe(false));
    }
  });

  it('keeps the template itself sealed: the consent store holds ciphertext, not bits or a seed in the clear', async () => {
    const consentFiles = filesUnder(dataDir).filter((file) => path.basename(file).startsWith('consent'));
    const text = consentFiles.map((file) => fs.readFileSync(file).toString('latin1')).join('');
    const row = /"id":"C-0001","citizenId":"C-0001","enrolmentId":"FE-[^"]+","seed":"(cg1\.[^"]+)","template":"(cg1\.[^"]+)"/.exec(text);
    expect(row).not.toBeNull();
  });
});
