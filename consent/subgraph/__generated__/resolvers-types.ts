import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { CitizenMapper, ConsentGrantMapper, GranteeMapper, AccessLogEntryMapper, DataExportMapper, PartnerMapper, ApiKeyMapper, PartnerOperationMapper, StatuteMapper, ConsentRequestMapper, NotificationMapper } from '../mappers.js';
import type { ConsentContext } from '../context.js';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Omit<T, K extends keyof T> = Pick<T, Exclude<keyof T, K>>;
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** An ISO 8601 date-time in UTC, e.g. 2026-11-28T08:00:00.000Z. */
  DateTime: { input: string; output: string; }
  FieldSet: { input: unknown; output: unknown; }
  /** Any JSON value: an object, a list, a string, a number, a boolean or null. */
  JSON: { input: unknown; output: unknown; }
  link__Import: { input: unknown; output: unknown; }
  _FieldSet: { input: unknown; output: unknown; }
};

export type AccessDecision =
  | 'ALLOWED'
  | 'DENIED';

export type AccessLogConnection = {
  __typename?: 'AccessLogConnection';
  edges: Array<AccessLogEdge>;
  /** The signed head every entry's proof on this page is against. */
  head: SignedTreeHead;
  pageInfo: AccessLogPageInfo;
};

export type AccessLogEdge = {
  __typename?: 'AccessLogEdge';
  cursor: Scalars['String']['output'];
  node: AccessLogEntry;
};

/** One decision about your data. Carries no personal value. */
export type AccessLogEntry = {
  __typename?: 'AccessLogEntry';
  at: Scalars['DateTime']['output'];
  /** Why: SELF, BREAK_GLASS, STATUTE:<rule> or CONSENT:<grant id>. */
  basis: Maybe<Scalars['String']['output']>;
  /** An official used break-glass (EMERGENCY): shown first in the portal, with the reason given. */
  breakGlass: Scalars['Boolean']['output'];
  category: DataCategory;
  /** The refusal code, when denied. */
  code: Maybe<Scalars['String']['output']>;
  /** The field asked for, as Type.field. */
  coordinate: Scalars['String']['output'];
  /** A coalesced refusal: this many more identical attempts after the first one within the minute, up to `until`. */
  count: Maybe<Scalars['Int']['output']>;
  decision: AccessDecision;
  /** A change of one of your consents (coordinate ConsentGrant): which, its version, what was done and its new state. */
  grant: Maybe<AccessLogGrantChange>;
  /** Break-glass: salted hash of the official's reason (the reason is sealed beside the log). */
  justificationHash: Maybe<Scalars['String']['output']>;
  /** base64 of the exact leaf bytes (UTF-8 JSON); the leaf hash is SHA-256(0x00 || leaf). */
  leaf: Scalars['String']['output'];
  /** The entry's position in the city's transparency log (from 0). */
  leafIndex: Scalars['Int']['output'];
  principal: AccessPrincipal;
  /**
   * The inclusion proof of this entry against the head beside it (AccessLogConnection.head); null when the stored tree
   * is damaged where the proof would run (then nothing about the entry can be shown to be in the log).
   */
  proof: Maybe<InclusionProof>;
  purpose: Maybe<Purpose>;
  requestId: Scalars['String']['output'];
  seq: Scalars['Int']['output'];
  until: Maybe<Scalars['String']['output']>;
};

/**
 * A consent's new state as the log records it. A decision honours a consent only at the version recorded last here, with
 * the signed receipt whose SHA-256 is `receiptHash`.
 */
export type AccessLogGrantChange = {
  __typename?: 'AccessLogGrantChange';
  /**
   * GRANTED, PAUSED, RESUMED, REVOKED, ENDED (a one-ride consent ended with its ride), SCOPE_MIGRATED, or RECORDED (a
   * consent given before changes were logged).
   */
  action: Scalars['String']['output'];
  grantId: Scalars['ID']['output'];
  /** base64 of the SHA-256 of the signed receipt for this state. */
  receiptHash: Scalars['String']['output'];
  status: ConsentStatus;
  version: Scalars['Int']['output'];
};

export type AccessLogPageInfo = {
  __typename?: 'AccessLogPageInfo';
  endCursor: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
};

export type AccessLogVerification = {
  __typename?: 'AccessLogVerification';
  checkedEntries: Scalars['Int']['output'];
  /** The first sequence number that does not verify; null when ok. */
  firstBadSeq: Maybe<Scalars['Int']['output']>;
  ok: Scalars['Boolean']['output'];
};

export type AccessPrincipal = {
  __typename?: 'AccessPrincipal';
  /** Partners: salted hash of the partner's own customer (X-End-User); the id itself is sealed, never logged. */
  endUserHash: Maybe<Scalars['String']['output']>;
  /**
   * A department's grantee id (e.g. transport) or a partner's id. A citizen is never named by their id: SELF on their
   * own data; on someone else's data their transparency tag (or UNKNOWN when the city holds no key for them), named
   * "Another citizen". Entries written before this rule may hold a citizen's id.
   */
  id: Scalars['ID']['output'];
  kind: PrincipalKind;
  /** A department's or partner's display name; SELF or Another citizen for a citizen. */
  name: Scalars['String']['output'];
  /** Staff: the named official who made the request (e.g. T-0042). */
  official: Maybe<Scalars['String']['output']>;
};

export type AdminAuditEntry = {
  __typename?: 'AdminAuditEntry';
  action: Scalars['String']['output'];
  actor: Scalars['String']['output'];
  at: Scalars['DateTime']['output'];
  /** The change, as JSON. */
  details: Scalars['String']['output'];
  target: Scalars['String']['output'];
};

export type ApiKey = {
  __typename?: 'ApiKey';
  createdAt: Scalars['DateTime']['output'];
  expiresAt: Scalars['DateTime']['output'];
  id: Scalars['ID']['output'];
  partnerId: Scalars['ID']['output'];
  revokedAt: Maybe<Scalars['DateTime']['output']>;
  rotatedTo: Maybe<Scalars['ID']['output']>;
  scopes: Array<Scalars['String']['output']>;
  status: ApiKeyStatus;
};

export type ApiKeyStatus =
  | 'ACTIVE'
  | 'EXPIRED'
  | 'REVOKED'
  | 'ROTATED';

/**
 * One break-glass release: a named official with the emergency role reached a citizen's identity and contact details
 * for EMERGENCY, giving a reason. The reason is kept sealed under the citizen's data key: after erasure it is null.
 */
export type BreakGlassUse = {
  __typename?: 'BreakGlassUse';
  at: Scalars['DateTime']['output'];
  /** The citizen reached; ERASED once that citizen's data was erased (the use stays, without whom it reached). */
  citizenId: Scalars['ID']['output'];
  /** The department's grantee id (e.g. transport). */
  department: Scalars['String']['output'];
  departmentName: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  /** The reason the official gave; null once the citizen's data was erased. */
  justification: Maybe<Scalars['String']['output']>;
  /** Salted SHA-256 of the reason, as the access-log entry holds it. */
  justificationHash: Scalars['String']['output'];
  /** The official who used it. */
  official: Scalars['String']['output'];
  requestId: Scalars['String']['output'];
};

/** A resident of the city. The consent service is the authority on who they are and who may see their data. */
export type Citizen = {
  __typename?: 'Citizen';
  /** Who decided about your data, newest first. Only you can see it. */
  accessLog: Maybe<AccessLogConnection>;
  /** Checks that no entry of your access log was altered, removed or reordered. */
  accessLogVerification: Maybe<AccessLogVerification>;
  /** Departments and partners you stopped from asking you. Only you can see them. */
  blockedRequesters: Maybe<Array<Grantee>>;
  /** Every time an official used break-glass to reach you, newest first, with the reason they gave. Only you can see it. */
  breakGlassUses: Maybe<Array<BreakGlassUse>>;
  /** Requests for your consent, newest first. Only you can see them. */
  consentRequests: Maybe<Array<ConsentRequest>>;
  /** Your consents, newest first. Only you can see them. */
  consents: Maybe<Array<ConsentGrant>>;
  /** Date of birth, YYYY-MM-DD. */
  dateOfBirth: Maybe<Scalars['String']['output']>;
  /** Where the city e-mails you (notifications), if you gave an address. */
  email: Maybe<Scalars['String']['output']>;
  /** Everything the hub holds about you, as one JSON document per department. Only you can read it. */
  export: Maybe<DataExport>;
  homeAddress: Maybe<Scalars['String']['output']>;
  /**
   * The district you live in (D-01..D-16), part of your address. The water department's notifier may read it only
   * under the flood-warning statute, to warn the residents of a district in flood; each reading is in your access log.
   */
  homeDistrict: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  name: Maybe<Scalars['String']['output']>;
  /** What the city has told you, or is trying to, newest first. Only you can see them. */
  notifications: Maybe<Array<Notification>>;
  phone: Maybe<Scalars['String']['output']>;
};


/** A resident of the city. The consent service is the authority on who they are and who may see their data. */
export type CitizenAccessLogArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


/** A resident of the city. The consent service is the authority on who they are and who may see their data. */
export type CitizenBreakGlassUsesArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
};


/** A resident of the city. The consent service is the authority on who they are and who may see their data. */
export type CitizenConsentRequestsArgs = {
  status?: InputMaybe<ConsentRequestStatus>;
};


/** A resident of the city. The consent service is the authority on who they are and who may see their data. */
export type CitizenNotificationsArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
};

export type ConsentAction =
  /** A one-ride consent ended with its ride (the consent is EXPIRED from then on). */
  | 'ENDED'
  | 'GRANTED'
  | 'PAUSED'
  | 'RESUMED'
  | 'REVOKED';

export type ConsentChange = {
  __typename?: 'ConsentChange';
  action: ConsentAction;
  at: Scalars['DateTime']['output'];
  status: ConsentStatus;
};

/** A consent artefact (after the DEPA consent artefact and ISO/IEC TS 27560). */
export type ConsentGrant = {
  __typename?: 'ConsentGrant';
  /** The kinds of data in the scope. */
  categories: Array<DataCategory>;
  changedAt: Scalars['DateTime']['output'];
  createdAt: Scalars['DateTime']['output'];
  fetchLimitPerDay: Maybe<Scalars['Int']['output']>;
  grantee: Grantee;
  history: Array<ConsentChange>;
  id: Scalars['ID']['output'];
  /** A one-ride consent: only these fields of this one record, ending with it. Null for an ordinary consent. */
  onlyRecord: Maybe<ConsentRecordScope>;
  purpose: Purpose;
  /** A signed, self-contained record of the latest change, to keep: <payload>.<Ed25519 signature>, base64url. */
  receipt: Scalars['String']['output'];
  /** Exactly what the grant covers: kinds of data as held by named subgraphs. */
  scope: Array<ConsentScope>;
  status: ConsentStatus;
  /** The subgraphs in the scope. */
  subgraphs: Array<Scalars['String']['output']>;
  /** The scope and purpose in plain words, e.g. "Transport’s record of where you go, for taxi help". */
  summary: Scalars['String']['output'];
  validFrom: Scalars['DateTime']['output'];
  validUntil: Scalars['DateTime']['output'];
};


/** A consent artefact (after the DEPA consent artefact and ISO/IEC TS 27560). */
export type ConsentGrantSummaryArgs = {
  language?: InputMaybe<Language>;
};

/** One record a consent is limited to (a one-ride consent: one taxi ride's pickup and destination). */
export type ConsentRecordScope = {
  __typename?: 'ConsentRecordScope';
  /** The fields released, e.g. TaxiRide.pickup. */
  fields: Array<Scalars['String']['output']>;
  /** The record's id, e.g. the ride's id. */
  id: Scalars['ID']['output'];
  /** The subgraph holding the record, e.g. transport. */
  subgraph: Scalars['String']['output'];
  /** The kind of record, e.g. TaxiRide. */
  type: Scalars['String']['output'];
};

/** A request for consent (after DEPA's consent request): who asks, for what, why, until when the citizen can answer. */
export type ConsentRequest = {
  __typename?: 'ConsentRequest';
  answeredAt: Maybe<Scalars['DateTime']['output']>;
  categories: Array<DataCategory>;
  createdAt: Scalars['DateTime']['output'];
  expiresAt: Scalars['DateTime']['output'];
  /** The consent an approval created. */
  grant: Maybe<ConsentGrant>;
  id: Scalars['ID']['output'];
  /** A one-ride request: the consent would cover only these fields of this one record, ending with it. */
  onlyRecord: Maybe<ConsentRecordScope>;
  purpose: Purpose;
  reason: Scalars['String']['output'];
  requester: Grantee;
  /** Exactly what the consent would cover. */
  scope: Array<ConsentScope>;
  status: ConsentRequestStatus;
  subgraphs: Array<Scalars['String']['output']>;
  /** What is asked for, in plain words. */
  summary: Scalars['String']['output'];
  validUntil: Scalars['DateTime']['output'];
};


/** A request for consent (after DEPA's consent request): who asks, for what, why, until when the citizen can answer. */
export type ConsentRequestSummaryArgs = {
  language?: InputMaybe<Language>;
};

export type ConsentRequestInput = {
  categories: Array<DataCategory>;
  citizenId: Scalars['ID']['input'];
  /** Until when the citizen can answer; defaults to 14 days, at most 30. */
  expiresAt?: InputMaybe<Scalars['DateTime']['input']>;
  purpose: Purpose;
  /** Why, in plain words shown to the citizen: at most 280 characters. */
  reason: Scalars['String']['input'];
  /** The subgraphs asked for; omitted: every subgraph holding those categories, narrowed by the purpose map. */
  subgraphs?: InputMaybe<Array<Scalars['String']['input']>>;
  /** Until when the consent would last. */
  validUntil: Scalars['DateTime']['input'];
};

export type ConsentRequestStatus =
  | 'APPROVED'
  | 'DECLINED'
  | 'EXPIRED'
  | 'PENDING';

/** One kind of data as held by one subgraph. */
export type ConsentScope = {
  __typename?: 'ConsentScope';
  category: DataCategory;
  /** The subgraph holding the data (consent, health, licensing, transport, water, sensors). */
  subgraph: Scalars['String']['output'];
};

export type ConsentStatus =
  | 'ACTIVE'
  | 'EXPIRED'
  | 'PAUSED'
  | 'REVOKED';

/** A consistency proof between two tree sizes: base64 hashes, RFC 9162 §2.1.4.1. */
export type ConsistencyProof = {
  __typename?: 'ConsistencyProof';
  fromSize: Scalars['Int']['output'];
  proof: Array<Scalars['String']['output']>;
  toSize: Scalars['Int']['output'];
};

/** What kind of personal data a field holds. */
export type DataCategory =
  | 'BIOMETRIC'
  | 'CONTACT'
  | 'FINANCIAL'
  | 'HEALTH'
  | 'IDENTITY'
  | 'LOCATION';

/**
 * Everything the hub holds about one citizen, every department's part in its own section (the right of access and
 * portability). Only the citizen can read it: not even a statute lets a department or partner fetch an export.
 */
export type DataExport = {
  __typename?: 'DataExport';
  citizenId: Scalars['ID']['output'];
  /** When the export was put together. */
  generatedAt: Scalars['DateTime']['output'];
  /**
   * The citizen register's part: name, phone, date of birth, home address, every consent with its history and
   * receipt, and the number of access-log entries with the log's verification.
   */
  identity: Maybe<Scalars['JSON']['output']>;
};

export type EnrollFaceAssistedInput = {
  /** The citizen's city card number, e.g. `C-0001`. */
  cardNumber: Scalars['ID']['input'];
  /** 512 numbers of unit length, computed by the desk's camera; never a photo. */
  embedding: Array<Scalars['Float']['input']>;
  /**
   * The citizen also wants kiosks to show them their health pass: records a second consent, to transport for
   * TRANSIT_ACCESS with the scope [(consent, BIOMETRIC), (health, HEALTH)], one year.
   */
  healthPass?: InputMaybe<Scalars['Boolean']['input']>;
  /** The PIN the citizen typed on the desk's keypad: 4 to 8 digits. Never stored, logged or echoed. */
  pin: Scalars['String']['input'];
};

/** What the official sees: that the face is enrolled, and until when the citizen's consent lasts. Nothing else. */
export type EnrollFaceAssistedPayload = {
  __typename?: 'EnrollFaceAssistedPayload';
  consentValidUntil: Scalars['DateTime']['output'];
  enrolledAt: Scalars['DateTime']['output'];
  /** Whether kiosks may now show the citizen their health pass (the second consent was recorded or already active). */
  healthPassAtKiosks: Scalars['Boolean']['output'];
};

export type EnrollFacePayload = {
  __typename?: 'EnrollFacePayload';
  /** The consent to the transport department that the enrolment recorded (or kept, when re-enrolling). */
  consent: ConsentGrant;
  enrolledAt: Scalars['DateTime']['output'];
};

export type ErasureReceipt = {
  __typename?: 'ErasureReceipt';
  erasedAt: Scalars['DateTime']['output'];
  receipt: Scalars['String']['output'];
};

export type GrantConsentInput = {
  categories: Array<DataCategory>;
  /** At most this many requests a day may use this consent. */
  fetchLimitPerDay?: InputMaybe<Scalars['Int']['input']>;
  granteeId: Scalars['ID']['input'];
  purpose: Purpose;
  /**
   * The subgraphs (e.g. transport) whose data of those categories the grant covers: the scope is their product with
   * the categories. Omitted: every subgraph that holds personal data of those categories, narrowed by the city's
   * purpose map (taxi help: transport only). The answer's `scope` shows the result.
   */
  subgraphs?: InputMaybe<Array<Scalars['String']['input']>>;
  /** Defaults to now. */
  validFrom?: InputMaybe<Scalars['DateTime']['input']>;
  validUntil: Scalars['DateTime']['input'];
};

/** A department or partner company that can be given consent. */
export type Grantee = {
  __typename?: 'Grantee';
  id: Scalars['ID']['output'];
  kind: GranteeKind;
  name: Scalars['String']['output'];
};

export type GranteeKind =
  | 'DEPARTMENT'
  | 'PARTNER';

/** An inclusion proof (audit path, base64 hashes, leaf side first) of one leaf in the tree of treeSize leaves. */
export type InclusionProof = {
  __typename?: 'InclusionProof';
  auditPath: Array<Scalars['String']['output']>;
  leafIndex: Scalars['Int']['output'];
  treeSize: Scalars['Int']['output'];
};

export type IssueApiKeyInput = {
  /** How long the key lasts: 30d, 12h or 90m (at most 366d). */
  expiresIn: Scalars['String']['input'];
  partnerId: Scalars['ID']['input'];
  /** Each <subgraph>:read or <subgraph>:write (consent, health, licensing, transport, water, sensors); empty: the partner's registered scopes. */
  scopes: Array<Scalars['String']['input']>;
};

export type IssuedApiKey = {
  __typename?: 'IssuedApiKey';
  apiKey: ApiKey;
  /** Shown once. Send it as: Authorization: ApiKey <key> */
  key: Scalars['String']['output'];
  /** For a rotation: until when the replaced key still works. */
  replacedKeyValidUntil: Maybe<Scalars['DateTime']['output']>;
};

/** A language the city answers plain-words text in. */
export type Language =
  | 'EN'
  | 'ZH_HANS';

export type Mutation = {
  __typename?: 'Mutation';
  /** Stop a department or partner from asking you for consent; its pending requests to you are declined. */
  blockRequester: Array<Grantee>;
  /**
   * Enrol your face for kiosk taxis: send a face embedding computed on your device (512 numbers of unit length),
   * never a photo. The hub keeps only a protected template (BioHashing under a secret of yours, encrypted with your
   * data key), never the embedding. Enrolling also records your consent for the transport department to check your
   * face for TAXI_ASSIST, with the scope [(consent, BIOMETRIC), (transport, LOCATION)]: your face template here and
   * your saved places in transport, nothing else. Revoke it like any other consent, or with revokeFace.
   * Enrolling again replaces the template (the old one can no longer match).
   */
  enrollFace: EnrollFacePayload;
  /**
   * Assisted enrolment at a service centre, for citizens without a phone: an official (transport department staff,
   * X-Purpose SERVICE_DELIVERY) sends the embedding the desk's camera computed, and the citizen confirms with their
   * city card number and the PIN they type themself. It records the same consent as enrollFace (transport,
   * TAXI_ASSIST, [(consent, BIOMETRIC), (transport, LOCATION)], one year), granted by the citizen; the citizen's access
   * log names the official. A wrong card number or PIN is BAD_USER_INPUT with one message for both; five wrong PINs
   * in a row lock the card's PIN for 15 minutes. Nothing is stored unless the PIN is right.
   */
  enrollFaceAssisted: EnrollFaceAssistedPayload;
  /** Erase your personal data everywhere in the city by destroying the key it is encrypted with. Cannot be undone. */
  eraseMyData: ErasureReceipt;
  /** Let a department or partner use some kinds of your data for one purpose, until a date you choose. */
  grantConsent: ConsentGrant;
  /** Issues a key; the key is in this answer only and cannot be shown again. Administrators only. */
  issueApiKey: IssuedApiKey;
  /** Stop a consent for now; resume it later. */
  pauseConsent: ConsentGrant;
  /** Registers or updates a partner. Administrators only. */
  registerPartner: Partner;
  /** Adds an operation to a partner's safelist, bound to purposes. Administrators only. */
  registerPartnerOperation: PartnerOperation;
  /**
   * Ask a citizen for consent (a department's staff, or a partner whose key has consent:write). Only for a purpose
   * the requester may use and, for a partner, only subgraphs its key's scopes name. The answer looks the same
   * whoever the citizen is (unknown, erased or blocking you included). At most 100 requests a day per requester.
   */
  requestConsent: ConsentRequest;
  /** Answer a request addressed to you: approve (a consent covering exactly what was asked, with a receipt) or decline. */
  respondToConsentRequest: ConsentRequest;
  resumeConsent: ConsentGrant;
  /** Revokes a key; every gateway refuses it within 5 seconds. Administrators only. */
  revokeApiKey: ApiKey;
  /** Withdraw a consent for good. The grantee's very next request is refused. */
  revokeConsent: ConsentGrant;
  /** Delete your face template and its secret, and revoke the consent the enrolment recorded. */
  revokeFace: RevokeFacePayload;
  /** Issues a replacement; the old key keeps working for 24 hours. Administrators only. */
  rotateApiKey: IssuedApiKey;
  /** Let a blocked department or partner ask you again. */
  unblockRequester: Array<Grantee>;
};


export type MutationBlockRequesterArgs = {
  requesterId: Scalars['ID']['input'];
};


export type MutationEnrollFaceArgs = {
  embedding: Array<Scalars['Float']['input']>;
};


export type MutationEnrollFaceAssistedArgs = {
  input: EnrollFaceAssistedInput;
};


export type MutationGrantConsentArgs = {
  input: GrantConsentInput;
};


export type MutationIssueApiKeyArgs = {
  input: IssueApiKeyInput;
};


export type MutationPauseConsentArgs = {
  id: Scalars['ID']['input'];
};


export type MutationRegisterPartnerArgs = {
  input: RegisterPartnerInput;
};


export type MutationRegisterPartnerOperationArgs = {
  input: RegisterPartnerOperationInput;
};


export type MutationRequestConsentArgs = {
  input: ConsentRequestInput;
};


export type MutationRespondToConsentRequestArgs = {
  approve: Scalars['Boolean']['input'];
  id: Scalars['ID']['input'];
};


export type MutationResumeConsentArgs = {
  id: Scalars['ID']['input'];
};


export type MutationRevokeApiKeyArgs = {
  keyId: Scalars['ID']['input'];
};


export type MutationRevokeConsentArgs = {
  id: Scalars['ID']['input'];
};


export type MutationRotateApiKeyArgs = {
  keyId: Scalars['ID']['input'];
};


export type MutationUnblockRequesterArgs = {
  requesterId: Scalars['ID']['input'];
};

/**
 * A message a department sent you through the city's notification service. The department named what it is about;
 * the consent service looked up your contact details under the statute shown, logged that in your access log, and
 * delivered it. The message itself carries no personal detail of yours.
 */
export type Notification = {
  __typename?: 'Notification';
  /** How many times delivery was tried. */
  attempts: Scalars['Int']['output'];
  channel: NotificationChannel;
  createdAt: Scalars['DateTime']['output'];
  /** When it was delivered; null until then. */
  deliveredAt: Maybe<Scalars['DateTime']['output']>;
  /** The department that sent it (its grantee id, e.g. water). */
  department: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  /** What it is about. */
  kind: NotificationKind;
  /** Why the last attempt did not deliver (a stable code), while it is retried or after it failed. */
  lastError: Maybe<Scalars['String']['output']>;
  purpose: Purpose;
  status: NotificationStatus;
  /** The statute that let the department use your contact details for it (e.g. FLOOD_WARNING_ACT). */
  statute: Scalars['String']['output'];
  /** What it says, in plain words. */
  text: Scalars['String']['output'];
  /** Its title (an e-mail's subject), in plain words. */
  title: Scalars['String']['output'];
};


/**
 * A message a department sent you through the city's notification service. The department named what it is about;
 * the consent service looked up your contact details under the statute shown, logged that in your access log, and
 * delivered it. The message itself carries no personal detail of yours.
 */
export type NotificationTextArgs = {
  language?: InputMaybe<Language>;
};


/**
 * A message a department sent you through the city's notification service. The department named what it is about;
 * the consent service looked up your contact details under the statute shown, logged that in your access log, and
 * delivered it. The message itself carries no personal detail of yours.
 */
export type NotificationTitleArgs = {
  language?: InputMaybe<Language>;
};

export type NotificationChannel =
  | 'EMAIL'
  | 'SMS';

export type NotificationKind =
  | 'FLOOD_CLEARED'
  | 'FLOOD_WARNING'
  | 'LICENCE_REMINDER';

export type NotificationStatus =
  | 'DELIVERED'
  /** Every attempt failed; no more will be made. */
  | 'FAILED'
  /** Waiting for its first attempt. */
  | 'PENDING'
  /** Not sent: the law did not allow your contact details to be used for it, or there are none for this channel. */
  | 'REFUSED'
  /** An attempt failed; it will be tried again. */
  | 'RETRYING';

export type Partner = {
  __typename?: 'Partner';
  contact: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  limits: Maybe<PartnerLimits>;
  name: Scalars['String']['output'];
  purposes: Array<Purpose>;
  /** The scopes a key gets when issued without naming any. */
  scopes: Array<Scalars['String']['output']>;
};

export type PartnerLimits = {
  __typename?: 'PartnerLimits';
  objectsPerMinute: Maybe<Scalars['Int']['output']>;
  requestsPerMinute: Maybe<Scalars['Int']['output']>;
};

export type PartnerLimitsInput = {
  objectsPerMinute?: InputMaybe<Scalars['Int']['input']>;
  requestsPerMinute?: InputMaybe<Scalars['Int']['input']>;
};

export type PartnerOperation = {
  __typename?: 'PartnerOperation';
  partnerId: Scalars['ID']['output'];
  purposes: Array<Purpose>;
  registeredAt: Scalars['DateTime']['output'];
  sha256: Scalars['String']['output'];
};

export type PrincipalKind =
  | 'ADMIN'
  | 'ANONYMOUS'
  | 'CITIZEN'
  | 'PARTNER'
  /** A department's own processing (recomputing health codes, reminders, alerts), released only what a statute names. */
  | 'SERVICE'
  | 'STAFF';

/** Why data is used. */
export type Purpose =
  | 'EMERGENCY'
  | 'FLOOD_RESPONSE'
  | 'LICENSING'
  | 'PUBLIC_HEALTH'
  | 'RESEARCH'
  | 'SERVICE_DELIVERY'
  | 'TAXI_ASSIST'
  | 'TRANSIT_ACCESS';

export type Query = {
  __typename?: 'Query';
  /** Who changed partners, keys and operations, newest first. Administrators only. */
  adminAuditTrail: Array<AdminAuditEntry>;
  /** API keys (never the keys themselves). Administrators only. */
  apiKeys: Array<ApiKey>;
  /**
   * Break-glass releases (X-Purpose: EMERGENCY), newest first, for review. Administrators only. Filters are optional;
   * `since` is an ISO 8601 time.
   */
  breakGlassUses: Array<BreakGlassUse>;
  /** A citizen by id. Reveals nothing but the id unless the citizen or the law allows more. */
  citizen: Maybe<Citizen>;
  /** The consent authority's public key (Ed25519, base64url): verifies receipts and access-log checkpoints. */
  consentAuthorityPublicKey: Scalars['String']['output'];
  /** A consent request, for the citizen it is addressed to or the requester who made it; null for anyone else. */
  consentRequest: Maybe<ConsentRequest>;
  /** Departments and partners a citizen can grant consent to. */
  grantees: Array<Grantee>;
  /** The signed-in citizen; null for anyone who is not signed in as a citizen. */
  me: Maybe<Citizen>;
  /** Registered partner companies. Administrators only. */
  partners: Array<Partner>;
  /** What the law allows without your consent: every statute, by department, purpose and named fields. Public. */
  statutes: Array<Statute>;
  /** Proves that the tree of fromSize leaves is a prefix of the tree of toSize leaves (RFC 9162 §2.1.4). Public. */
  transparencyConsistency: ConsistencyProof;
  /**
   * The newest signed tree head of the access log (RFC 9162 transparency log over every entry, ARCHITECTURE §4).
   * Public: anyone can keep it and later ask for a consistency proof from it.
   */
  transparencyHead: SignedTreeHead;
};


export type QueryAdminAuditTrailArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryApiKeysArgs = {
  partnerId?: InputMaybe<Scalars['ID']['input']>;
};


export type QueryBreakGlassUsesArgs = {
  citizenId?: InputMaybe<Scalars['ID']['input']>;
  department?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  official?: InputMaybe<Scalars['String']['input']>;
  since?: InputMaybe<Scalars['DateTime']['input']>;
};


export type QueryCitizenArgs = {
  id: Scalars['ID']['input'];
};


export type QueryConsentRequestArgs = {
  id: Scalars['ID']['input'];
};


export type QueryTransparencyConsistencyArgs = {
  fromSize: Scalars['Int']['input'];
  toSize: Scalars['Int']['input'];
};

export type RegisterPartnerInput = {
  contact?: InputMaybe<Scalars['String']['input']>;
  id: Scalars['ID']['input'];
  limits?: InputMaybe<PartnerLimitsInput>;
  name: Scalars['String']['input'];
  purposes: Array<Purpose>;
  /** The scopes a key gets when issued without naming any (<subgraph>:read or :write). Omitted: kept as registered. */
  scopes?: InputMaybe<Array<Scalars['String']['input']>>;
};

export type RegisterPartnerOperationInput = {
  /** The operation's exact text; partners send this text or its SHA-256 (extensions.persistedQuery.sha256Hash). */
  document: Scalars['String']['input'];
  partnerId: Scalars['ID']['input'];
  purposes: Array<Purpose>;
};

export type RevokeFacePayload = {
  __typename?: 'RevokeFacePayload';
  /** The enrolment's consent, now revoked; null if it no longer exists. */
  consent: Maybe<ConsentGrant>;
  revokedAt: Scalars['DateTime']['output'];
};

/**
 * A signed tree head: the consent authority's Ed25519 signature (base64) over the UTF-8 text
 * `citygraph-sth-v1\n<treeSize>\n<rootHash>\n<timestamp>`. rootHash is the base64 SHA-256 Merkle tree hash.
 */
export type SignedTreeHead = {
  __typename?: 'SignedTreeHead';
  /** Hex of the first 16 bytes of SHA-256 over the signing key's raw public key. */
  keyId: Scalars['String']['output'];
  rootHash: Scalars['String']['output'];
  signature: Scalars['String']['output'];
  /** ISO 8601. */
  timestamp: Scalars['String']['output'];
  treeSize: Scalars['Int']['output'];
};

/**
 * A statute (a reviewed policy file): the department it lets read, for one purpose, exactly the named personal fields
 * (`Type.field`), without the citizen's consent. It never releases a whole category.
 */
export type Statute = {
  __typename?: 'Statute';
  /** The department whose staff it applies to (its grantee id, e.g. transport). */
  department: Scalars['String']['output'];
  /** What it allows, in plain words. */
  description: Scalars['String']['output'];
  /** The field coordinates it releases, each a @personal field of the graph. */
  fields: Array<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  legalReference: Scalars['String']['output'];
  purpose: Purpose;
};


/**
 * A statute (a reviewed policy file): the department it lets read, for one purpose, exactly the named personal fields
 * (`Type.field`), without the citizen's consent. It never releases a whole category.
 */
export type StatuteDescriptionArgs = {
  language?: InputMaybe<Language>;
};

export type WithIndex<TObject> = TObject & Record<string, any>;
export type ResolversObject<TObject> = WithIndex<TObject>;

export type ResolverTypeWrapper<T> = Promise<T> | T;

export type ReferenceResolver<TResult, TReference, TContext> = (
      reference: TReference,
      context: TContext,
      info: GraphQLResolveInfo
    ) => Promise<TResult> | TResult;

      type ScalarCheck<T, S> = S extends true ? T : NullableCheck<T, S>;
      type NullableCheck<T, S> = Maybe<T> extends T ? Maybe<ListCheck<NonNullable<T>, S>> : ListCheck<T, S>;
      type ListCheck<T, S> = T extends (infer U)[] ? NullableCheck<U, S>[] : GraphQLRecursivePick<T, S>;
      export type GraphQLRecursivePick<T, S> = { [K in keyof T & keyof S]: ScalarCheck<T[K], S[K]> };
    

export type ResolverWithResolve<TResult, TParent, TContext, TArgs> = {
  resolve: ResolverFn<TResult, TParent, TContext, TArgs>;
};
export type Resolver<TResult, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = ResolverFn<TResult, TParent, TContext, TArgs> | ResolverWithResolve<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<TResult, TKey extends string, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<TResult, TKey extends string, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<TTypes, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (
  parent: TParent,
  context: TContext,
  info: GraphQLResolveInfo
) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<T = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (obj: T, context: TContext, info: GraphQLResolveInfo) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<TResult = Record<PropertyKey, never>, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

/** Mapping of federation types */
export type FederationTypes = ResolversObject<{
  Citizen: Citizen;
  DataExport: DataExport;
}>;

/** Mapping of federation reference types */
export type FederationReferenceTypes = ResolversObject<{
  Citizen:
    ( { __typename: 'Citizen' }
    & GraphQLRecursivePick<FederationTypes['Citizen'], {"id":true}> );
  DataExport:
    ( { __typename: 'DataExport' }
    & GraphQLRecursivePick<FederationTypes['DataExport'], {"citizenId":true}> );
}>;



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = ResolversObject<{
  AccessDecision: AccessDecision;
  AccessLogConnection: ResolverTypeWrapper<Omit<AccessLogConnection, 'edges'> & { edges: Array<ResolversTypes['AccessLogEdge']> }>;
  AccessLogEdge: ResolverTypeWrapper<Omit<AccessLogEdge, 'node'> & { node: ResolversTypes['AccessLogEntry'] }>;
  AccessLogEntry: ResolverTypeWrapper<AccessLogEntryMapper>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  AccessLogGrantChange: ResolverTypeWrapper<AccessLogGrantChange>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  AccessLogPageInfo: ResolverTypeWrapper<AccessLogPageInfo>;
  AccessLogVerification: ResolverTypeWrapper<AccessLogVerification>;
  AccessPrincipal: ResolverTypeWrapper<AccessPrincipal>;
  AdminAuditEntry: ResolverTypeWrapper<AdminAuditEntry>;
  ApiKey: ResolverTypeWrapper<ApiKeyMapper>;
  ApiKeyStatus: ApiKeyStatus;
  BreakGlassUse: ResolverTypeWrapper<BreakGlassUse>;
  Citizen: ResolverTypeWrapper<CitizenMapper>;
  ConsentAction: ConsentAction;
  ConsentChange: ResolverTypeWrapper<ConsentChange>;
  ConsentGrant: ResolverTypeWrapper<ConsentGrantMapper>;
  ConsentRecordScope: ResolverTypeWrapper<ConsentRecordScope>;
  ConsentRequest: ResolverTypeWrapper<ConsentRequestMapper>;
  ConsentRequestInput: ConsentRequestInput;
  ConsentRequestStatus: ConsentRequestStatus;
  ConsentScope: ResolverTypeWrapper<ConsentScope>;
  ConsentStatus: ConsentStatus;
  ConsistencyProof: ResolverTypeWrapper<ConsistencyProof>;
  DataCategory: DataCategory;
  DataExport: ResolverTypeWrapper<DataExportMapper>;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  EnrollFaceAssistedInput: EnrollFaceAssistedInput;
  Float: ResolverTypeWrapper<Scalars['Float']['output']>;
  EnrollFaceAssistedPayload: ResolverTypeWrapper<EnrollFaceAssistedPayload>;
  EnrollFacePayload: ResolverTypeWrapper<Omit<EnrollFacePayload, 'consent'> & { consent: ResolversTypes['ConsentGrant'] }>;
  ErasureReceipt: ResolverTypeWrapper<ErasureReceipt>;
  FieldSet: ResolverTypeWrapper<Scalars['FieldSet']['output']>;
  GrantConsentInput: GrantConsentInput;
  Grantee: ResolverTypeWrapper<GranteeMapper>;
  GranteeKind: GranteeKind;
  InclusionProof: ResolverTypeWrapper<InclusionProof>;
  IssueApiKeyInput: IssueApiKeyInput;
  IssuedApiKey: ResolverTypeWrapper<Omit<IssuedApiKey, 'apiKey'> & { apiKey: ResolversTypes['ApiKey'] }>;
  JSON: ResolverTypeWrapper<Scalars['JSON']['output']>;
  Language: Language;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Notification: ResolverTypeWrapper<NotificationMapper>;
  NotificationChannel: NotificationChannel;
  NotificationKind: NotificationKind;
  NotificationStatus: NotificationStatus;
  Partner: ResolverTypeWrapper<PartnerMapper>;
  PartnerLimits: ResolverTypeWrapper<PartnerLimits>;
  PartnerLimitsInput: PartnerLimitsInput;
  PartnerOperation: ResolverTypeWrapper<PartnerOperationMapper>;
  PrincipalKind: PrincipalKind;
  Purpose: Purpose;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  RegisterPartnerInput: RegisterPartnerInput;
  RegisterPartnerOperationInput: RegisterPartnerOperationInput;
  RevokeFacePayload: ResolverTypeWrapper<Omit<RevokeFacePayload, 'consent'> & { consent?: Maybe<ResolversTypes['ConsentGrant']> }>;
  SignedTreeHead: ResolverTypeWrapper<SignedTreeHead>;
  Statute: ResolverTypeWrapper<StatuteMapper>;
  link__Import: ResolverTypeWrapper<Scalars['link__Import']['output']>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  AccessLogConnection: Omit<AccessLogConnection, 'edges'> & { edges: Array<ResolversParentTypes['AccessLogEdge']> };
  AccessLogEdge: Omit<AccessLogEdge, 'node'> & { node: ResolversParentTypes['AccessLogEntry'] };
  AccessLogEntry: AccessLogEntryMapper;
  Boolean: Scalars['Boolean']['output'];
  Int: Scalars['Int']['output'];
  AccessLogGrantChange: AccessLogGrantChange;
  ID: Scalars['ID']['output'];
  AccessLogPageInfo: AccessLogPageInfo;
  AccessLogVerification: AccessLogVerification;
  AccessPrincipal: AccessPrincipal;
  AdminAuditEntry: AdminAuditEntry;
  ApiKey: ApiKeyMapper;
  BreakGlassUse: BreakGlassUse;
  Citizen: CitizenMapper;
  ConsentChange: ConsentChange;
  ConsentGrant: ConsentGrantMapper;
  ConsentRecordScope: ConsentRecordScope;
  ConsentRequest: ConsentRequestMapper;
  ConsentRequestInput: ConsentRequestInput;
  ConsentScope: ConsentScope;
  ConsistencyProof: ConsistencyProof;
  DataExport: DataExportMapper;
  DateTime: Scalars['DateTime']['output'];
  EnrollFaceAssistedInput: EnrollFaceAssistedInput;
  Float: Scalars['Float']['output'];
  EnrollFaceAssistedPayload: EnrollFaceAssistedPayload;
  EnrollFacePayload: Omit<EnrollFacePayload, 'consent'> & { consent: ResolversParentTypes['ConsentGrant'] };
  ErasureReceipt: ErasureReceipt;
  FieldSet: Scalars['FieldSet']['output'];
  GrantConsentInput: GrantConsentInput;
  Grantee: GranteeMapper;
  InclusionProof: InclusionProof;
  IssueApiKeyInput: IssueApiKeyInput;
  IssuedApiKey: Omit<IssuedApiKey, 'apiKey'> & { apiKey: ResolversParentTypes['ApiKey'] };
  JSON: Scalars['JSON']['output'];
  Mutation: Record<PropertyKey, never>;
  Notification: NotificationMapper;
  Partner: PartnerMapper;
  PartnerLimits: PartnerLimits;
  PartnerLimitsInput: PartnerLimitsInput;
  PartnerOperation: PartnerOperationMapper;
  Query: Record<PropertyKey, never>;
  RegisterPartnerInput: RegisterPartnerInput;
  RegisterPartnerOperationInput: RegisterPartnerOperationInput;
  RevokeFacePayload: Omit<RevokeFacePayload, 'consent'> & { consent?: Maybe<ResolversParentTypes['ConsentGrant']> };
  SignedTreeHead: SignedTreeHead;
  Statute: StatuteMapper;
  link__Import: Scalars['link__Import']['output'];
  String: Scalars['String']['output'];
}>;

export type ComposeDirectiveDirectiveArgs = {
  name: Scalars['String']['input'];
};

export type ComposeDirectiveDirectiveResolver<Result, Parent, ContextType = ConsentContext, Args = ComposeDirectiveDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type InaccessibleDirectiveArgs = { };

export type InaccessibleDirectiveResolver<Result, Parent, ContextType = ConsentContext, Args = InaccessibleDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type LinkDirectiveArgs = {
  import?: Maybe<Array<Maybe<Scalars['link__Import']['input']>>>;
  url: Scalars['String']['input'];
};

export type LinkDirectiveResolver<Result, Parent, ContextType = ConsentContext, Args = LinkDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type PersonalDirectiveArgs = {
  category: DataCategory;
};

export type PersonalDirectiveResolver<Result, Parent, ContextType = ConsentContext, Args = PersonalDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type SelfOnlyDirectiveArgs = { };

export type SelfOnlyDirectiveResolver<Result, Parent, ContextType = ConsentContext, Args = SelfOnlyDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type ShareableDirectiveArgs = { };

export type ShareableDirectiveResolver<Result, Parent, ContextType = ConsentContext, Args = ShareableDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type AccessLogConnectionResolvers<ContextType = ConsentContext, ParentType extends ResolversParentTypes['AccessLogConnection'] = ResolversParentTypes['AccessLogConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['AccessLogEdge']>, ParentType, ContextType>;
  head?: Resolver<ResolversTypes['SignedTreeHead'], ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['AccessLogPageInfo'], ParentType, ContextType>;
}>;

export type AccessLogEdgeResolvers<ContextType = ConsentContext, ParentType extends ResolversParentTypes['AccessLogEdge'] = ResolversParentTypes['AccessLogEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['AccessLogEntry'], ParentType, ContextType>;
}>;

export type AccessLogEntryResolvers<ContextType = ConsentContext, ParentType extends ResolversParentTypes['AccessLogEntry'] = ResolversParentTypes['AccessLogEntry']> = ResolversObject<{
  at?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  basis?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  breakGlass?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  category?: Resolver<ResolversTypes['DataCategory'], ParentType, ContextType>;
  code?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  coordinate?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  count?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  decision?: Resolver<ResolversTypes['AccessDecision'], ParentType, ContextType>;
  grant?: Resolver<Maybe<ResolversTypes['AccessLogGrantChange']>, ParentType, ContextType>;
  justificationHash?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  leaf?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  leafIndex?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  principal?: Resolver<ResolversTypes['AccessPrincipal'], ParentType, ContextType>;
  proof?: Resolver<Maybe<ResolversTypes['InclusionProof']>, ParentType, ContextType>;
  purpose?: Resolver<Maybe<ResolversTypes['Purpose']>, ParentType, ContextType>;
  requestId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  seq?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  until?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type AccessLogGrantChangeResolvers<ContextType = ConsentContext, ParentType extends ResolversParentTypes['AccessLogGrantChange'] = ResolversParentTypes['AccessLogGrantChange']> = ResolversObject<{
  action?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  grantId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  receiptHash?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['ConsentStatus'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type AccessLogPageInfoResolvers<ContextType = ConsentContext, ParentType extends ResolversParentTypes['AccessLogPageInfo'] = ResolversParentTypes['AccessLogPageInfo']> = ResolversObject<{
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
}>;

export type AccessLogVerificationResolvers<ContextType = ConsentContext, ParentType extends ResolversParentTypes['AccessLogVerification'] = ResolversParentTypes['AccessLogVerification']> = ResolversObject<{
  checkedEntries?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  firstBadSeq?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  ok?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
}>;

export type AccessPrincipalResolvers<ContextType = ConsentContext, ParentType extends ResolversParentTypes['AccessPrincipal'] = ResolversParentTypes['AccessPrincipal']> = ResolversObject<{
  endUserHash?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['PrincipalKind'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  official?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type AdminAuditEntryResolvers<ContextType = ConsentContext, ParentType extends ResolversParentTypes['AdminAuditEntry'] = ResolversParentTypes['AdminAuditEntry']> = ResolversObject<{
  action?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  actor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  at?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  details?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  target?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type ApiKeyResolvers<ContextType = ConsentContext, ParentType extends ResolversParentTypes['ApiKey'] = ResolversParentTypes['ApiKey']> = ResolversObject<{
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  expiresAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  partnerId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  revokedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  rotatedTo?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  scopes?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['ApiKeyStatus'], ParentType, ContextType>;
}>;

export type BreakGlassUseResolvers<ContextType = ConsentContext, ParentType extends ResolversParentTypes['BreakGlassUse'] = ResolversParentTypes['BreakGlassUse']> = ResolversObject<{
  at?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  citizenId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  department?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  departmentName?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  justification?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  justificationHash?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  official?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  requestId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type CitizenResolvers<ContextType = ConsentContext, ParentType extends ResolversParentTypes['Citizen'] = ResolversParentTypes['Citizen'], FederationReferenceType extends FederationReferenceTypes['Citizen'] = FederationReferenceTypes['Citizen']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Citizen']> | FederationReferenceType, FederationReferenceType, ContextType>;
  accessLog?: Resolver<Maybe<ResolversTypes['AccessLogConnection']>, ParentType, ContextType, RequireFields<CitizenAccessLogArgs, 'first'>>;
  accessLogVerification?: Resolver<Maybe<ResolversTypes['AccessLogVerification']>, ParentType, ContextType>;
  blockedRequesters?: Resolver<Maybe<Array<ResolversTypes['Grantee']>>, ParentType, ContextType>;
  breakGlassUses?: Resolver<Maybe<Array<ResolversTypes['BreakGlassUse']>>, ParentType, ContextType, RequireFields<CitizenBreakGlassUsesArgs, 'first'>>;
  consentRequests?: Resolver<Maybe<Array<ResolversTypes['ConsentRequest']>>, ParentType, ContextType, Partial<CitizenConsentRequestsArgs>>;
  consents?: Resolver<Maybe<Array<ResolversTypes['ConsentGrant']>>, ParentType, ContextType>;
  dateOfBirth?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  email?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  export?: Resolver<Maybe<ResolversTypes['DataExport']>, ParentType, ContextType>;
  homeAddress?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  homeDistrict?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  notifications?: Resolver<Maybe<Array<ResolversTypes['Notification']>>, ParentType, ContextType, RequireFields<CitizenNotificationsArgs, 'first'>>;
  phone?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type ConsentChangeResolvers<ContextType = ConsentContext, ParentType extends ResolversParentTypes['ConsentChange'] = ResolversParentTypes['ConsentChange']> = ResolversObject<{
  action?: Resolver<ResolversTypes['ConsentAction'], ParentType, ContextType>;
  at?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['ConsentStatus'], ParentType, ContextType>;
}>;

export type ConsentGrantResolvers<ContextType = ConsentContext, ParentType extends ResolversParentTypes['ConsentGrant'] = ResolversParentTypes['ConsentGrant']> = ResolversObject<{
  categories?: Resolver<Array<ResolversTypes['DataCategory']>, ParentType, ContextType>;
  changedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  fetchLimitPerDay?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  grantee?: Resolver<ResolversTypes['Grantee'], ParentType, ContextType>;
  history?: Resolver<Array<ResolversTypes['ConsentChange']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  onlyRecord?: Resolver<Maybe<ResolversTypes['ConsentRecordScope']>, ParentType, ContextType>;
  purpose?: Resolver<ResolversTypes['Purpose'], ParentType, ContextType>;
  receipt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  scope?: Resolver<Array<ResolversTypes['ConsentScope']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['ConsentStatus'], ParentType, ContextType>;
  subgraphs?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  summary?: Resolver<ResolversTypes['String'], ParentType, ContextType, RequireFields<ConsentGrantSummaryArgs, 'language'>>;
  validFrom?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  validUntil?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
}>;

export type ConsentRecordScopeResolvers<ContextType = ConsentContext, ParentType extends ResolversParentTypes['ConsentRecordScope'] = ResolversParentTypes['ConsentRecordScope']> = ResolversObject<{
  fields?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  subgraph?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  type?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type ConsentRequestResolvers<ContextType = ConsentContext, ParentType extends ResolversParentTypes['ConsentRequest'] = ResolversParentTypes['ConsentRequest']> = ResolversObject<{
  answeredAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  categories?: Resolver<Array<ResolversTypes['DataCategory']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  expiresAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  grant?: Resolver<Maybe<ResolversTypes['ConsentGrant']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  onlyRecord?: Resolver<Maybe<ResolversTypes['ConsentRecordScope']>, ParentType, ContextType>;
  purpose?: Resolver<ResolversTypes['Purpose'], ParentType, ContextType>;
  reason?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  requester?: Resolver<ResolversTypes['Grantee'], ParentType, ContextType>;
  scope?: Resolver<Array<ResolversTypes['ConsentScope']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['ConsentRequestStatus'], ParentType, ContextType>;
  subgraphs?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  summary?: Resolver<ResolversTypes['String'], ParentType, ContextType, RequireFields<ConsentRequestSummaryArgs, 'language'>>;
  validUntil?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
}>;

export type ConsentScopeResolvers<ContextType = ConsentContext, ParentType extends ResolversParentTypes['ConsentScope'] = ResolversParentTypes['ConsentScope']> = ResolversObject<{
  category?: Resolver<ResolversTypes['DataCategory'], ParentType, ContextType>;
  subgraph?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type ConsistencyProofResolvers<ContextType = ConsentContext, ParentType extends ResolversParentTypes['ConsistencyProof'] = ResolversParentTypes['ConsistencyProof']> = ResolversObject<{
  fromSize?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  proof?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  toSize?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type DataExportResolvers<ContextType = ConsentContext, ParentType extends ResolversParentTypes['DataExport'] = ResolversParentTypes['DataExport'], FederationReferenceType extends FederationReferenceTypes['DataExport'] = FederationReferenceTypes['DataExport']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['DataExport']> | FederationReferenceType, FederationReferenceType, ContextType>;
  citizenId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  generatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  identity?: Resolver<Maybe<ResolversTypes['JSON']>, ParentType, ContextType>;
}>;

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type EnrollFaceAssistedPayloadResolvers<ContextType = ConsentContext, ParentType extends ResolversParentTypes['EnrollFaceAssistedPayload'] = ResolversParentTypes['EnrollFaceAssistedPayload']> = ResolversObject<{
  consentValidUntil?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  enrolledAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  healthPassAtKiosks?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
}>;

export type EnrollFacePayloadResolvers<ContextType = ConsentContext, ParentType extends ResolversParentTypes['EnrollFacePayload'] = ResolversParentTypes['EnrollFacePayload']> = ResolversObject<{
  consent?: Resolver<ResolversTypes['ConsentGrant'], ParentType, ContextType>;
  enrolledAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
}>;

export type ErasureReceiptResolvers<ContextType = ConsentContext, ParentType extends ResolversParentTypes['ErasureReceipt'] = ResolversParentTypes['ErasureReceipt']> = ResolversObject<{
  erasedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  receipt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export interface FieldSetScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['FieldSet'], any> {
  name: 'FieldSet';
}

export type GranteeResolvers<ContextType = ConsentContext, ParentType extends ResolversParentTypes['Grantee'] = ResolversParentTypes['Grantee']> = ResolversObject<{
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['GranteeKind'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type InclusionProofResolvers<ContextType = ConsentContext, ParentType extends ResolversParentTypes['InclusionProof'] = ResolversParentTypes['InclusionProof']> = ResolversObject<{
  auditPath?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  leafIndex?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  treeSize?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type IssuedApiKeyResolvers<ContextType = ConsentContext, ParentType extends ResolversParentTypes['IssuedApiKey'] = ResolversParentTypes['IssuedApiKey']> = ResolversObject<{
  apiKey?: Resolver<ResolversTypes['ApiKey'], ParentType, ContextType>;
  key?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  replacedKeyValidUntil?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
}>;

export interface JsonScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['JSON'], any> {
  name: 'JSON';
}

export type MutationResolvers<ContextType = ConsentContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = ResolversObject<{
  blockRequester?: Resolver<Array<ResolversTypes['Grantee']>, ParentType, ContextType, RequireFields<MutationBlockRequesterArgs, 'requesterId'>>;
  enrollFace?: Resolver<ResolversTypes['EnrollFacePayload'], ParentType, ContextType, RequireFields<MutationEnrollFaceArgs, 'embedding'>>;
  enrollFaceAssisted?: Resolver<ResolversTypes['EnrollFaceAssistedPayload'], ParentType, ContextType, RequireFields<MutationEnrollFaceAssistedArgs, 'input'>>;
  eraseMyData?: Resolver<ResolversTypes['ErasureReceipt'], ParentType, ContextType>;
  grantConsent?: Resolver<ResolversTypes['ConsentGrant'], ParentType, ContextType, RequireFields<MutationGrantConsentArgs, 'input'>>;
  issueApiKey?: Resolver<ResolversTypes['IssuedApiKey'], ParentType, ContextType, RequireFields<MutationIssueApiKeyArgs, 'input'>>;
  pauseConsent?: Resolver<ResolversTypes['ConsentGrant'], ParentType, ContextType, RequireFields<MutationPauseConsentArgs, 'id'>>;
  registerPartner?: Resolver<ResolversTypes['Partner'], ParentType, ContextType, RequireFields<MutationRegisterPartnerArgs, 'input'>>;
  registerPartnerOperation?: Resolver<ResolversTypes['PartnerOperation'], ParentType, ContextType, RequireFields<MutationRegisterPartnerOperationArgs, 'input'>>;
  requestConsent?: Resolver<ResolversTypes['ConsentRequest'], ParentType, ContextType, RequireFields<MutationRequestConsentArgs, 'input'>>;
  respondToConsentRequest?: Resolver<ResolversTypes['ConsentRequest'], ParentType, ContextType, RequireFields<MutationRespondToConsentRequestArgs, 'approve' | 'id'>>;
  resumeConsent?: Resolver<ResolversTypes['ConsentGrant'], ParentType, ContextType, RequireFields<MutationResumeConsentArgs, 'id'>>;
  revokeApiKey?: Resolver<ResolversTypes['ApiKey'], ParentType, ContextType, RequireFields<MutationRevokeApiKeyArgs, 'keyId'>>;
  revokeConsent?: Resolver<ResolversTypes['ConsentGrant'], ParentType, ContextType, RequireFields<MutationRevokeConsentArgs, 'id'>>;
  revokeFace?: Resolver<ResolversTypes['RevokeFacePayload'], ParentType, ContextType>;
  rotateApiKey?: Resolver<ResolversTypes['IssuedApiKey'], ParentType, ContextType, RequireFields<MutationRotateApiKeyArgs, 'keyId'>>;
  unblockRequester?: Resolver<Array<ResolversTypes['Grantee']>, ParentType, ContextType, RequireFields<MutationUnblockRequesterArgs, 'requesterId'>>;
}>;

export type NotificationResolvers<ContextType = ConsentContext, ParentType extends ResolversParentTypes['Notification'] = ResolversParentTypes['Notification']> = ResolversObject<{
  attempts?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  channel?: Resolver<ResolversTypes['NotificationChannel'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  deliveredAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  department?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['NotificationKind'], ParentType, ContextType>;
  lastError?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  purpose?: Resolver<ResolversTypes['Purpose'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['NotificationStatus'], ParentType, ContextType>;
  statute?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  text?: Resolver<ResolversTypes['String'], ParentType, ContextType, RequireFields<NotificationTextArgs, 'language'>>;
  title?: Resolver<ResolversTypes['String'], ParentType, ContextType, RequireFields<NotificationTitleArgs, 'language'>>;
}>;

export type PartnerResolvers<ContextType = ConsentContext, ParentType extends ResolversParentTypes['Partner'] = ResolversParentTypes['Partner']> = ResolversObject<{
  contact?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  limits?: Resolver<Maybe<ResolversTypes['PartnerLimits']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  purposes?: Resolver<Array<ResolversTypes['Purpose']>, ParentType, ContextType>;
  scopes?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type PartnerLimitsResolvers<ContextType = ConsentContext, ParentType extends ResolversParentTypes['PartnerLimits'] = ResolversParentTypes['PartnerLimits']> = ResolversObject<{
  objectsPerMinute?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  requestsPerMinute?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
}>;

export type PartnerOperationResolvers<ContextType = ConsentContext, ParentType extends ResolversParentTypes['PartnerOperation'] = ResolversParentTypes['PartnerOperation']> = ResolversObject<{
  partnerId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  purposes?: Resolver<Array<ResolversTypes['Purpose']>, ParentType, ContextType>;
  registeredAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  sha256?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type QueryResolvers<ContextType = ConsentContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = ResolversObject<{
  adminAuditTrail?: Resolver<Array<ResolversTypes['AdminAuditEntry']>, ParentType, ContextType, RequireFields<QueryAdminAuditTrailArgs, 'first'>>;
  apiKeys?: Resolver<Array<ResolversTypes['ApiKey']>, ParentType, ContextType, Partial<QueryApiKeysArgs>>;
  breakGlassUses?: Resolver<Array<ResolversTypes['BreakGlassUse']>, ParentType, ContextType, RequireFields<QueryBreakGlassUsesArgs, 'first'>>;
  citizen?: Resolver<Maybe<ResolversTypes['Citizen']>, ParentType, ContextType, RequireFields<QueryCitizenArgs, 'id'>>;
  consentAuthorityPublicKey?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  consentRequest?: Resolver<Maybe<ResolversTypes['ConsentRequest']>, ParentType, ContextType, RequireFields<QueryConsentRequestArgs, 'id'>>;
  grantees?: Resolver<Array<ResolversTypes['Grantee']>, ParentType, ContextType>;
  me?: Resolver<Maybe<ResolversTypes['Citizen']>, ParentType, ContextType>;
  partners?: Resolver<Array<ResolversTypes['Partner']>, ParentType, ContextType>;
  statutes?: Resolver<Array<ResolversTypes['Statute']>, ParentType, ContextType>;
  transparencyConsistency?: Resolver<ResolversTypes['ConsistencyProof'], ParentType, ContextType, RequireFields<QueryTransparencyConsistencyArgs, 'fromSize' | 'toSize'>>;
  transparencyHead?: Resolver<ResolversTypes['SignedTreeHead'], ParentType, ContextType>;
}>;

export type RevokeFacePayloadResolvers<ContextType = ConsentContext, ParentType extends ResolversParentTypes['RevokeFacePayload'] = ResolversParentTypes['RevokeFacePayload']> = ResolversObject<{
  consent?: Resolver<Maybe<ResolversTypes['ConsentGrant']>, ParentType, ContextType>;
  revokedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
}>;

export type SignedTreeHeadResolvers<ContextType = ConsentContext, ParentType extends ResolversParentTypes['SignedTreeHead'] = ResolversParentTypes['SignedTreeHead']> = ResolversObject<{
  keyId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  rootHash?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  signature?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  timestamp?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  treeSize?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type StatuteResolvers<ContextType = ConsentContext, ParentType extends ResolversParentTypes['Statute'] = ResolversParentTypes['Statute']> = ResolversObject<{
  department?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  description?: Resolver<ResolversTypes['String'], ParentType, ContextType, RequireFields<StatuteDescriptionArgs, 'language'>>;
  fields?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  legalReference?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  purpose?: Resolver<ResolversTypes['Purpose'], ParentType, ContextType>;
}>;

export interface Link__ImportScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['link__Import'], any> {
  name: 'link__Import';
}

export type Resolvers<ContextType = ConsentContext> = ResolversObject<{
  AccessLogConnection?: AccessLogConnectionResolvers<ContextType>;
  AccessLogEdge?: AccessLogEdgeResolvers<ContextType>;
  AccessLogEntry?: AccessLogEntryResolvers<ContextType>;
  AccessLogGrantChange?: AccessLogGrantChangeResolvers<ContextType>;
  AccessLogPageInfo?: AccessLogPageInfoResolvers<ContextType>;
  AccessLogVerification?: AccessLogVerificationResolvers<ContextType>;
  AccessPrincipal?: AccessPrincipalResolvers<ContextType>;
  AdminAuditEntry?: AdminAuditEntryResolvers<ContextType>;
  ApiKey?: ApiKeyResolvers<ContextType>;
  BreakGlassUse?: BreakGlassUseResolvers<ContextType>;
  Citizen?: CitizenResolvers<ContextType>;
  ConsentChange?: ConsentChangeResolvers<ContextType>;
  ConsentGrant?: ConsentGrantResolvers<ContextType>;
  ConsentRecordScope?: ConsentRecordScopeResolvers<ContextType>;
  ConsentRequest?: ConsentRequestResolvers<ContextType>;
  ConsentScope?: ConsentScopeResolvers<ContextType>;
  ConsistencyProof?: ConsistencyProofResolvers<ContextType>;
  DataExport?: DataExportResolvers<ContextType>;
  DateTime?: GraphQLScalarType;
  EnrollFaceAssistedPayload?: EnrollFaceAssistedPayloadResolvers<ContextType>;
  EnrollFacePayload?: EnrollFacePayloadResolvers<ContextType>;
  ErasureReceipt?: ErasureReceiptResolvers<ContextType>;
  FieldSet?: GraphQLScalarType;
  Grantee?: GranteeResolvers<ContextType>;
  InclusionProof?: InclusionProofResolvers<ContextType>;
  IssuedApiKey?: IssuedApiKeyResolvers<ContextType>;
  JSON?: GraphQLScalarType;
  Mutation?: MutationResolvers<ContextType>;
  Notification?: NotificationResolvers<ContextType>;
  Partner?: PartnerResolvers<ContextType>;
  PartnerLimits?: PartnerLimitsResolvers<ContextType>;
  PartnerOperation?: PartnerOperationResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  RevokeFacePayload?: RevokeFacePayloadResolvers<ContextType>;
  SignedTreeHead?: SignedTreeHeadResolvers<ContextType>;
  Statute?: StatuteResolvers<ContextType>;
  link__Import?: GraphQLScalarType;
}>;

export type DirectiveResolvers<ContextType = ConsentContext> = ResolversObject<{
  composeDirective?: ComposeDirectiveDirectiveResolver<any, any, ContextType>;
  inaccessible?: InaccessibleDirectiveResolver<any, any, ContextType>;
  link?: LinkDirectiveResolver<any, any, ContextType>;
  personal?: PersonalDirectiveResolver<any, any, ContextType>;
  selfOnly?: SelfOnlyDirectiveResolver<any, any, ContextType>;
  shareable?: ShareableDirectiveResolver<any, any, ContextType>;
}>;
