import crypto from 'node:crypto';
import { signServiceCall, SERVICE_HEADER } from '../../platform/service-auth.js';
import { AUTHENTICATE_KEY_PATH, type AuthenticatedPartner, type AuthenticateKeyRequest, type AuthenticateKeyResponse } from '../../contracts/consent-gateway/wire.js';
import { inSpan, injectTraceHeaders, SpanKind } from '../../platform/tracing.js';

/** How long a key check is reused: revocation reaches every gateway instance within this time (ARCHITECTURE §3). */
export const KEY_CACHE_MS = 4000;
const MAX_CACHED = 10_000;

export class KeyServiceUnavailableError extends Error {
  constructor() {
    super('the consent service did not answer a key check');
    this.name = 'KeyServiceUnavailableError';
  }
}

/**
 * Asks the consent service who is behind an API key, and remembers the answer (valid or not) for a few seconds.
 * The cache is keyed by a SHA-256 of the presented key, so the gateway never holds keys themselves.
 */
export class ApiKeyVerifier {
  private readonly cache = new Map<string, { until: number; partner: AuthenticatedPartner | null }>();

  constructor(
    private readonly consentBaseUrl: string,
    private readonly serviceKey: Uint8Array,
    private readonly timeoutMs = 2000,
  ) {}

  async verify(presented: string): Promise<AuthenticatedPartner | null> {
    const id = crypto.createHash('sha256').update(presented).digest('base64url');
    const now = Date.now();
    const cached = this.cache.get(id);
    if (cached && cached.until > now) return cached.partner;
    const request: AuthenticateKeyRequest = { key: presented };
    const body = JSON.stringify(request);
    const headers: Record<string, string> = { 'content-type': 'application/json', [SERVICE_HEADER]: signServiceCall('gateway', body, this.serviceKey) };
    // In the request's trace (platform/tracing.ts); the key itself is only ever in the body.
    const response = await inSpan(`consent ${AUTHENTICATE_KEY_PATH}`, SpanKind.CLIENT, { 'citygraph.peer': 'consent', 'http.route': AUTHENTICATE_KEY_PATH }, async () => {
      injectTraceHeaders(headers);
      try {
        return await fetch(`${this.consentBaseUrl}${AUTHENTICATE_KEY_PATH}`, { method: 'POST', headers, body, signal: AbortSignal.timeout(this.timeoutMs) });
      } catch {
        throw new KeyServiceUnavailableError();
      }
    });
    if (!response.ok) throw new KeyServiceUnavailableError();
    const { partner } = (await response.json()) as AuthenticateKeyResponse;
    if (this.cache.size >= MAX_CACHED) this.cache.clear();
    const expiresAt = partner ? Date.parse(partner.expiresAt) : Infinity;
    this.cache.set(id, { until: Math.min(now + KEY_CACHE_MS, expiresAt), partner });
    return partner;
  }
}
