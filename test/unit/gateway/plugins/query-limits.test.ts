import { describe, expect, it } from '@jest/globals';
import { useQueryLimits } from '../../../../gateway/plugins/query-limits.js';
import { resolveOperation, silent } from './support.js';

const plugin = useQueryLimits({ logger: silent });
const fields = (n: number, field = 'id') => Array.from({ length: n }, () => field).join(' ');

describe('useQueryLimits', () => {
  it('refuses options that are not positive integers', () => {
    expect(() => useQueryLimits({ logger: silent, limits: { maxDepth: 0 } })).toThrow();
    expect(() => useQueryLimits({ logger: silent, limits: { maxSelections: 1.5 } })).toThrow();
  });

  it('accepts 200 field selections in one selection set and refuses 201, duplicates counted', async () => {
    expect(await resolveOperation(plugin, `{ districts { ${fields(200)} } }`)).toBeUndefined();
    expect(await resolveOperation(plugin, `{ districts { ${fields(201)} } }`)).toMatchObject({ code: 'QUERY_TOO_COMPLEX', status: 400 });
  });

  it('counts what fragments spread into a selection set as part of it, and each selection set on its own', async () => {
    const spread = `{ districts { ...F ...F id } } fragment F on District { ${fields(100, 'name')} }`;
    expect(await resolveOperation(plugin, spread)).toMatchObject({ code: 'QUERY_TOO_COMPLEX' });
    const inline = `{ districts { ... on District { ${fields(150)} } ${fields(51, 'name')} } }`;
    expect(await resolveOperation(plugin, inline)).toMatchObject({ code: 'QUERY_TOO_COMPLEX' });
    expect(await resolveOperation(plugin, `{ a: districts { ${fields(150)} } b: districts { ${fields(150)} } }`)).toBeUndefined();
  });

  it('refuses depth 11, 16 aliases, 21 directives and a page over 100', async () => {
    expect(await resolveOperation(plugin, `{ ${'a { '.repeat(10)}b${' }'.repeat(10)} }`)).toMatchObject({ code: 'QUERY_TOO_COMPLEX' });
    expect(await resolveOperation(plugin, `{ ${'a { '.repeat(9)}b${' }'.repeat(9)} }`)).toBeUndefined();
    expect(await resolveOperation(plugin, `{ ${Array.from({ length: 16 }, (_, i) => `a${i}: __typename`).join(' ')} }`)).toMatchObject({ code: 'QUERY_TOO_COMPLEX' });
    expect(await resolveOperation(plugin, `{ ${Array.from({ length: 21 }, () => '__typename @include(if: true)').join(' ')} }`)).toMatchObject({ code: 'QUERY_TOO_COMPLEX' });
    expect(await resolveOperation(plugin, '{ sensors(first: 101) { edges { node { id } } } }')).toMatchObject({ code: 'BAD_USER_INPUT', status: 400 });
    expect(await resolveOperation(plugin, 'query($n: Int) { sensors(first: $n) { edges { node { id } } } }', { variables: { n: 101 } })).toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('refuses an unknown operationName and several operations without one with 400 BAD_USER_INPUT', async () => {
    expect(await resolveOperation(plugin, 'query A { __typename }', { operationName: 'B' })).toMatchObject({ code: 'BAD_USER_INPUT', status: 400 });
    expect(await resolveOperation(plugin, 'query A { __typename } query B { __typename }')).toMatchObject({ code: 'BAD_USER_INPUT', status: 400 });
    expect(await resolveOperation(plugin, 'query A { __typename } query B { __typename }', { operationName: 'B' })).toBeUndefined();
  });

  it('refuses any subscription with 400 GRAPHQL_VALIDATION_FAILED: the graph has none', async () => {
    expect(await resolveOperation(plugin, 'subscription { __typename }')).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', status: 400 });
  });
});
