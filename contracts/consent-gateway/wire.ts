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
