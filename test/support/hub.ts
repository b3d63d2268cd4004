import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { issueDevToken } from '../../gateway/auth/dev-issuer.js';
import { startGateway } from '../../gateway/server.js';
import { loadConfig, type HubConfig } from '../../platform/config.js';
import { createLogger } from '../../platform/logger.js';
import { SUBGRAPH_NAMES, type Department, type SubgraphName } from '../../platform/services.js';
import type { RunningServer } from '../../platform/subgraph-server.js';
import type { Store } from '../../platform/store/types.js';
import { startSubgraph } from '../../subgraphs/runtime.js';
import { seedHub } from '../../seed/hub.js';

export interface TestHub {
  config: HubConfig;
  url: string;
  servers: Map<SubgraphName, RunningServer & { store: Store }>;
  gateway: RunningServer;
  stopSubgraph(name: SubgraphName): Promise<void>;
  close(): Promise<void>;
}

export interface StartOptions {
  citizens?: number;
  sensors?: number;
  env?: Record<string, string>;
}

/**
 * A whole hub in this process, on free ports, over real HTTP, with real SQLite stores in a temporary directory,
 * seeded with the demo city. Closing it removes the directory.
 */
export async function startTestHub(options: StartOptions = {}): Promise<TestHub> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'citygraph-test-'));
  const portEnv = Object.fromEntries(['GATEWAY', ...SUBGRAPH_NAMES.map((n) => n.toUpperCase())].map((n) => [`HUB_PORT_${n}`, '0']));
  // The witness keeps its heads outside the data directory (ARCHITECTURE §4).
  const witnessDir = fs.mkdtempSync(path.join(os.tmpdir(), 'citygraph-test-witness-'));
  // The witness polls rarely unless a test asks otherwise: its background calls to consent are traces and requests
  // of their own, which tests that collect everything in a window must not see.
  const config = loadConfig({ NODE_ENV: 'test', HUB_DATA_DIR: dataDir, HUB_WITNESS_DIR: witnessDir, HUB_WITNESS_INTERVAL_MS: '600000', HUB_LOG_LEVEL: 'silent', ...portEnv, ...options.env });
  await seedHub(config, { citizens: options.citizens ?? 1000, sensors: options.sensors ?? 2000 });
  const logger = createLogger({ service: 'test', level: 'silent' });
  const servers = new Map<SubgraphName, RunningServer & { store: Store }>();
  const consent = await startSubgraph('consent', config, logger);
  servers.set('consent', consent);
  config.ports.consent = consent.port;
  for (const name of SUBGRAPH_NAMES.filter((n) => n !== 'consent')) {
    const server = await startSubgraph(name, config, logger);
    servers.set(name, server);
    config.ports[name] = server.port;
  }
  const gateway = await startGateway(config, logger);
  config.ports.gateway = gateway.port;
  return {
    config,
    url: gateway.url,
    servers,
    gateway,
    async stopSubgraph(name) {
      await servers.get(name)?.close();
      servers.delete(name);
    },
    async close() {
      await gateway.close();
      for (const server of [...servers.values()].reverse()) await server.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
      fs.rmSync(witnessDir, { recursive: true, force: true });
    },
  };
}

export interface GraphQLAnswer<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: {
    data?: T | null;
    errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, unknown> }>;
  };
}

export interface CallOptions {
  token?: string;
  purpose?: string;
  headers?: Record<string, string>;
  /** Which operation of a document with several to run. */
  operationName?: string;
}

export async function graphql<T = Record<string, any>>(hub: TestHub, query: string, variables: Record<string, unknown> = {}, options: CallOptions = {}): Promise<GraphQLAnswer<T>> {
  const response = await fetch(hub.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.purpose ? { 'x-purpose': options.purpose } : {}),
      ...options.headers,
    },
    body: JSON.stringify({ query, variables, ...(options.operationName ? { operationName: options.operationName } : {}) }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: JSON.parse(text) };
}

export function citizenToken(hub: TestHub, id: string): Promise<string> {
  return issueDevToken(hub.config, { sub: id });
}

/** A named official's token (`staff:<department>:<official>`, default `<department>-demo`); `emergency` adds the break-glass role. */
export function staffToken(hub: TestHub, department: Department, options: { official?: string; emergency?: boolean } = {}): Promise<string> {
  const official = options.official ?? `${department}-demo`;
  return issueDevToken(hub.config, { sub: `staff:${department}:${official}`, department, roles: options.emergency ? ['staff', 'emergency'] : ['staff'] });
}

const CONTRACT_DIR = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../contract');

/** A contract operation as written in test/contract/, with the named operation selected. */
export function contract(file: string): string {
  return fs.readFileSync(path.join(CONTRACT_DIR, file), 'utf8');
}

/** Every error text, flattened, for "no internals leaked" checks. */
export function errorText(answer: GraphQLAnswer): string {
  return JSON.stringify(answer.body.errors ?? []);
}

export const LEAK_PATTERN = /ECONNREFUSED|ETIMEDOUT|127\.0\.0\.1|localhost|0\.0\.0\.0|https?:\/\/|\bat .+\.(ts|js):\d+|SQLITE|Mongo|stacktrace|node_modules/i;

/**
 * The raw bytes of the data directory's files whose names start with `prefix` (all SQLite files by default).
 * Read by a child process: closing a file descriptor in this process would drop the POSIX locks the in-process
 * servers' SQLite connections hold on the same file, and corrupt their view of the database.
 */
export function readRawFiles(hub: TestHub, prefix = ''): Buffer {
  const files = fs.readdirSync(hub.config.dataDir).filter((f) => f.includes('.sqlite') && f.startsWith(prefix)).map((f) => path.join(hub.config.dataDir, f));
  if (files.length === 0) return Buffer.alloc(0);
  return execFileSync('cat', files, { maxBuffer: 1024 * 1024 * 1024 });
}

/** A demo citizen's name as decrypted: a given name and a family name (seed/consent.ts). */
export const CITIZEN_NAME = /^\p{L}+ \p{L}+$/u;
