import type { AccessLogEntry } from '../domain/access-log-entry.js';
import type { GrantRecord } from '../domain/grants.js';
import type { InclusionProof } from '../services/transparency-log-service.js';
import type { Statute } from '../policy/statutes.js';
import type { ConsentRequestView } from '../services/consent-request-service.js';
import type { ApiKeyRecord, CitizenRecord, GranteeRecord, CitizenNotificationRecord, PersistedOperationRecord } from './store.js';

/** Resolvers receive the stored record (sealed personal fields); the consent transform opens them when allowed. */
export type CitizenMapper = Pick<CitizenRecord, 'id'> & Partial<CitizenRecord>;
export type ConsentGrantMapper = GrantRecord;
export type GranteeMapper = Pick<GranteeRecord, 'id' | 'name' | 'kind'>;
/** An entry with its inclusion proof against the head its page was read under (Citizen.accessLog adds it). */
export type AccessLogEntryMapper = AccessLogEntry & { proof?: InclusionProof | null };

/** A citizen's data export is only its key; each section is built from the citizen's records when asked for. */
export type DataExportMapper = { citizenId: string };
export type PartnerMapper = GranteeRecord;
export type ApiKeyMapper = ApiKeyRecord;
export type PartnerOperationMapper = PersistedOperationRecord;
export type StatuteMapper = Statute;
export type ConsentRequestMapper = ConsentRequestView;
export type NotificationMapper = CitizenNotificationRecord;
