import type { IncomingMessage } from 'node:http';
import { REQUEST_CODES, type RequestCode } from '../platform/errors.js';
import type { GatewayContext } from './signed-data-source.js';

/** One /graphql request as it goes through the gateway's plugins, before Apollo sees it. */
export interface GatewayRequest {
  readonly http: IncomingMessage;
  readonly url: URL;
  readonly requestId: string;
  /** The parsed body (undefined for GET); a plugin may replace it (the partner safelist puts the document in). */
  body: unknown;
  /** Who is asking: set by useAuthentication, which runs first. */
  context?: GatewayContext;
}

/**
 * A step of the /graphql pipeline in front of Apollo (authenticate, limits, safelist...), after the model of Hive
 * Gateway's plugins: made by a `useX(options)` factory that validates its options and logs through its own child
 * logger. `onRequest` runs in the order the plugins are given; throwing `RequestRefused` answers the whole request
 * with that code and its ARCHITECTURE §7 status, and no later plugin, planner or subgraph sees it.
 */
export interface GatewayPlugin {
  readonly name: string;
  onRequest?(request: GatewayRequest): void | Promise<void>;
}

/** Refuses the whole request: the status is the one ARCHITECTURE §7 gives the code, unless one is named. */
export class RequestRefused extends Error {
  readonly status: number;
  constructor(
    readonly code: RequestCode | 'SUBGRAPH_UNAVAILABLE' | 'BAD_REQUEST',
    message: string,
    readonly headers: Record<string, string> = {},
    status?: number,
  ) {
    super(message);
    this.name = 'RequestRefused';
    this.status = status ?? (REQUEST_CODES as Record<string, number>)[code] ?? 400;
  }
}

/** Header value, first of several. */
export function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
