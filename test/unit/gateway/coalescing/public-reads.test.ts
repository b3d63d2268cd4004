import fs from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { buildGraphMap } from '../../../../gateway/access/graph-map.js';
import { PublicFetchClassifier } from '../../../../gateway/coalescing/public-fetches.js';
import { PublicReads } from '../../../../gateway/coalescing/public-reads.js';
import { SUPERGRAPH_FILE } from '../../../../gateway/server.js';
import { createLogger } from '../../../../platform/logger.js';

const sdl = fs.readFileSync(SUPERGRAPH_FILE, 'utf8');
const classifier = new PublicFetchClassifier(buildGraphMap(sdl), sdl);
const logger = createLogger({ service: 'test', level: 'silent' });

function reads(overrides: Partial<ConstructorParameters<typeof PublicReads>[0]> = {}) {
  return new PublicReads({ classifier, ttlMs: 60_000, maxEntries: 100, maxBytes: 1_000_000, logger, ...overrides });
}

/** A subgraph call that answers when told to, counting how often it was made. */
function subgraph(body: GatewayGraphQLResponse['data'], options: { errors?: boolean; bytes?: number } = {}) {
  let calls = 0;
  let answer: () => void = () => undefined;
  const call = () => {
    calls += 1;
    return new Promise<GatewayGraphQLResponse>((resolve) => {
      answer = () =>
        resolve({
          data: structuredClone(body),
          ...(options.errors ? { errors: [{ message: 'partly down' }] } : {}),
          http: { headers: new Headers({ 'content-length': String(options.bytes ?? 100) }) as never },
        });
    });
  };
  return { call, calls: () => calls, answer: () => answer() };
}

const DISTRICTS = '{districts{id name}}';

describe('coalesced public reads', () => {
  it('shares one subgraph call among identical fetches in flight, each caller getting its own copy', async () => {
    const r = reads({ ttlMs: 0 });
    const water = subgraph({ districts: [{ id: 'D-01', name: 'Harbour' }] });
    const pending = Array.from({ length: 16 }, () => r.read('water', DISTRICTS, undefined, water.call));
    water.answer();
    const answers = await Promise.all(pending);
    expect(water.calls()).toBe(1);
    expect(r.stats).toEqual({ fetched: 1, shared: 15, cached: 0 });
    // The gateway merges other subgraphs' fields (a citizen's, say) into the objects it gets: never into another caller's.
    (answers[0]!.data!.districts as Array<Record<string, unknown>>)[0]!.mine = 'personal';
    for (const other of answers.slice(1)) expect((other.data!.districts as Array<Record<string, unknown>>)[0]).toEqual({ id: 'D-01', name: 'Harbour' });
  });

  it('gives the cache and later readers the answer as it arrived, whatever the first caller did to its copy', async () => {
    const r = reads({ ttlMs: 10_000 });
    const water = subgraph({ districts: [{ id: 'D-01', name: 'Harbour' }] });
    const first = r.read('water', DISTRICTS, undefined, water.call);
    water.answer();
    const mine = await first;
    (mine.data!.districts as Array<Record<string, unknown>>)[0]!.mine = 'personal';
    const later = await r.read('water', DISTRICTS, undefined, water.call);
    expect(r.stats).toEqual({ fetched: 1, shared: 0, cached: 1 });
    expect(later.data).toEqual({ districts: [{ id: 'D-01', name: 'Harbour' }] });
    (later.data!.districts as Array<Record<string, unknown>>)[0]!.name = 'changed';
    expect((await r.read('water', DISTRICTS, undefined, water.call)).data).toEqual({ districts: [{ id: 'D-01', name: 'Harbour' }] });
  });

  it('keeps different variables and different subgraphs apart', async () => {
    const r = reads({ ttlMs: 0 });
    const water = subgraph({ x: 1 });
    const query = 'query($id:ID!){district(id:$id){id}}';
    const pending = [r.read('water', query, { id: 'D-01' }, water.call), r.read('water', query, { id: 'D-02' }, water.call), r.read('sensors', query, { id: 'D-01' }, water.call)];
    water.answer();
    water.answer();
    expect(water.calls()).toBe(3);
  });

  it('reuses an answer until an ingestion event invalidates it, and never caches one fetched before the event', async () => {
    const r = reads();
    const water = subgraph({ districts: [] });
    const first = r.read('water', DISTRICTS, undefined, water.call);
    water.answer();
    await first;
    await r.read('water', DISTRICTS, undefined, water.call);
    expect(water.calls()).toBe(1);
    r.invalidate('readings-ingested');
    const during = r.read('water', DISTRICTS, undefined, water.call);
    r.invalidate('readings-ingested');
    water.answer();
    await during;
    const after = r.read('water', DISTRICTS, undefined, water.call);
    water.answer();
    await after;
    expect(water.calls()).toBe(3);
  });

  it('never caches an answer with errors, and stays within its byte bound', async () => {
    const r = reads({ maxBytes: 1000 });
    const failing = subgraph({ districts: null }, { errors: true });
    const first = r.read('water', DISTRICTS, undefined, failing.call);
    failing.answer();
    await first;
    expect(r.size.entries).toBe(0);
    for (let i = 0; i < 20; i += 1) {
      const s = subgraph({ i }, { bytes: 200 });
      const p = r.read('water', `{district(id:"${i}"){id}}`, undefined, s.call);
      s.answer();
      await p;
    }
    expect(r.size.bytes).toBeLessThanOrEqual(1000);
    expect(r.size.entries).toBe(5);
  });
});

describe('which fetches are public', () => {
  const map = buildGraphMap(sdl);

  it('never takes a fetch selecting a @personal field for public, whatever the type', () => {
    expect(map.personal.size).toBeGreaterThan(10);
    for (const coordinate of map.personal) {
      const [type, field] = coordinate.split('.') as [string, string];
      const entities = `query($representations:[_Any!]!){_entities(representations:$representations){...on ${type}{__typename ${field}}}}`;
      expect({ coordinate, public: classifier.isPublic(entities) }).toEqual({ coordinate, public: false });
    }
  });

  it('takes public entry points and entity fetches of public types for public', () => {
    for (const query of [
      DISTRICTS,
      '{districts{id name gauges{id sensor{id kind status latestReading{value unit at}}}}}',
      'query($representations:[_Any!]!){_entities(representations:$representations){...on District{__typename floodRisk{level score reasons}}}}',
      '{grantees{id name kind}}',
      '{statutes{id}}',
      '{facilities(first:18){id name kind districtId address}}',
    ]) {
      expect({ query, public: classifier.isPublic(query) }).toEqual({ query, public: true });
    }
  });

  it('refuses anything else: who-is-asking entry points, non-public types, mutations, introspection, unknown fields', () => {
    for (const query of [
      '{me{id}}',
      '{citizen(id:"C-0001"){id}}',
      'query($representations:[_Any!]!){_entities(representations:$representations){...on Citizen{__typename id}}}',
      'mutation{ingestReadings(readings:[]){accepted}}',
      '{__schema{types{name}}}',
      '{districts{id noSuchField}}',
      '{districts{id} ...F} fragment F on Query { me { id } }',
      'not graphql',
    ]) {
      expect({ query, public: classifier.isPublic(query) }).toEqual({ query, public: false });
    }
  });
});
