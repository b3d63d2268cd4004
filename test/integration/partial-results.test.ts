import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { buildSchema, getNamedType, isObjectType, Kind, parse, type DocumentNode, type GraphQLSchema, type SelectionSetNode } from 'graphql';
import { SyntheticFaces } from '../../bench/biometrics/evaluation.js';
import { createConsentServices } from '../../consent/subgraph/services.js';
import { buildGraphMap, type GraphMap } from '../../gateway/access/graph-map.js';
import { SUPERGRAPH_FILE } from '../../gateway/server.js';
import { createLogger } from '../../platform/logger.js';
import { SUBGRAPH_NAMES, type SubgraphName } from '../../platform/services.js';
import { startSubgraph } from '../../subgraphs/runtime.js';
import { citizenToken, contract, errorText, LEAK_PATTERN, staffToken, startTestHub, type TestHub } from '../support/hub.js';
import { labelled } from '../support/labelled.js';

/**
 * Issue 15, item 1: with any one department down, every contract operation answers what the other departments
 * hold. Each department is stopped in turn and every operation of test/contract/ is run as the caller its header
 * names; against the same operation with everything up, every value that went missing must be explained by an error
 * at its own path, or by an error at a field of the stopped department directly under it (a reference to that
 * department's entity). Nothing bubbles up into another department's fields, and every error has a path.
 */
let hub: TestHub;
let graph: GraphMap;
let schema: GraphQLSchema;
let partnerKey: string;
const tokens: Record<string, string> = {};
const face = Array.from(new SyntheticFaces('partial-results').face());

interface Answer {
  status: number;
  body: { data?: Record<string, unknown> | null; errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, unknown> }> };
}

interface Step {
  file: string;
  operation: string;
  caller: 'anonymous' | 'partner' | keyof typeof tokens;
  purpose?: string;
  variables: (results: Map<string, Answer>, run: number) => Record<string, unknown>;
  /** Compare values only this deep: below it the answer differs from run to run anyway (the latest log entries). */
  depth?: number;
}

const idOf = (answer: Answer | undefined, field: string): string => ((answer?.body.data?.[field] as { id?: string } | null)?.id ?? 'unknown');

/** Every operation of every contract file, in an order where later steps use what earlier ones made. */
const STEPS: Step[] = [
  { file: 'flood-overview.graphql', operation: 'FloodOverview', caller: 'anonymous', variables: () => ({}) },
  { file: 'statutes.graphql', operation: 'Statutes', caller: 'anonymous', variables: () => ({}) },
  { file: 'citizen-me.graphql', operation: 'CitizenMe', caller: 'C-0001', variables: () => ({}) },
  { file: 'staff-citizen-view.graphql', operation: 'StaffCitizenView', caller: 'transport', purpose: 'SERVICE_DELIVERY', variables: () => ({ id: 'C-0002' }) },
  { file: 'citizen-access-log.graphql', operation: 'MyAccessLog', caller: 'C-0002', variables: () => ({}), depth: 3 },
  { file: 'licence-expiry.graphql', operation: 'ExpiringLicences', caller: 'licensing', purpose: 'LICENSING', variables: () => ({}) },
  { file: 'partner-taxi-assist.graphql', operation: 'PartnerTaxiAssist', caller: 'partner', purpose: 'TAXI_ASSIST', variables: () => ({ a: 'C-0001', b: 'C-0002' }) },
  {
    file: 'sensor-ingest.graphql',
    operation: 'IngestReadings',
    caller: 'sensors',
    purpose: 'SERVICE_DELIVERY',
    variables: () => ({ readings: [{ sensorId: 'S-000001', at: new Date().toISOString(), value: 1.42 }] }),
  },
  {
    file: 'consent-lifecycle.graphql',
    operation: 'GrantConsent',
    caller: 'C-0003',
    variables: () => ({ input: { granteeId: 'robotaxi', purpose: 'TAXI_ASSIST', categories: ['LOCATION'], validUntil: '2030-01-01T00:00:00Z' } }),
  },
  { file: 'consent-lifecycle.graphql', operation: 'RevokeConsent', caller: 'C-0003', variables: (r) => ({ id: idOf(r.get('GrantConsent'), 'grantConsent') }) },
  {
    file: 'consent-request.graphql',
    operation: 'RequestConsent',
    caller: 'partner',
    purpose: 'TAXI_ASSIST',
    variables: () => ({ input: { citizenId: 'C-0003', purpose: 'TAXI_ASSIST', categories: ['LOCATION'], subgraphs: ['transport'], validUntil: '2030-01-01T00:00:00Z', reason: 'To pick you up at home when you book a ride.' } }),
  },
  { file: 'consent-request.graphql', operation: 'MyConsentRequests', caller: 'C-0003', variables: () => ({}) },
  { file: 'consent-request.graphql', operation: 'RespondToConsentRequest', caller: 'C-0003', variables: (r) => ({ id: idOf(r.get('RequestConsent'), 'requestConsent'), approve: false }) },
  { file: 'health-pass.graphql', operation: 'IssueHealthPass', caller: 'C-0001', variables: () => ({}) },
  {
    file: 'health-pass.graphql',
    operation: 'ScanHealthPass',
    caller: 'health',
    purpose: 'PUBLIC_HEALTH',
    variables: (r) => ({ token: (r.get('IssueHealthPass')?.body.data?.issueHealthPass as { token?: string } | null)?.token ?? 'not-a-pass', facilityId: 'F-001' }),
  },
  {
    file: 'health-pass.graphql',
    operation: 'TapTransit',
    caller: 'transport',
    purpose: 'TRANSIT_ACCESS',
    variables: (r) => ({ token: (r.get('IssueHealthPass')?.body.data?.issueHealthPass as { token?: string } | null)?.token ?? 'not-a-pass', stationId: 'ST-001' }),
  },
  { file: 'face-kiosk.graphql', operation: 'EnrollFace', caller: 'C-0001', variables: () => ({ embedding: face }) },
  {
    file: 'face-kiosk.graphql',
    operation: 'HailTaxiAtKiosk',
    caller: 'transport',
    purpose: 'TAXI_ASSIST',
    variables: () => ({ kioskId: 'K-001', citizenId: 'C-0001', embedding: face, destinationLabel: 'Home' }),
  },
  { file: 'taxi-dispatch.graphql', operation: 'HailTaxi', caller: 'C-0001', variables: () => ({ input: { fromLabel: 'Home', toLabel: 'Clinic' } }) },
  { file: 'taxi-dispatch.graphql', operation: 'OfferedRides', caller: 'partner', purpose: 'TAXI_ASSIST', variables: () => ({}), depth: 1 },
  { file: 'taxi-dispatch.graphql', operation: 'AcceptRide', caller: 'partner', purpose: 'TAXI_ASSIST', variables: (r) => ({ id: idOf(r.get('HailTaxi'), 'hailTaxi'), etaMinutes: 5 }) },
  { file: 'taxi-dispatch.graphql', operation: 'UpdateRide', caller: 'partner', purpose: 'TAXI_ASSIST', variables: (r) => ({ id: idOf(r.get('HailTaxi'), 'hailTaxi'), status: 'ARRIVED' }) },
  { file: 'taxi-dispatch.graphql', operation: 'MyRide', caller: 'C-0001', variables: (r) => ({ id: idOf(r.get('HailTaxi'), 'hailTaxi') }) },
  // Each run registers again (a new secret and time): only that an answer came back is compared.
  { file: 'taxi-webhook.graphql', operation: 'RegisterTaxiWebhook', caller: 'partner', purpose: 'TAXI_ASSIST', variables: () => ({ url: 'http://127.0.0.1:9/offers' }), depth: 1 },
  { file: 'access-log-proof.graphql', operation: 'MyAccessLogWithProofs', caller: 'C-0002', variables: () => ({}), depth: 2 },
  { file: 'access-log-proof.graphql', operation: 'Consistency', caller: 'C-0002', variables: () => ({ fromSize: 1, toSize: 2 }), depth: 1 },
  { file: 'flood-alert.graphql', operation: 'DistrictFlood', caller: 'C-0001', variables: () => ({ id: 'D-02' }), depth: 2 },
  { file: 'flood-alert.graphql', operation: 'MyNotifications', caller: 'C-0001', variables: () => ({}), depth: 2 },
  // A different citizen each run: erasure is once per citizen.
  { file: 'erase-me.graphql', operation: 'EraseMyData', caller: 'eraser', variables: () => ({}) },
];

/** A query that reaches the department, to wait for it (and its breaker) to answer again after a restart. */
const PROBES: Record<SubgraphName, { query: string; caller: string }> = {
  consent: { query: '{ statutes { id } }', caller: 'anonymous' },
  health: { query: '{ me { healthCode { status } } }', caller: 'C-0001' },
  licensing: { query: '{ me { businesses { id } } }', caller: 'C-0001' },
  transport: { query: '{ me { savedPlaces { label } } }', caller: 'C-0001' },
  water: { query: '{ districts { id } }', caller: 'anonymous' },
  sensors: { query: '{ sensors(first: 1) { edges { node { id } } } }', caller: 'anonymous' },
};

async function post(body: Record<string, unknown>, caller: string, purpose?: string): Promise<Answer> {
  const authorization = caller === 'anonymous' ? undefined : caller === 'partner' ? `ApiKey ${partnerKey}` : `Bearer ${tokens[caller]}`;
  const response = await fetch(hub.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}), ...(purpose ? { 'x-purpose': purpose } : {}) },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Answer['body'] };
}

async function runAll(run: number): Promise<Map<string, Answer>> {
  tokens.eraser = await citizenToken(hub, `C-09${String(80 + run).padStart(2, '0')}`);
  const results = new Map<string, Answer>();
  for (const step of STEPS) {
    results.set(step.operation, await post({ query: contract(step.file), operationName: step.operation, variables: step.variables(results, run) }, step.caller, step.purpose));
  }
  return results;
}

/** The selections of a selection set, fragments flattened. */
function fieldsOf(document: DocumentNode, set: SelectionSetNode): Array<{ responseName: string; name: string; selectionSet?: SelectionSetNode }> {
  const out: Array<{ responseName: string; name: string; selectionSet?: SelectionSetNode }> = [];
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) out.push({ responseName: selection.alias?.value ?? selection.name.value, name: selection.name.value, ...(selection.selectionSet ? { selectionSet: selection.selectionSet } : {}) });
    else if (selection.kind === Kind.INLINE_FRAGMENT) out.push(...fieldsOf(document, selection.selectionSet));
    else {
      const fragment = document.definitions.find((d) => d.kind === Kind.FRAGMENT_DEFINITION && d.name.value === selection.name.value);
      if (fragment?.kind === Kind.FRAGMENT_DEFINITION) out.push(...fieldsOf(document, fragment.selectionSet));
    }
  }
  return out;
}

/** The subgraphs that resolve the field at a response path of the operation. */
function ownersAt(step: Step, path: Array<string | number>): ReadonlySet<SubgraphName> {
  const document = parse(contract(step.file));
  const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION && d.name?.value === step.operation);
  if (operation?.kind !== Kind.OPERATION_DEFINITION) return new Set();
  let type = operation.operation === 'mutation' ? schema.getMutationType()! : schema.getQueryType()!;
  let set: SelectionSetNode | undefined = operation.selectionSet;
  let owners: ReadonlySet<SubgraphName> = new Set();
  for (const segment of path) {
    if (typeof segment === 'number') continue;
    const field: { name: string; selectionSet?: SelectionSetNode } | undefined = set ? fieldsOf(document, set).find((f) => f.responseName === segment) : undefined;
    if (!field) return new Set();
    owners = graph.owners.get(`${type.name}.${field.name}`) ?? new Set();
    const next = getNamedType(type.getFields()[field.name]?.type);
    set = field.selectionSet;
    if (!next || !isObjectType(next)) break;
    type = next;
  }
  return owners;
}

const startsWith = (path: ReadonlyArray<string | number>, prefix: ReadonlyArray<string | number>) => prefix.every((segment, i) => path[i] === segment);

/**
 * What is wrong with an answer given with one department down, against the same operation with everything up: every
 * value that went missing must be explained at its own path or by the stopped department's field just under it.
 */
function problemsOf(stopped: SubgraphName, step: Step, before: Answer, now: Answer): string[] {
  const where = `${stopped} down, ${step.operation}`;
  if (now.status !== 200) {
    // A partner's key is checked by the consent service: with it down, nobody can say who the partner is.
    const code = now.body.errors?.[0]?.extensions?.code;
    return stopped === 'consent' && step.caller === 'partner' && now.status === 503 && code === 'SUBGRAPH_UNAVAILABLE' ? [] : [`${where}: HTTP ${now.status} ${JSON.stringify(now.body).slice(0, 300)}`];
  }
  const problems: string[] = [];
  const errors = now.body.errors ?? [];
  for (const error of errors) {
    if (!error.path?.length) problems.push(`${where}: an error without a path: ${JSON.stringify(error)}`);
    if (error.extensions?.code === 'INTERNAL_SERVER_ERROR') problems.push(`${where}: an internal error at ${error.path?.join('.')}`);
    // At a field of the answer: each key along the path present, or an ancestor nulled.
    let at: unknown = now.body.data;
    for (const segment of error.path ?? []) {
      if (at === null) break;
      if (typeof at !== 'object' || at === undefined || !(segment in at)) {
        problems.push(`${where}: an error at ${error.path?.join('.')}, which is not in the answer`);
        break;
      }
      at = (at as Record<string | number, unknown>)[segment];
    }
  }
  if (LEAK_PATTERN.test(errorText(now as never))) problems.push(`${where}: internals in ${errorText(now as never)}`);
  const walk = (was: unknown, is: unknown, path: Array<string | number>) => {
    if (was === null || was === undefined || typeof was !== 'object' || path.length >= (step.depth ?? Infinity)) return;
    const entries: Array<[string | number, unknown]> = Array.isArray(was) ? [...was.entries()] : Object.entries(was);
    for (const [key, value] of entries) {
      if (value === null || value === undefined) continue;
      const here = [...path, key];
      if (Array.isArray(is) && typeof key === 'number' && key >= is.length) continue;
      const current = is === null || is === undefined ? undefined : (is as Record<string | number, unknown>)[key];
      if (current === null || current === undefined) {
        const explained = errors.some(
          (e) => e.path && (e.path.length === here.length ? startsWith(e.path, here) : e.path.length === here.length + 1 && startsWith(e.path, here) && ownersAt(step, e.path).has(stopped)),
        );
        if (!explained) problems.push(`${where}: ${here.join('.')} is missing, unexplained (errors at ${errors.map((e) => e.path?.join('.')).join(', ')})`);
        continue;
      }
      walk(value, current, here);
    }
  };
  walk(before.body.data, now.body.data, []);
  return problems;
}

async function restart(name: SubgraphName): Promise<void> {
  hub.servers.set(name, await startSubgraph(name, hub.config, createLogger({ service: name, level: 'silent' })));
  // Until its breaker lets calls through again (it opens while the department is down): one probe at a time.
  const probe = PROBES[name];
  for (let attempt = 0; attempt < 100; attempt++) {
    const answer = await post({ query: probe.query }, probe.caller);
    if (!answer.body.errors?.length) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${name} did not come back`);
}

beforeAll(async () => {
  // No public cache: an anonymous answer (or a public subgraph fetch) kept from before a department stopped would be
  // served for up to two TTLs, and the degraded runs would check the cache instead of the department being down.
  hub = await startTestHub({ citizens: 1000, sensors: 500, env: { HUB_PUBLIC_CACHE_TTL_MS: '0' } });
  const sdl = fs.readFileSync(SUPERGRAPH_FILE, 'utf8');
  graph = buildGraphMap(sdl);
  schema = buildSchema(sdl, { assumeValidSDL: true });
  const { partners } = await createConsentServices(hub.config, hub.servers.get('consent')!.store);
  partnerKey = (await partners.issueKey('test', { partnerId: 'robotaxi', scopes: ['consent:read', 'consent:write', 'transport:read', 'transport:write', 'sensors:read'], expiresInMs: 86_400_000 })).key;
  for (const id of ['C-0001', 'C-0002', 'C-0003']) tokens[id] = await citizenToken(hub, id);
  for (const department of ['transport', 'licensing', 'sensors', 'health'] as const) tokens[department] = await staffToken(hub, department);
}, 120_000);
afterAll(async () => {
  await hub?.close();
});

describe('one department down, every contract operation', () => {
  it('runs every operation of every file in test/contract/', () => {
    const directory = path.dirname(fileURLToPath(new URL('../contract/flood-overview.graphql', import.meta.url)));
    const operations = fs
      .readdirSync(directory)
      .filter((file) => file.endsWith('.graphql'))
      .flatMap((file) => parse(contract(file)).definitions.flatMap((d) => (d.kind === Kind.OPERATION_DEFINITION ? [`${file} ${d.name?.value}`] : [])));
    expect(STEPS.map((step) => `${step.file} ${step.operation}`).sort()).toEqual(operations.sort());
  });

  it('answers every other department, with an error at the path of everything missing', async () => {
    const baseline = await runAll(0);
    for (const step of STEPS) {
      const answer = baseline.get(step.operation)!;
      labelled(`${step.operation}: ${JSON.stringify(answer.body).slice(0, 400)}`, () => expect(answer.status).toBe(200));
      labelled(`${step.operation}: ${JSON.stringify(answer.body).slice(0, 400)}`, () => expect(answer.body.data).toBeTruthy());
    }
    const problems: string[] = [];
    for (const [index, stopped] of SUBGRAPH_NAMES.entries()) {
      await hub.stopSubgraph(stopped);
      const degraded = await runAll(index + 1);
      for (const step of STEPS) problems.push(...problemsOf(stopped, step, baseline.get(step.operation)!, degraded.get(step.operation)!));
      await restart(stopped);
    }
    expect(problems).toEqual([]);
  }, 300_000);

  it('answers the flood overview with all 16 districts, their names and gauges while sensors is down', async () => {
    await hub.stopSubgraph('sensors');
    try {
      const answer = await post({ query: contract('flood-overview.graphql') }, 'anonymous');
      expect(answer.status).toBe(200);
      const districts = answer.body.data!.districts as Array<{ id: string; name: string; floodRisk: unknown; gauges: Array<{ id: string; sensor: unknown }> }>;
      expect(districts.map((d) => d.id)).toEqual(Array.from({ length: 16 }, (_, i) => `D-${String(i + 1).padStart(2, '0')}`));
      for (const district of districts) {
        expect(district.name.length).toBeGreaterThan(0);
        expect(district.floodRisk).toBeNull();
        expect(district.gauges.length).toBeGreaterThan(0);
      }
      const risks = (answer.body.errors ?? []).filter((e) => e.path?.at(-1) === 'floodRisk');
      expect(risks.map((e) => [e.path?.[1], e.extensions?.code, e.extensions?.department])).toEqual(districts.map((_, i) => [i, 'SUBGRAPH_UNAVAILABLE', 'sensors']));
    } finally {
      await restart('sensors');
    }
  }, 60_000);

  it('answers the same while sensors hangs past its timeout, and while its breaker is open', async () => {
    const overview = async () => {
      const answer = await post({ query: contract('flood-overview.graphql') }, 'anonymous');
      const districts = (answer.body.data?.districts ?? []) as Array<{ id: string; name: string }>;
      return { status: answer.status, districts: districts.filter((d) => d.id && d.name).length, pathless: (answer.body.errors ?? []).filter((e) => !e.path).length };
    };
    await hub.stopSubgraph('sensors');
    // Something on the sensors port that accepts connections and never answers.
    const sockets: net.Socket[] = [];
    const hung = net.createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => hung.listen(hub.config.ports.sensors, hub.config.host, () => resolve()));
    try {
      expect(await overview()).toEqual({ status: 200, districts: 16, pathless: 0 });
      for (let i = 0; i < 12; i++) await overview();
      const metrics = await (await fetch(hub.url.replace(/\/graphql$/, '/metrics'))).text();
      expect(metrics).toMatch(/citygraph_circuit_breaker_state\{subgraph="sensors",service="gateway"\} 2/);
      expect(await overview()).toEqual({ status: 200, districts: 16, pathless: 0 });
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => hung.close(() => resolve()));
      await restart('sensors');
    }
  }, 120_000);
});
