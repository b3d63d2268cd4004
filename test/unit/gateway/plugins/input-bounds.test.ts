import { describe, expect, it } from '@jest/globals';
import { buildSchema } from 'graphql';
import { depthExceeds, useInputBounds } from '../../../../gateway/plugins/input-bounds.js';
import { resolveOperation, silent } from './support.js';

const schema = buildSchema(`
  scalar DateTime
  scalar JSON
  scalar ReadingValue
  input ReadingInput { sensorId: ID! at: DateTime! value: ReadingValue }
  type Query { readings(from: DateTime!, to: DateTime, when: [DateTime!]): [Int!]! echo(value: JSON): JSON }
  type Mutation { ingest(readings: [ReadingInput!]!): Int! }
`);
const plugin = useInputBounds({ logger: silent });
const run = (query: string, variables: Record<string, unknown> = {}) => resolveOperation(plugin, query, { schema, variables });
const nest = (levels: number, leaf: unknown = 1): unknown => {
  let value = leaf;
  for (let i = 0; i < levels; i++) value = { a: value };
  return value;
};

describe('useInputBounds', () => {
  it('validates its options', () => {
    expect(() => useInputBounds({ logger: silent, maxJsonDepth: 0 })).toThrow();
    expect(() => useInputBounds({ logger: {} as never })).toThrow();
  });

  it('measures depth without recursion, whatever the nesting', () => {
    expect(depthExceeds(nest(8), 8)).toBe(false);
    expect(depthExceeds(nest(9), 8)).toBe(true);
    expect(depthExceeds(nest(200_000), 8)).toBe(true);
    expect(depthExceeds('a string', 0)).toBe(false);
  });

  it('accepts a DateTime string of up to 64 characters and refuses a longer one, an object or a number with 400 BAD_USER_INPUT', async () => {
    const query = 'query($from: DateTime!) { readings(from: $from) }';
    expect(await run(query, { from: '2026-11-28T08:00:00.000Z' })).toBeUndefined();
    expect(await run(query, { from: 'x'.repeat(64) })).toBeUndefined();
    for (const from of ['x'.repeat(65), { $gt: '' }, 12, nest(5000, '2026-01-01T00:00:00Z')]) {
      expect(await run(query, { from })).toMatchObject({ code: 'BAD_USER_INPUT', status: 400 });
    }
  });

  it('checks DateTime inside lists and input objects', async () => {
    expect(await run('query($w: [DateTime!]) { readings(from: "2026-01-01T00:00:00Z", when: $w) }', { w: ['2026-01-01T00:00:00Z', 'y'.repeat(65)] })).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(await run('mutation($r: [ReadingInput!]!) { ingest(readings: $r) }', { r: [{ sensorId: 'S-1', at: { a: 1 }, value: 1 }] })).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(await run('mutation($r: [ReadingInput!]!) { ingest(readings: $r) }', { r: [{ sensorId: 'S-1', at: '2026-01-01T00:00:00Z', value: 'not a number, refused by sensors alone' }] })).toBeUndefined();
  });

  it('refuses a JSON-like value deeper than 8 or larger than 64 KB', async () => {
    const query = 'query($v: JSON) { echo(value: $v) }';
    expect(await run(query, { v: nest(7) })).toBeUndefined();
    expect(await run(query, { v: [[[[[[[[[1]]]]]]]]] })).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(await run(query, { v: 'x'.repeat(64 * 1024) })).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(await run('mutation($r: [ReadingInput!]!) { ingest(readings: $r) }', { r: [{ sensorId: 'S-1', at: '2026-01-01T00:00:00Z', value: [[[[[[[[[1]]]]]]]]] }] })).toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('refuses any variable nested deeper than 8, declared or not', async () => {
    expect(await run('{ readings(from: "2026-01-01T00:00:00Z") }', { junk: nest(9) })).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(await run('{ readings(from: "2026-01-01T00:00:00Z") }', { junk: nest(8) })).toBeUndefined();
  });

  it('refuses literals: a DateTime that is not a short string, JSON nested too deep', async () => {
    expect(await run('{ readings(from: {a: {b: 1}}) }')).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(await run(`{ readings(from: "${'9'.repeat(65)}") }`)).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(await run('{ readings(from: "2026-01-01T00:00:00Z", when: ["2026-01-01T00:00:00Z", 5]) }')).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(await run(`{ echo(value: ${'['.repeat(9)}1${']'.repeat(9)}) }`)).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(await run(`{ echo(value: ${'['.repeat(8)}1${']'.repeat(8)}) }`)).toBeUndefined();
    expect(await run('mutation { ingest(readings: [{sensorId: "S-1", at: {x: 1}, value: 1}]) }')).toMatchObject({ code: 'BAD_USER_INPUT' });
  });
});
