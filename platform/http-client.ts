import http, { type IncomingHttpHeaders } from 'node:http';
import https from 'node:https';

/**
 * The HTTP client for calls between the hub's own services (gateway to subgraphs, departments to consent): node:http
 * over keep-alive agents, answering the subset of fetch's Response that Apollo's data sources and our callers read
 * (it satisfies @apollo/utils.fetcher's FetcherResponse).
 *
 * Why not the global fetch: Node 20's fetch (undici behind WHATWG streams, AbortSignal and a DOMException per call)
 * cost the gateway about a fifth of its CPU on distinct queries (a profile of the bench's distinct run: undici,
 * web streams, transferables, abort signals), while a bare @apollo/gateway (node-fetch over node:http) paid far less
 * for the same fetches. Same semantics where they matter: a timeout rejects with an error named `TimeoutError`,
 * a failed connection with the socket's error code (ECONNREFUSED, ECONNRESET) for the callers' retry rules.
 */
export interface HttpRequestInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Abandon the call (and its socket) after this long: the error is named TimeoutError. */
  timeoutMs: number;
  /**
   * The call may be sent twice (a read): then a kept-alive socket found closed before any answer is retried on a
   * fresh one. Never for a write, whose first copy the other side may have read before the connection broke.
   */
  idempotent?: boolean;
  /** On a new connection, closed after the answer: for a write that must not meet a kept-alive socket gone stale. */
  fresh?: boolean;
}

// Idle sockets are closed well before the services' own keep-alive timeout (65 s, platform/http-service.ts), so
// that a request is never written to a socket the other side is closing.
const AGENT_OPTIONS = { keepAlive: true, timeout: 30_000, scheduling: 'lifo' as const };
const agents = { http: new http.Agent(AGENT_OPTIONS), https: new https.Agent(AGENT_OPTIONS) };
const freshAgents = { http: new http.Agent({ keepAlive: false }), https: new https.Agent({ keepAlive: false }) };

/** Response headers over node's (lower-case) header object, read-only in practice as fetch's are for a response. */
export class ResponseHeaders implements Iterable<[string, string]> {
  constructor(private readonly raw: IncomingHttpHeaders) {}
  get(name: string): string | null {
    const value = this.raw[name.toLowerCase()];
    return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
  }
  has(name: string): boolean {
    return this.raw[name.toLowerCase()] !== undefined;
  }
  set(name: string, value: string): void {
    this.raw[name.toLowerCase()] = value;
  }
  append(name: string, value: string): void {
    const current = this.get(name);
    this.set(name, current === null ? value : `${current}, ${value}`);
  }
  delete(name: string): void {
    delete this.raw[name.toLowerCase()];
  }
  *entries(): IterableIterator<[string, string]> {
    for (const name of Object.keys(this.raw)) yield [name, this.get(name)!];
  }
  *keys(): IterableIterator<string> {
    for (const [name] of this.entries()) yield name;
  }
  *values(): IterableIterator<string> {
    for (const [, value] of this.entries()) yield value;
  }
  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }
}

export class HttpClientResponse {
  readonly redirected = false;
  readonly ok: boolean;
  bodyUsed = false;

  constructor(
    readonly url: string,
    readonly status: number,
    readonly statusText: string,
    readonly headers: ResponseHeaders,
    private readonly body: Buffer,
  ) {
    this.ok = status >= 200 && status < 300;
  }

  async text(): Promise<string> {
    this.bodyUsed = true;
    return this.body.toString('utf8');
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text()) as unknown;
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    this.bodyUsed = true;
    return this.body.buffer.slice(this.body.byteOffset, this.body.byteOffset + this.body.byteLength) as ArrayBuffer;
  }

  clone(): HttpClientResponse {
    return new HttpClientResponse(this.url, this.status, this.statusText, this.headers, this.body);
  }
}

function timeoutError(ms: number): Error {
  const error = new Error(`no answer in ${ms} ms`);
  error.name = 'TimeoutError';
  return error;
}

/**
 * One call; the whole answer is read before it resolves. An idempotent call written to a kept-alive socket that turns
 * out to be closed (ECONNRESET or EPIPE before any answer: a service restarted) is sent once more on a fresh socket, as
 * Node's documentation of `request.reusedSocket` recommends. Any other failure is the caller's to judge.
 */
export async function httpRequest(url: string, init: HttpRequestInit): Promise<HttpClientResponse> {
  try {
    return await attempt(url, init);
  } catch (error) {
    if (!init.idempotent || !(error as { staleSocket?: boolean }).staleSocket) throw error;
    return attempt(url, init);
  }
}

function attempt(url: string, init: HttpRequestInit): Promise<HttpClientResponse> {
  const target = new URL(url);
  const transport = target.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = transport.request(
      target,
      { method: init.method ?? 'GET', headers: init.headers, agent: (init.fresh ? freshAgents : agents)[target.protocol === 'https:' ? 'https' : 'http'] },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', fail);
        // The other side closed before the whole answer came: a connection failure, retried like one.
        response.on('close', () => {
          if (!response.complete) fail(Object.assign(new Error('the connection closed before the answer was complete'), { code: 'ECONNRESET' }));
        });
        response.on('end', () => {
          clearTimeout(timer);
          resolve(new HttpClientResponse(url, response.statusCode ?? 0, response.statusMessage ?? '', new ResponseHeaders(response.headers), chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
        });
      },
    );
    const timer = setTimeout(() => request.destroy(timeoutError(init.timeoutMs)), init.timeoutMs);
    let answered = false;
    request.once('response', () => (answered = true));
    function fail(error: Error): void {
      clearTimeout(timer);
      const code = (error as { code?: string }).code;
      if (request.reusedSocket && !answered && (code === 'ECONNRESET' || code === 'EPIPE')) Object.assign(error, { staleSocket: true });
      reject(error);
    }
    request.on('error', fail);
    request.end(init.body);
  });
}
