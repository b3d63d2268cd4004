import { describe, expect, it } from '@jest/globals';
import { pathInAnswer, usePartialResults } from '../../../../gateway/plugins/partial-results.js';
import { contextOf, silent } from './support.js';

const data = { districts: [{ id: 'D-01', floodRisk: null, gauges: null }] };

describe('usePartialResults', () => {
  it('validates its options', () => {
    expect(() => usePartialResults({ logger: 'console' as never })).toThrow();
  });

  it('finds a path in the answer when every key along it is there, or an ancestor is null', () => {
    expect(pathInAnswer(data, ['districts', 0, 'floodRisk'])).toBe(true);
    expect(pathInAnswer(data, ['districts', 0, 'gauges', 2, 'sensor', 'kind'])).toBe(true);
    expect(pathInAnswer(null, ['me', 'name'])).toBe(true);
    expect(pathInAnswer(data, ['districts', 0, 'gaugeLevels'])).toBe(false);
    expect(pathInAnswer(data, ['districts', 3, 'floodRisk'])).toBe(false);
  });

  it('leaves out SUBGRAPH_UNAVAILABLE errors of fields the client did not select, and nothing else', async () => {
    const errors = [
      { message: 'u', path: ['districts', 0, 'gaugeLevels'], extensions: { code: 'SUBGRAPH_UNAVAILABLE' } },
      { message: 'u', path: ['districts', 0, 'floodRisk'], extensions: { code: 'SUBGRAPH_UNAVAILABLE' } },
      { message: 'c', path: ['districts', 0, 'elsewhere'], extensions: { code: 'CONSENT_REQUIRED' } },
    ];
    const response = { body: { kind: 'single' as const, singleResult: { data, errors } } };
    const listener = await usePartialResults({ logger: silent }).requestDidStart!({} as never);
    await listener!.willSendResponse!({ response, contextValue: contextOf() } as never);
    expect(response.body.singleResult.errors.map((e) => e.path.join('.'))).toEqual(['districts.0.floodRisk', 'districts.0.elsewhere']);
  });
});
