import fs from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { buildSchema, parse, type DocumentNode } from 'graphql';
import { useAccessControl } from '../../../../gateway/access/access-control.js';
import { buildGraphMap } from '../../../../gateway/access/graph-map.js';
import { SUPERGRAPH_FILE } from '../../../../gateway/server.js';
import { contextOf, resolveOperation } from '../plugins/support.js';

const sdl = fs.readFileSync(SUPERGRAPH_FILE, 'utf8');
const graph = buildGraphMap(sdl);
const schema = buildSchema(sdl, { assumeValidSDL: true });
const production = useAccessControl({ graph, introspectionForAll: false });
const anonymous = contextOf();
const partner = (scopes: string[]) => contextOf({ kind: 'partner', id: 'robotaxi', scopes, purpose: 'TAXI_ASSIST' });
const check = (query: string, context = anonymous, plugin = production, document?: DocumentNode) => resolveOperation(plugin, query, { schema, context, ...(document ? { document } : {}) });

describe('access control before planning (ARCHITECTURE §3)', () => {
  it('refuses an empty graph map at start-up', () => {
    expect(() => useAccessControl({ graph: { owners: new Map(), personal: new Set(), keyFields: new Map(), publicTypes: new Set() }, introspectionForAll: true })).toThrow();
  });

  it('lets anonymous callers read public data: districts, sensors, statutes and the grantee directory', async () => {
    expect(await check('{ districts { id name floodRisk { level } gauges { sensor { id kind } } } }')).toBeUndefined();
    expect(await check('{ statutes { id fields } }')).toBeUndefined();
    expect(await check('{ grantees { id name kind } }')).toBeUndefined();
  });

  it('asks anonymous callers to sign in (401) for anything else, naming what', async () => {
    expect(await check('{ me { id } }')).toMatchObject({ code: 'UNAUTHENTICATED', status: 401 });
    expect(await check('{ citizen(id: "C-0001") { id } }')).toMatchObject({ code: 'UNAUTHENTICATED', status: 401, message: 'Sign in to read Query.citizen.' });
    expect(await check('mutation { eraseMyData { erasedAt } }')).toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('lets a partner read key fields whatever its scopes, and other fields only in the subgraphs its scopes name (403 otherwise)', async () => {
    expect(await check('{ citizen(id: "C-0001") { id } }', partner([]))).toBeUndefined();
    expect(await check('{ citizen(id: "C-0001") { savedPlaces { label } } }', partner(['consent:read']))).toMatchObject({ code: 'FORBIDDEN', status: 403 });
    expect(await check('{ citizen(id: "C-0001") { savedPlaces { label } } }', partner(['transport:read']))).toBeUndefined();
    expect(await check('{ intersections(districtId: "D-01", first: 5) { id blindSpotAlerts { at } } }', partner([]))).toBeUndefined();
  });

  it('requires a :write scope for a partner mutation', async () => {
    const request = 'mutation { requestConsent(input: {citizenId: "C-0003", purpose: TAXI_ASSIST, categories: [LOCATION], validUntil: "2030-01-01T00:00:00Z", reason: "r"}) { id } }';
    expect(await check(request, partner(['consent:read']))).toMatchObject({ code: 'FORBIDDEN', message: 'You are not allowed to read Mutation.requestConsent.' });
    expect(await check(request, partner(['consent:read', 'consent:write']))).toBeUndefined();
  });

  it('allows introspection in production to staff and administrators only, and to everyone in development', async () => {
    expect(await check('{ __schema { queryType { name } } }')).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await check('{ __schema { queryType { name } } }', contextOf({ kind: 'citizen', id: 'C-0001' }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await check('{ __schema { queryType { name } } }', contextOf({ kind: 'staff', id: 'transport', department: 'transport' }))).toBeUndefined();
    expect(await check('{ __schema { queryType { name } } }', anonymous, useAccessControl({ graph, introspectionForAll: true }))).toBeUndefined();
    expect(await check('{ __typename }')).toBeUndefined();
  });

  it('judges the same document again the same way for another caller (its verdict cache is per kind of caller)', async () => {
    const plugin = useAccessControl({ graph, introspectionForAll: false });
    const query = '{ citizen(id: "C-0001") { savedPlaces { label } } }';
    const document = parse(query);
    expect(await check(query, partner(['transport:read']), plugin, document)).toBeUndefined();
    expect(await check(query, anonymous, plugin, document)).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await check(query, partner(['consent:read']), plugin, document)).toMatchObject({ code: 'FORBIDDEN' });
    expect(await check(query, partner(['transport:read']), plugin, document)).toBeUndefined();
  });
});
