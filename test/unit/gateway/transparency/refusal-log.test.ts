import { describe, expect, it } from '@jest/globals';
import { parse } from 'graphql';
import { namedCitizens } from '../../../../gateway/transparency/refusal-log.js';

describe('the citizens a refused document names (gateway/transparency/refusal-log.ts)', () => {
  it('finds citizen(id:) written out or as a variable, once each, at most ten, and nothing that is not a citizen id', () => {
    const doc = parse('query($a: ID!, $b: ID!) { x: citizen(id: "C-0001") { name } y: citizen(id: $a) { name } z: citizen(id: $b) { name } w: citizen(id: "C-0001") { id } }');
    expect(namedCitizens(doc, { a: 'C-0002', b: 'robotaxi' })).toEqual(['C-0001', 'C-0002']);
    const many = parse(`{ ${Array.from({ length: 15 }, (_, i) => `c${i}: citizen(id: "C-${String(i).padStart(4, '0')}") { id }`).join(' ')} }`);
    expect(namedCitizens(many, {})).toHaveLength(10);
    expect(namedCitizens(parse('{ districts { id } }'), {})).toEqual([]);
  });
});
