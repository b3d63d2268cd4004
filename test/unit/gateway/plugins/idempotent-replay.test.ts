import { describe, expect, it } from '@jest/globals';
import { buildSchema, parse } from 'graphql';
import { personalPaths, redactForReplay } from '../../../../gateway/plugins/idempotent-replay.js';

const schema = buildSchema(`
  type Query { citizen(id: ID!): Citizen node: Node }
  interface Node { id: ID! }
  type Citizen implements Node { id: ID! name: String places: [Place!] }
  type Place implements Node { id: ID! label: String address: String }
`);
const personal = new Set(['Citizen.name', 'Place.address']);

describe('personal paths in an answer', () => {
  it('finds personal values by response key, through aliases, lists, fragments and abstract types', () => {
    const document = parse(`
      query Q { c: citizen(id: "C-1") { id who: name places { label ...P } } node { ... on Citizen { name } } }
      fragment P on Place { address }
    `);
    const data = {
      c: { id: 'C-1', who: 'Ada Lovelace', places: [{ label: 'Home', address: '1 Road' }, { label: 'Clinic', address: null }] },
      node: { __typename: 'Citizen', name: 'Ada Lovelace' },
    };
    expect(personalPaths(document, 'Q', schema, personal, data)).toEqual([
      ['c', 'who'],
      ['c', 'places', 0, 'address'],
      ['node', 'name'],
    ]);
  });

  it('replaces each with null and an error at its path, keeping the rest of the answer', () => {
    const body = JSON.stringify({ data: { c: { id: 'C-1', who: 'Ada Lovelace' } } });
    const redacted = JSON.parse(redactForReplay(body, [['c', 'who']]));
    expect(redacted.data).toEqual({ c: { id: 'C-1', who: null } });
    expect(redacted.errors).toEqual([expect.objectContaining({ path: ['c', 'who'], extensions: { code: 'CONSENT_REQUIRED' } })]);
    expect(redactForReplay(body, [])).toBe(body);
  });
});
