import { describe, expect, it } from '@jest/globals';
import { findQuery, inChunks } from '../../../../platform/store/sqlite-sql.js';

describe('SQLite query helpers', () => {
  it('chunks ids under the parameter limit, each chunk padded to a power of two with its last id', () => {
    expect(inChunks([])).toEqual([]);
    expect(inChunks(['a'])).toEqual([['a']]);
    expect(inChunks(['a', 'b', 'c'])).toEqual([['a', 'b', 'c', 'c']]);
    const ids = Array.from({ length: 1300 }, (_, i) => `id-${i}`);
    const chunks = inChunks(ids);
    expect(chunks.map((c) => c.length)).toEqual([512, 512, 512]);
    // Every id is in exactly the chunk it belongs to; the padding only repeats a chunk's own last id.
    expect([...new Set(chunks.flat())]).toEqual(ids);
    expect(chunks[2]!.slice(276)).toEqual(Array(236).fill('id-1299'));
  });

  it('builds a find: the filter, then the sort, then the page, with every value bound', () => {
    const where = { sql: ' WHERE f_kind = ?', params: ['odd'] };
    expect(findQuery('doc FROM c_things', where, {}, (f) => `f_${f}`)).toEqual({ sql: 'SELECT doc FROM c_things WHERE f_kind = ?', params: ['odd'] });
    expect(findQuery('doc FROM c_things', where, { sort: [['n', -1], ['id', 1]], limit: 3 }, (f) => (f === 'id' ? 'id' : `f_${f}`))).toEqual({
      sql: 'SELECT doc FROM c_things WHERE f_kind = ? ORDER BY f_n DESC, id ASC LIMIT ? OFFSET ?',
      params: ['odd', 3, 0],
    });
    expect(findQuery('doc FROM c_things', { sql: '', params: [] }, { skip: 5 }, (f) => f).params).toEqual([-1, 5]);
    // The caller's parameters are not changed by paging.
    expect(where.params).toEqual(['odd']);
  });
});
