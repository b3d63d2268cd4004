import type { RecordScope } from '../domain/record-scope.js';
import type { Collection, CollectionSpec, Store } from '../../platform/store/types.js';
import type { WrappedDataKey } from '../crypto/data-keys.js';
import type { TransparencyHeadRecord, TransparencyLeafRecord } from '../services/transparency-log-service.js';
import type { GrantRecord } from '../domain/grants.js';
import type { ScopeItem } from '../policy/grant-scope.js';
import type { DeliveryChannel, NotificationAudience, NotificationChannel, NotificationStatus, PartnerTopic } from '../domain/notifications.js';
import type { TemplateId } from '../notify/templates.js';
import type { Department } from '../../platform/services.js';
import type { Purpose } from '../../platform/principal.js';

/** A citizen as stored: every personal field is a sealed ciphertext (see consent/crypto/field-cipher.ts). */
export interface CitizenRecord {
  id: string;
  name: string;
  phone: string;
  dateOfBirth: string;
  homeAddress: string;
  /** Absent for a citizen who gave no e-mail address. */
  email?: string;
  /** The district the citizen lives in (D-01..D-16), sealed like every personal field; absent where never given. */
  homeDistrict?: string;
  createdAt: string;
}

/**
 * A message in the notification outbox (consent/services/notification-service.ts). It holds no personal value: the
 * address is opened at each attempt, under `statute`, and never stored here.
 */
export interface NotificationRecord {
  /** `<department>:<the department's own key>` (`:<citizen or partner id>` after it for a broadcast's recipients): enqueuing the same key twice stores one message. */
  id: string;
  /** The citizen it is for; '' for a partner's message (`partnerId`). */
  citizenId: string;
  partnerId?: string;
  /** A partner's message: the topic it subscribed to, whose webhook it goes to. */
  topic?: PartnerTopic;
  department: Department;
  purpose: Purpose;
  /** The statute that names this channel's contact field for (department, purpose); '' for a partner's message. */
  statute: string;
  channel: DeliveryChannel;
  template: TemplateId;
  params: Record<string, string>;
  status: NotificationStatus;
  attempts: number;
  /** When a worker may next take it: its due time, its retry time, or the end of a lease a worker did not finish. */
  nextAttemptAt: string;
  createdAt: string;
  deliveredAt?: string | null;
  lastError?: string | null;
}

/** A message to a citizen (what `me { notifications }` lists). */
export type CitizenNotificationRecord = NotificationRecord & { channel: NotificationChannel };

/**
 * A message for an audience (the residents of a district, the partners subscribed to a topic), waiting to be
 * expanded by a worker into one NotificationRecord per recipient (ids `<id>:<recipient>`, so expanding again after
 * a crash adds nothing). Holds no personal value, and no list of who lives where.
 */
export interface NotificationBroadcastRecord {
  /** `<department>:<the department's own key>`. */
  id: string;
  department: Department;
  purpose: Purpose;
  audience: NotificationAudience;
  /** For residents: the statute naming Citizen.homeDistrict, under which every citizen's district is opened. */
  audienceStatute: string;
  /** For residents: the statute naming the channel's contact field. */
  statute: string;
  channel: DeliveryChannel;
  template: TemplateId;
  params: Record<string, string>;
  status: 'PENDING' | 'EXPANDING' | 'DONE';
  attempts: number;
  /** Its due time, or the end of the lease of the worker expanding it. */
  nextAttemptAt: string;
  createdAt: string;
  /** How many recipients it was expanded into, once DONE. */
  recipients?: number;
  expandedAt?: string | null;
}

/** A partner's subscription to a topic: where its signed webhook goes. */
export interface PartnerSubscription {
  topic: PartnerTopic;
  url: string;
}

/** A data key, or its tombstone after erasure: the key material is gone, the fact of erasure stays. */
export interface DataKeyRecord extends Partial<WrappedDataKey> {
  id: string;
  erasedAt?: string;
}

/** A department or a partner that can hold consent grants. */
export interface GranteeRecord {
  id: string;
  kind: 'DEPARTMENT' | 'PARTNER';
  name: string;
  /** For partners: the purposes they may ask for. Departments' purposes are set by statute and grants. */
  purposes: string[];
  contact?: string;
  limits?: PartnerLimits;
  /** For partners: the scopes a key gets when issued without naming any (`key issue` without --scopes). */
  scopes?: string[];
  /** For partners: the topics it subscribed to and its webhook for each (`partner subscribe`). */
  subscriptions?: PartnerSubscription[];
  createdAt: string;
}

/** Per-partner limits; absent fields fall back to the defaults in gateway/rate-limit. */
export interface PartnerLimits {
  requestsPerMinute?: number;
  objectsPerMinute?: number;
}

/** An API key: only its keyed hash is stored; the key itself is shown once, at issue. */
export interface ApiKeyRecord {
  /** The public part of the key (`cgk_<id>_...`), used to find the record. */
  id: string;
  partnerId: string;
  hash: string;
  scopes: string[];
  createdAt: string;
  createdBy: string;
  expiresAt: string;
  revokedAt?: string | null;
  /** Set on a rotated key: the key that replaced it. */
  rotatedTo?: string | null;
}

/** An operation a partner may run, by the SHA-256 of its exact text, bound to purposes. */
export interface PersistedOperationRecord {
  /** `<partnerId>:<sha256>` */
  id: string;
  partnerId: string;
  sha256: string;
  document: string;
  purposes: string[];
  registeredAt: string;
  registeredBy: string;
}

/** Who changed partners, keys and operations, and when. Never holds a key. */
export interface AdminAuditRecord {
  id: string;
  at: string;
  actor: string;
  action: string;
  target: string;
  details: Record<string, unknown>;
}

/** How many times a grant with a daily fetch limit was used on one day. */
export interface GrantUsageRecord {
  id: string;
  grantId: string;
  day: string;
  count: number;
}

export interface BlindIndexRecord {
  /** The keyed hash itself. */
  id: string;
  kind: 'phone' | 'nationalId';
  citizenId: string;
}

/** A request for a citizen's consent (ARCHITECTURE §4). `delivered` is false when the citizen is unknown, erased or blocks the requester: the requester cannot tell (it stays PENDING until it expires), the citizen never sees it. */
export interface ConsentRequestRecord {
  id: string;
  citizenId: string;
  requesterId: string;
  requesterKind: 'DEPARTMENT' | 'PARTNER';
  purpose: string;
  scope: ScopeItem[];
  validUntil: string;
  reason: string;
  status: 'PENDING' | 'APPROVED' | 'DECLINED';
  delivered: boolean;
  createdAt: string;
  expiresAt: string;
  answeredAt?: string | null;
  grantId?: string | null;
  /** A one-record request (a one-ride consent): the approval covers these fields of this record only. */
  onlyRecord?: RecordScope | null;
}

/** A citizen's block on a requester: `<citizenId>|<requesterId>`. */
export interface RequesterBlockRecord {
  id: string;
  citizenId: string;
  requesterId: string;
  at: string;
}

/**
 * Free text about a citizen that the access log must not hold in clear (a break-glass justification, a partner's
 * end-user id): sealed under the citizen's data key (consent/services/sealed-notes.ts) together with the salt of
 * the hash that the log's entry carries. Erasure leaves only ciphertext and an unlinkable hash.
 */
export interface SealedNoteRecord {
  /** `<kind>|<requestId>|<citizenId>` */
  id: string;
  citizenId: string;
  kind: 'JUSTIFICATION' | 'END_USER';
  requestId: string;
  sealed: string;
  /** base64url SHA-256(salt || text); the salt is only inside `sealed`. */
  hash: string;
  at: string;
}

/** One break-glass release: an official reached a citizen for EMERGENCY (one per request and citizen). */
export interface BreakGlassUseRecord {
  /** `<requestId>|<citizenId>` */
  id: string;
  citizenId: string;
  department: string;
  official: string;
  /** `<department>:<official>`: the cap counts per official. */
  officialKey: string;
  requestId: string;
  at: string;
  /** The sealed note holding the justification (SealedNoteRecord id) and its salted hash. */
  noteId: string;
  justificationHash: string;
}

/**
 * The access log's leaves: an append-only log (ARCHITECTURE §6), typed columns in SQLite, BinData in MongoDB. The id
 * is the leaf index, so two writers can never store two leaves at one position. A citizen's leaves of one group
 * commit are consecutive, a run: its first leaf carries `runLength`, the others `runHead` (the first leaf's index).
 * The unique (citizen tag, position) index covers the first leaves only (in SQLite; MongoDB indexes every leaf): it
 * keeps each citizen's own log gap-free and unforked with concurrent writers, since a writer that believes a stale
 * position starts its run where another run already starts, and a staff view's five entries cost one index entry,
 * not five. The grant index covers grant state entries only (partial: most leaves have no grant). Nothing else is
 * indexed: every index costs every append (issue 11's budget of 20 µs per entry).
 */
export const TRANSPARENCY_LEAVES: CollectionSpec<TransparencyLeafRecord> = {
  name: 'transparency_leaves',
  indexes: ['grantId'],
  appendLog: {
    sequenceField: 'leafIndex',
    idDigits: 12,
    fields: {
      leafIndex: { type: 'integer' },
      leaf: { type: 'bytes' },
      hash: { type: 'bytes' },
      nodes: { type: 'bytesList' },
      citizenKey: { type: 'text' },
      citizenSeq: { type: 'integer' },
      runLength: { type: 'integer', optional: true },
      runHead: { type: 'integer', optional: true },
      grantId: { type: 'text', optional: true },
    },
    uniqueWhereAbsent: { fields: ['citizenKey', 'citizenSeq'], absent: 'runHead' },
    fromDocument: leafFromDocument,
  },
};

/**
 * A leaf as the consent store kept it before the append log (a JSON document, bytes as base64 text), as a record.
 * Read leniently: a damaged or tampered document becomes a record whose bytes do not verify, which verification
 * reports at its position, instead of a store that cannot open.
 */
export function leafFromDocument(doc: Record<string, unknown>): TransparencyLeafRecord {
  const bytes = (value: unknown) => Buffer.from(typeof value === 'string' ? value : '', 'base64');
  const fromId = typeof doc.id === 'string' && /^\d{12}$/.test(doc.id) ? Number(doc.id) : undefined;
  const leafIndex = Number.isSafeInteger(doc.leafIndex) && (doc.leafIndex as number) >= 0 ? (doc.leafIndex as number) : fromId;
  if (leafIndex === undefined) throw new Error(`transparency_leaves: a stored leaf has neither a leaf index nor a leaf id (${JSON.stringify(doc.id)})`);
  const record: TransparencyLeafRecord = {
    id: String(leafIndex).padStart(12, '0'),
    leafIndex,
    leaf: bytes(doc.leaf),
    hash: bytes(doc.hash),
    nodes: Array.isArray(doc.nodes) ? doc.nodes.map(bytes) : [],
    citizenKey: typeof doc.citizenKey === 'string' ? doc.citizenKey : '',
    citizenSeq: Number.isSafeInteger(doc.citizenSeq) ? (doc.citizenSeq as number) : 0,
  };
  if (typeof doc.grantId === 'string') record.grantId = doc.grantId;
  return record;
}

/** The only module that touches the consent service's database. */
export class ConsentStore {
  private constructor(
    readonly store: Store,
    readonly citizens: Collection<CitizenRecord>,
    readonly dataKeys: Collection<DataKeyRecord>,
    readonly blindIndex: Collection<BlindIndexRecord>,
    readonly grants: Collection<GrantRecord>,
    readonly grantees: Collection<GranteeRecord>,
    readonly grantUsage: Collection<GrantUsageRecord>,
    /** The access log: one hub-wide Merkle tree (ARCHITECTURE §4); see consent/services/transparency-log-service.ts. */
    readonly transparencyLeaves: Collection<TransparencyLeafRecord>,
    readonly transparencyHeads: Collection<TransparencyHeadRecord>,
    readonly apiKeys: Collection<ApiKeyRecord>,
    readonly persistedOperations: Collection<PersistedOperationRecord>,
    readonly adminAudit: Collection<AdminAuditRecord>,
    readonly consentRequests: Collection<ConsentRequestRecord>,
    readonly requesterBlocks: Collection<RequesterBlockRecord>,
    readonly sealedNotes: Collection<SealedNoteRecord>,
    readonly breakGlassUses: Collection<BreakGlassUseRecord>,
    readonly notifications: Collection<NotificationRecord>,
    readonly notificationBroadcasts: Collection<NotificationBroadcastRecord>,
  ) {}

  static async open(store: Store): Promise<ConsentStore> {
    return new ConsentStore(
      store,
      await store.collection<CitizenRecord>({ name: 'citizens' }),
      await store.collection<DataKeyRecord>({ name: 'data_keys' }),
      await store.collection<BlindIndexRecord>({ name: 'blind_index', indexes: ['citizenId'] }),
      await store.collection<GrantRecord>({ name: 'grants', indexes: [['citizenId', 'granteeId'], 'granteeId'] }),
      await store.collection<GranteeRecord>({ name: 'grantees', indexes: ['kind'] }),
      await store.collection<GrantUsageRecord>({ name: 'grant_usage', indexes: ['grantId'] }),
      await store.collection<TransparencyLeafRecord>(TRANSPARENCY_LEAVES),
      await store.collection<TransparencyHeadRecord>({ name: 'transparency_heads', indexes: ['treeSize'] }),
      await store.collection<ApiKeyRecord>({ name: 'api_keys', indexes: ['partnerId'] }),
      await store.collection<PersistedOperationRecord>({ name: 'persisted_operations', indexes: ['partnerId'] }),
      await store.collection<AdminAuditRecord>({ name: 'admin_audit', indexes: ['at', 'target'] }),
      await store.collection<ConsentRequestRecord>({ name: 'consent_requests', indexes: [['citizenId', 'createdAt'], ['requesterId', 'createdAt']] }),
      await store.collection<RequesterBlockRecord>({ name: 'requester_blocks', indexes: ['citizenId'] }),
      await store.collection<SealedNoteRecord>({ name: 'sealed_notes', indexes: ['citizenId'] }),
      await store.collection<BreakGlassUseRecord>({ name: 'break_glass_uses', indexes: [['officialKey', 'at'], ['citizenId', 'at'], 'at'] }),
      await store.collection<NotificationRecord>({ name: 'notifications', indexes: [['status', 'nextAttemptAt'], ['citizenId', 'createdAt']] }),
      await store.collection<NotificationBroadcastRecord>({ name: 'notification_broadcasts', indexes: [['status', 'nextAttemptAt']] }),
    );
  }
}
