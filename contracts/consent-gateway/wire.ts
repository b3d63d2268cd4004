import type { Purpose } from '../../platform/principal.js';

/**
 * The gateway's one call into the consent service (ARCHITECTURE §2): who is behind an API key. The gateway reaches
 * consent only over HTTP with these shapes; it never imports consent's services. The call is authenticated with
 * the gateway's service key (platform/service-auth.ts).
 */
export const AUTHENTICATE_KEY_PATH = '/internal/gateway/authenticate-key';

/** Body of a POST to AUTHENTICATE_KEY_PATH. */
export interface AuthenticateKeyRequest {
  key: string;
}

/** Per-partner limits; absent fields fall back to the defaults in gateway/rate-limit. */
export interface PartnerLimitsWire {
  requestsPerMinute?: number;
  objectsPerMinute?: number;
}

/** A persisted operation the partner registered: its hash, the purposes it may run for, and the document. */
export interface PersistedOperationWire {
  sha256: string;
  purposes: string[];
  document: string;
}

/** The partner behind a valid key, as the consent service reports it. */
export interface AuthenticatedPartner {
  partner: { id: string; name: string; purposes: Purpose[]; limits?: PartnerLimitsWire };
  keyId: string;
  scopes: string[];
  expiresAt: string;
  operations: PersistedOperationWire[];
}

/** The answer: `partner` is null for any key that is not valid (malformed, unknown, expired or revoked). */
export interface AuthenticateKeyResponse {
  partner: AuthenticatedPartner | null;
}

/**
 * The gateway's witness (ARCHITECTURE §4) asks consent for the newest signed tree head and a consistency proof from
 * the last head it witnessed. POST, authenticated with the gateway's service key like AUTHENTICATE_KEY_PATH.
 */
export const TRANSPARENCY_HEAD_PATH = '/internal/gateway/transparency-head';

export interface TransparencyHeadRequest {
  /** The size of the last head the witness accepted; null on its first call. */
  fromSize: number | null;
}

export interface SignedTreeHeadWire {
  treeSize: number;
  rootHash: string;
  timestamp: string;
  signature: string;
  keyId: string;
}

export interface TransparencyHeadResponse {
  head: SignedTreeHeadWire;
  /** RFC 9162 consistency proof from `fromSize` to `head.treeSize` (base64 hashes); null without a fromSize. */
  consistency: string[] | null;
  /** The consent authority's head-signing key, as a JWK (kty OKP, crv Ed25519). */
  authorityKey: { kty: 'OKP'; crv: 'Ed25519'; x: string; kid: string; use: 'sig' };
}

/**
 * A request the gateway refused before any subgraph was asked, whose document names citizens (`citizen(id: ...)`):
 * still a refusal to release their data, so consent records it in each named citizen's log (ARCHITECTURE §4).
 * POST, authenticated with the gateway's service key. Answers 204.
 */
export const RECORD_REFUSAL_PATH = '/internal/gateway/record-refusal';

export interface RecordRefusalRequest {
  requestId: string;
  /** `endUser`: a partner's X-End-User, which consent seals and logs only as a salted hash, as for any entry. */
  principal: { kind: 'citizen' | 'staff' | 'partner' | 'admin' | 'anonymous'; id: string; department?: string; official?: string; purpose?: string; endUser?: string };
  /** At most 10, as written in the document or its variables. */
  citizenIds: string[];
  /** The request-level code the caller got (FORBIDDEN, UNAUTHENTICATED, RATE_LIMITED...). */
  code: string;
}
