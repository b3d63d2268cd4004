import { composeServices } from '@apollo/composition';
import { describe, expect, it } from '@jest/globals';
import { buildSchema, parse, printSchema } from 'graphql';
import {
  apiSchemaOf,
  breakingChanges,
  formatPrivacyDiff,
  parseDeclarations,
  partnerOperationChanges,
  personalFieldChanges,
  selectedPaths,
  statuteChanges,
} from '../../../../bin/lib/schema-governance.js';

const PERSONAL = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@inaccessible", "@composeDirective"])
    @link(url: "https://citygraph.example/personal/v1.0", import: ["@personal"]) @composeDirective(name: "@personal")
  directive @personal(category: DataCategory!) on FIELD_DEFINITION
  enum DataCategory { IDENTITY LOCATION HEALTH }
`;

function supergraph(citizenFields: string): string {
  const result = composeServices([{ name: 'consent', url: 'http://consent/graphql', typeDefs: parse(`${PERSONAL}\ntype Query { citizen(id: ID!): Citizen }\ntype Citizen @key(fields: "id") { id: ID! ${citizenFields} }`) }]);
  if (result.errors) throw new Error(result.errors.map(String).join('\n'));
  return result.supergraphSdl;
}

describe('the public API schema', () => {
  it('is the supergraph without join/link machinery and without @inaccessible fields', () => {
    const api = printSchema(apiSchemaOf(supergraph('name: String @personal(category: IDENTITY)\n internalScore: Int @inaccessible')));
    expect(api).toContain('type Citizen');
    expect(api).toContain('name: String');
    expect(api).not.toContain('internalScore');
    expect(api).not.toMatch(/join__|link__/);
  });
});

describe('breaking changes', () => {
  const before = buildSchema('type Query { a: String, b(limit: Int): [String] }');

  it('reports a removed field as breaking and undeclared', async () => {
    const report = await breakingChanges(before, buildSchema('type Query { b(limit: Int): [String] }'));
    expect(report.breaking).toEqual([{ type: 'FIELD_REMOVED', path: 'Query.a', message: expect.stringContaining("'a'") }]);
  });

  it('passes an added field and counts it as safe', async () => {
    const report = await breakingChanges(before, buildSchema('type Query { a: String, b(limit: Int): [String], c: Int }'));
    expect(report.breaking).toEqual([]);
    expect(report.safe).toBe(1);
  });

  it('accepts a breaking change declared with its path (and type), keeping the reason, and lists unused declarations', async () => {
    const declared = parseDeclarations({
      accepted: [
        { path: 'Query.a', type: 'FIELD_REMOVED', reason: 'Deprecated since 2026-06, no caller in 90 days of logs.' },
        { path: 'Query.gone', reason: 'Shipped in the previous release already.' },
      ],
    });
    const report = await breakingChanges(before, buildSchema('type Query { b(limit: Int): [String] }'), declared);
    expect(report.breaking.map((b) => b.declared)).toEqual(['Deprecated since 2026-06, no caller in 90 days of logs.']);
    expect(report.unusedDeclarations.map((d) => d.path)).toEqual(['Query.gone']);
  });

  it('does not accept a declaration of another change type at the same path', async () => {
    const declared = parseDeclarations({ accepted: [{ path: 'Query.a', type: 'FIELD_TYPE_CHANGED', reason: 'Only the type was meant to change.' }] });
    const report = await breakingChanges(before, buildSchema('type Query { b(limit: Int): [String] }'), declared);
    expect(report.breaking[0]!.declared).toBeUndefined();
  });

  it('refuses a declaration without a reason', () => {
    expect(() => parseDeclarations({ accepted: [{ path: 'Query.a', reason: '' }] })).toThrow(/reason must say why/);
    expect(() => parseDeclarations([])).toThrow(/expected \{"accepted"/);
  });
});

describe('privacy diff', () => {
  it('lists new personal fields, changed categories and fields that stop being personal as widening; removals as not', () => {
    const before = supergraph('name: String @personal(category: IDENTITY)\n home: String @personal(category: LOCATION)\n pulse: Int @personal(category: HEALTH)\n age: Int @personal(category: IDENTITY)');
    const after = supergraph('name: String\n home: String @personal(category: HEALTH)\n pulse: Int @personal(category: HEALTH)\n phone: String @personal(category: IDENTITY)');
    expect(personalFieldChanges(before, after)).toEqual([
      { area: 'personal-field', subject: 'Citizen.age', change: 'removed (was @personal IDENTITY)', widens: false },
      { area: 'personal-field', subject: 'Citizen.home', change: 'category LOCATION -> HEALTH', widens: true },
      { area: 'personal-field', subject: 'Citizen.name', change: 'no longer @personal (was IDENTITY): served without a consent decision', widens: true },
      { area: 'personal-field', subject: 'Citizen.phone', change: 'new @personal field (IDENTITY)', widens: true },
    ]);
  });

  it('lists a new statute, widened and narrowed lists of a statute, and a removed statute', () => {
    const before = { rules: [{ id: 'A', departments: ['health'], purposes: ['PUBLIC_HEALTH'], subgraph: 'health' }, { id: 'B', departments: ['water'] }] };
    const after = { rules: [{ id: 'A', departments: ['health', 'transport'], purposes: [], subgraph: 'health' }, { id: 'C', departments: ['sensors'], categories: ['LOCATION'] }] };
    expect(statuteChanges(before, after)).toEqual([
      { area: 'statute', subject: 'A', change: 'departments + transport', widens: true },
      { area: 'statute', subject: 'A', change: 'purposes - PUBLIC_HEALTH', widens: false },
      { area: 'statute', subject: 'C', change: 'new statute: departments=sensors categories=LOCATION', widens: true },
      { area: 'statute', subject: 'B', change: 'statute removed', widens: false },
    ]);
  });

  it('reads statutes by field (the `statutes` list): a new field and another department widen, a removed field does not', () => {
    const before = { statutes: [{ id: 'NAME', department: 'water', purpose: 'SERVICE_DELIVERY', fields: ['Citizen.name', 'Citizen.phone'] }] };
    const after = { statutes: [{ id: 'NAME', department: 'sensors', purpose: 'SERVICE_DELIVERY', fields: ['Citizen.name', 'Citizen.dateOfBirth'] }] };
    expect(statuteChanges(before, after)).toEqual([
      { area: 'statute', subject: 'NAME', change: 'department: "water" -> "sensors"', widens: true },
      { area: 'statute', subject: 'NAME', change: 'fields + Citizen.dateOfBirth', widens: true },
      { area: 'statute', subject: 'NAME', change: 'fields - Citizen.phone', widens: false },
    ]);
  });

  it("lists a partner's new operation, newly selected fields and removed registrations", () => {
    const before = new Map([
      ['taxi.graphql', 'query Taxi($id: ID!) { citizen(id: $id) { id savedPlaces { label } } }'],
      ['old.graphql', '{ districts { id } }'],
    ]);
    const after = new Map([
      ['taxi.graphql', 'query Taxi($id: ID!) { citizen(id: $id) { id ...Places } } fragment Places on Citizen { savedPlaces { label address } }'],
      ['new.graphql', '{ sensors { id } }'],
    ]);
    const changes = partnerOperationChanges(before, after);
    expect(changes).toEqual([
      { area: 'partner-operation', subject: 'taxi.graphql', change: 'now also selects query Taxi.citizen.savedPlaces.address', widens: true },
      { area: 'partner-operation', subject: 'new.graphql', change: 'new registered operation selecting query (anonymous).sensors, query (anonymous).sensors.id', widens: true },
      { area: 'partner-operation', subject: 'old.graphql', change: 'registration removed', widens: false },
    ]);
    expect(formatPrivacyDiff(changes)).toMatch(/^privacy diff: 3 change\(s\), 2 widening/);
    expect(formatPrivacyDiff(changes)).toContain('WIDENS  partner-operation taxi.graphql: now also selects');
    expect(formatPrivacyDiff([])).toBe('privacy diff: no change to @personal fields, statutes or partner operations');
  });

  it('follows fragments and inline fragments when collecting selected paths', () => {
    expect([...selectedPaths('query Q { me { ... on Citizen { id } ...F } } fragment F on Citizen { name }')]).toEqual(['query Q.me', 'query Q.me.id', 'query Q.me.name']);
  });
});
