import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type BaseContext, type HTTPGraphQLRequest } from '@apollo/server';

export const MAX_BODY_BYTES = 1024 * 1024;

export class BodyTooLargeError extends Error {
  constructor() {
    super('request body too large');
    this.name = 'BodyTooLargeError';
  }
}

/** Reads the body up to `limit` bytes, stopping early (without buffering the rest) when it is exceeded. */
export async function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<string> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw new BodyTooLargeError();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new BodyTooLargeError();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(text);
}

export function errorBody(code: string, message: string, requestId?: string): unknown {
  return { errors: [{ message, extensions: { code, ...(requestId ? { requestId } : {}) } }] };
}

export function headerMap(req: IncomingMessage): HeaderMap {
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  return headers;
}

/**
 * The request body as Apollo expects it: parsed JSON for JSON content types, the raw text otherwise (Apollo then
 * refuses it with its CSRF and content-type rules). Throws SyntaxError for malformed JSON.
 */
export function parseGraphQLBody(req: IncomingMessage, rawBody: string): unknown {
  const contentType = req.headers['content-type'] ?? '';
  if (req.method !== 'POST') return undefined;
  if (rawBody.length > 0 && contentType.includes('json')) return JSON.parse(rawBody) as unknown;
  return rawBody;
}

/** Hands one HTTP request (its body already parsed) to Apollo Server and writes its answer. */
export async function executeGraphQL<TContext extends BaseContext>(
  server: ApolloServer<TContext>,
  req: IncomingMessage,
  res: ServerResponse,
  body: unknown,
  context: () => Promise<TContext>,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const request: HTTPGraphQLRequest = {
    method: req.method ?? 'GET',
    headers: headerMap(req),
    search: url.search,
    body,
  };
  const response = await server.executeHTTPGraphQLRequest({ httpGraphQLRequest: request, context });
  const headers: Record<string, string> = {};
  for (const [name, value] of response.headers) headers[name] = value;
  res.writeHead(response.status ?? 200, headers);
  if (response.body.kind === 'complete') {
    res.end(response.body.string);
    return;
  }
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}
