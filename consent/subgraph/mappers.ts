import type { CitizenRecord } from './store.js';

/** Resolvers receive the stored record (sealed personal fields); the consent transform opens them when allowed. */
export type CitizenMapper = Pick<CitizenRecord, 'id'> & Partial<CitizenRecord>;
