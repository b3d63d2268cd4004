import { describe, expect, it } from '@jest/globals';
import { loadPurposeScope, resolveScope, scopeCategories, scopeSubgraphs } from '../../../../consent/policy/grant-scope.js';
import { loadPersonalFields, personalFieldsOf } from '../../../../consent/policy/personal-fields.js';
import { scopeWords } from '../../../../consent/policy/plain-words.js';

const personal = loadPersonalFields();
const narrowing = loadPurposeScope();

describe('personal fields of the composed supergraph', () => {
  it('knows each @personal field’s category and owning subgraph', () => {
    expect(personal.get('Citizen.dateOfBirth')).toEqual({ coordinate: 'Citizen.dateOfBirth', category: 'IDENTITY', subgraph: 'consent' });
    expect(personal.get('CheckIn.at')).toEqual({ coordinate: 'CheckIn.at', category: 'LOCATION', subgraph: 'health' });
    expect(personal.get('Citizen.savedPlaces')).toMatchObject({ category: 'LOCATION', subgraph: 'transport' });
    expect(personal.has('District.name')).toBe(false);
  });

  it('refuses a personal field with no single owner', () => {
    const sdl = `enum join__Graph { A @join__graph(name: "health", url: "x") B @join__graph(name: "transport", url: "y") }
      type T @join__type(graph: A) @join__type(graph: B) { f: String @personal(category: LOCATION) }`;
    expect(() => personalFieldsOf(sdl)).toThrow(/no single owning subgraph/);
  });
});

describe('grant scope', () => {
  it('is the product of categories and subgraphs when subgraphs are given, in a fixed order', () => {
    const scope = resolveScope({ purpose: 'SERVICE_DELIVERY', categories: ['LOCATION', 'CONTACT'], subgraphs: ['transport', 'consent'] }, personal, narrowing);
    expect(scope).toEqual([
      { subgraph: 'consent', category: 'CONTACT' },
      { subgraph: 'consent', category: 'LOCATION' },
      { subgraph: 'transport', category: 'CONTACT' },
      { subgraph: 'transport', category: 'LOCATION' },
    ]);
    expect(scopeCategories(scope)).toEqual(['CONTACT', 'LOCATION']);
    expect(scopeSubgraphs(scope)).toEqual(['consent', 'transport']);
  });

  it('without subgraphs: every holder of the category, narrowed by the purpose map', () => {
    expect(resolveScope({ purpose: 'SERVICE_DELIVERY', categories: ['LOCATION'] }, personal, narrowing)).toEqual([
      { subgraph: 'health', category: 'LOCATION' },
      { subgraph: 'transport', category: 'LOCATION' },
    ]);
    expect(resolveScope({ purpose: 'TAXI_ASSIST', categories: ['LOCATION'] }, personal, narrowing)).toEqual([{ subgraph: 'transport', category: 'LOCATION' }]);
    expect(resolveScope({ purpose: 'SERVICE_DELIVERY', categories: ['HEALTH'] }, personal, narrowing)).toEqual([{ subgraph: 'health', category: 'HEALTH' }]);
    expect(resolveScope({ purpose: 'TAXI_ASSIST', categories: ['BIOMETRIC', 'LOCATION'] }, personal, narrowing)).toEqual([
      { subgraph: 'consent', category: 'BIOMETRIC' },
      { subgraph: 'transport', category: 'LOCATION' },
    ]);
  });

  it('says the scope in plain words in both languages', () => {
    const scope = [{ subgraph: 'transport' as const, category: 'LOCATION' as const }];
    expect(scopeWords(scope, 'TAXI_ASSIST', 'EN')).toBe('Transport’s record of where you go, for taxi help');
    expect(scopeWords(scope, 'TAXI_ASSIST', 'ZH_HANS')).toBe('交通部门关于您去过哪里的记录，用于出租车协助');
    const face = [{ subgraph: 'consent' as const, category: 'BIOMETRIC' as const }, ...scope];
    expect(scopeWords(face, 'TAXI_ASSIST', 'EN')).toBe('The city register’s record of your face and Transport’s record of where you go, for taxi help');
  });
});
