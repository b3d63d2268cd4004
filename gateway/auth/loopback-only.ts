import type { IncomingMessage } from 'node:http';
import type { HubConfig } from '../../platform/config.js';

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]']);
const LOOPBACK_BINDS = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

/** The host name of a `Host` header without its port: `localhost:4000` → `localhost`, `[::1]:4000` → `[::1]`. */
export function hostNameOf(hostHeader: string | undefined): string | undefined {
  if (!hostHeader) return undefined;
  const value = hostHeader.trim().toLowerCase();
  if (value.startsWith('[')) {
    const end = value.indexOf(']');
    return end > 0 ? value.slice(0, end + 1) : undefined;
  }
  return value.split(':', 1)[0] || undefined;
}

/**
 * Whether a development convenience that hands out tokens (the portal's dev sign-in, the explorer's embedded token)
 * may answer this request: never in production, only when the gateway listens on a loopback address, and only
 * when the request's `Host` names loopback. The last check defeats DNS rebinding: a page on `evil.example` whose
 * name resolves to 127.0.0.1 still sends `Host: evil.example`.
 */
export function devTokensAllowed(config: HubConfig, req: IncomingMessage): boolean {
  if (config.env === 'production') return false;
  if (!LOOPBACK_BINDS.has(config.host.toLowerCase())) return false;
  const name = hostNameOf(Array.isArray(req.headers.host) ? req.headers.host[0] : req.headers.host);
  return name !== undefined && LOOPBACK_NAMES.has(name);
}
