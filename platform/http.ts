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

export interface GraphQLHttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Hands one HTTP request (its body already parsed) to Apollo Server and answers the complete response. */
export async function runGraphQL<TContext extends BaseContext>(
  server: ApolloServer<TContext>,
  req: IncomingMessage,
  body: unknown,
  context: () => Promise<TContext>,
): Promise<GraphQLHttpResponse> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const request: HTTPGraphQLRequest = { method: req.method ?? 'GET', headers: headerMap(req), search: url.search, body };
  const response = await server.executeHTTPGraphQLRequest({ httpGraphQLRequest: request, context });
  const headers: Record<string, string> = {};
  for (const [name, value] of response.headers) headers[name] = value;
  let text: string;
  if (response.body.kind === 'complete') text = response.body.string;
  else {
    text = '';
    for await (const chunk of response.body.asyncIterator) text += chunk;
  }
  return { status: response.status ?? 200, headers, body: text };
}

export function writeResponse(res: ServerResponse, response: GraphQLHttpResponse): void {
  res.writeHead(response.status, { ...response.headers, 'content-length': String(Buffer.byteLength(response.body)) });
  res.end(response.body);
}

/** Runs and writes in one step (subgraphs). */
export async function executeGraphQL<TContext extends BaseContext>(
  server: ApolloServer<TContext>,
  req: IncomingMessage,
  res: ServerResponse,
  body: unknown,
  context: () => Promise<TContext>,
): Promise<void> {
  writeResponse(res, await runGraphQL(server, req, body, context));
}
