import type { AccessLogEntry } from '../domain/access-log-chain.js';
import type { GrantRecord } from '../domain/grants.js';
import type { CitizenRecord, GranteeRecord } from './store.js';

/** Resolvers receive the stored record (sealed personal fields); the consent transform opens them when allowed. */
export type CitizenMapper = Pick<CitizenRecord, 'id'> & Partial<CitizenRecord>;
export type ConsentGrantMapper = GrantRecord;
export type GranteeMapper = Pick<GranteeRecord, 'id' | 'name' | 'kind'>;
export type AccessLogEntryMapper = AccessLogEntry;
