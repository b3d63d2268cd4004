import crypto from 'node:crypto';
import { graphql as execute } from 'graphql';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { ConsentGuard } from '../../../../consent/enforcement/consent-guard.js';
import { attachGuard } from '../../../../consent/enforcement/request-guard.js';
import { buildEnforcedSchema } from '../../../../consent/enforcement/subgraph-kit.js';
import type { CitizenDecision, ConsentAuthority, DecisionRequest } from '../../../../consent/enforcement/types.js';
import type { Principal } from '../../../../platform/principal.js';
import type { SubgraphName } from '../../../../platform/services.js';
import { loadSodium } from '../../../../platform/sodium.js';
import { resolvers as health } from '../../../../subgraphs/health/resolvers/index.js';
import { resolvers as licensing } from '../../../../subgraphs/licensing/resolvers/index.js';
import { resolvers as transport } from '../../../../subgraphs/transport/resolvers/index.js';

/** An authority that allows every category by statute and releases a key: the export must still be refused. */
class AllowEverything implements ConsentAuthority {
  decided = 0;
  async decide(_caller: unknown, request: DecisionRequest): Promise<CitizenDecision[]> {
    this.decided++;
    const key = { key: new Uint8Array(crypto.randomBytes(32)), version: 1 };
    return request.citizenIds.map((citizenId) => ({
      citizenId,
      categories: Object.fromEntries(request.categories.map((c) => [c, { allow: true, basis: 'STATUTE:TEST' }])),
      keys: Object.fromEntries(request.categories.map((c) => [c, key])),
    }));
  }
  async seal() {
    return [];
  }
  async writable() {
    return [];
  }
  async grantHolders() {
    return [];
  }
  async recordAccess() {}
}

/** A store that fails the test if anything reads it. */
const untouchable = new Proxy({}, { get: (_t, name) => () => Promise.reject(new Error(`the store was read (${String(name)})`)) });

const SECTIONS: Array<[SubgraphName, Parameters<typeof buildEnforcedSchema>[1], string]> = [
  ['health', health as Parameters<typeof buildEnforcedSchema>[1], 'health'],
  ['licensing', licensing as Parameters<typeof buildEnforcedSchema>[1], 'licensing'],
  ['transport', transport as Parameters<typeof buildEnforcedSchema>[1], 'transport'],
];

const staff: Principal = { kind: 'staff', id: 'health', department: 'health', roles: ['staff'], scopes: [], purpose: 'PUBLIC_HEALTH', requestId: 'r-1' };
const otherCitizen: Principal = { kind: 'citizen', id: 'C-0002', roles: [], scopes: [], requestId: 'r-2' };

beforeAll(async () => {
  await loadSodium();
});

describe('export sections are the citizen’s alone', () => {
  for (const [subgraph, resolvers, field] of SECTIONS) {
    for (const principal of [staff, otherCitizen]) {
      it(`${subgraph}: refuses ${principal.kind} ${principal.id} with FORBIDDEN before any decision or store read, even when everything would be allowed`, async () => {
        const schema = buildEnforcedSchema(subgraph, resolvers);
        const authority = new AllowEverything();
        const consent = new ConsentGuard({ principal }, subgraph, authority);
        const context = attachGuard({ principal, requestId: principal.requestId, store: untouchable, now: new Date() }, consent);
        const result = await execute({
          schema,
          source: `query($r: [_Any!]!) { _entities(representations: $r) { ... on DataExport { citizenId ${field} } } }`,
          variableValues: { r: [{ __typename: 'DataExport', citizenId: 'C-0001' }] },
          contextValue: context,
        });
        // The refused reference fails the whole entity fetch: nothing of it is answered.
        expect(result.data).toBeNull();
        expect(result.errors?.map((e) => e.extensions.code)).toEqual(['FORBIDDEN']);
        expect(authority.decided).toBe(0);
        expect(consent.records).toEqual([]);
      });
    }

    it(`${subgraph}: the citizen themself passes the @selfOnly check: the section is decided and then built`, async () => {
      const self: Principal = { kind: 'citizen', id: 'C-0001', roles: [], scopes: [], requestId: 'r-3' };
      const schema = buildEnforcedSchema(subgraph, resolvers);
      const authority = new AllowEverything();
      const consent = new ConsentGuard({ principal: self }, subgraph, authority);
      const context = attachGuard({ principal: self, requestId: self.requestId, store: untouchable, now: new Date() }, consent);
      const result = await execute({
        schema,
        source: `query($r: [_Any!]!) { _entities(representations: $r) { ... on DataExport { citizenId ${field} } } }`,
        variableValues: { r: [{ __typename: 'DataExport', citizenId: 'C-0001' }] },
        contextValue: context,
      });
      // Past the refusal: the decision was asked and the section's builder ran (and read the store, which fails here).
      expect(authority.decided).toBe(1);
      expect(result.errors?.map((e) => e.extensions.code)).not.toContain('FORBIDDEN');
    });
  }
});
