import { GraphQLError } from 'graphql';

/**
 * The stable error codes of ARCHITECTURE §7. Request-level codes carry an HTTP status; execution codes travel
 * in `errors` with HTTP 200.
 */
export const REQUEST_CODES = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  RATE_LIMITED: 429,
  BAD_USER_INPUT: 400,
  QUERY_TOO_COMPLEX: 400,
  PERSISTED_QUERY_NOT_ALLOWED: 400,
  PAYLOAD_TOO_LARGE: 413,
  METHOD_NOT_ALLOWED: 405,
  IDEMPOTENCY_KEY_REUSED: 422,
  IDEMPOTENCY_IN_PROGRESS: 409,
  OVERLOADED: 503,
} as const;

export const EXECUTION_CODES = [
  'CONSENT_REQUIRED',
  'CONSENT_REVOKED',
  'CONSENT_EXPIRED',
  'CONSENT_PAUSED',
  'DATA_ERASED',
  'PASS_INVALID',
  'PASS_EXPIRED',
  'PASS_ALREADY_USED',
  'PASS_REFUSED',
  'BAD_USER_INPUT',
  'SUBGRAPH_UNAVAILABLE',
  'INTEGRITY_ERROR',
  'NOT_FOUND',
  'FORBIDDEN',
  'UNAUTHENTICATED',
] as const;

export type RequestCode = keyof typeof REQUEST_CODES;
export type ExecutionCode = (typeof EXECUTION_CODES)[number];
export type ErrorCode = RequestCode | ExecutionCode | 'INTERNAL_SERVER_ERROR';

/** Codes that may reach a client as they are; anything else becomes INTERNAL_SERVER_ERROR. */
export const PUBLIC_CODES: ReadonlySet<string> = new Set<string>([
  ...Object.keys(REQUEST_CODES),
  ...EXECUTION_CODES,
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_REQUEST',
]);

/**
 * The root of every error the hub raises on purpose. Raised during execution it is a field error (HTTP 200, the
 * rest of the response answered); `rejectRequest` turns it into a request-level rejection with its HTTP status.
 */
export class CitygraphError extends GraphQLError {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, extra: Record<string, unknown> = {}) {
    super(message, { extensions: { code, ...extra } });
    this.code = code;
    this.name = 'CitygraphError';
  }
}

/** The same error, answered before execution with the status ARCHITECTURE §7 gives its code. */
export function rejectRequest(error: CitygraphError): GraphQLError {
  const status = (REQUEST_CODES as Record<string, number>)[error.code] ?? 400;
  return new GraphQLError(error.message, { extensions: { ...error.extensions, http: { status } } });
}

export class UnauthenticatedError extends CitygraphError {
  constructor(message = 'Authentication is required or the credentials are not valid.') {
    super('UNAUTHENTICATED', message);
    this.name = 'UnauthenticatedError';
  }
}

export class ForbiddenError extends CitygraphError {
  constructor(message = 'You are not allowed to do this.') {
    super('FORBIDDEN', message);
    this.name = 'ForbiddenError';
  }
}

export class BadUserInputError extends CitygraphError {
  constructor(message: string, extra: Record<string, unknown> = {}) {
    super('BAD_USER_INPUT', message, extra);
    this.name = 'BadUserInputError';
  }
}

export class NotFoundError extends CitygraphError {
  constructor(what: string) {
    super('NOT_FOUND', `${what} was not found.`);
    this.name = 'NotFoundError';
  }
}

/** Why a personal field was refused; RATE_LIMITED only for break-glass past the official's hourly cap (429). */
export type ConsentCode = 'CONSENT_REQUIRED' | 'CONSENT_REVOKED' | 'CONSENT_EXPIRED' | 'CONSENT_PAUSED' | 'DATA_ERASED' | 'RATE_LIMITED';

const CONSENT_MESSAGES: Record<ConsentCode, string> = {
  CONSENT_REQUIRED: 'The citizen has not consented to this use of their data.',
  CONSENT_REVOKED: 'The citizen revoked their consent for this use of their data.',
  CONSENT_EXPIRED: 'The citizen’s consent for this use of their data has expired.',
  CONSENT_PAUSED: 'The citizen paused their consent for this use of their data.',
  DATA_ERASED: 'The citizen’s personal data has been erased.',
  RATE_LIMITED: 'This official has used break-glass for as many citizens as one hour allows. Try again later.',
};

export class ConsentDeniedError extends CitygraphError {
  constructor(code: ConsentCode) {
    super(code, CONSENT_MESSAGES[code]);
    this.name = 'ConsentDeniedError';
  }
}

export class SubgraphUnavailableError extends CitygraphError {
  constructor(department: string) {
    super('SUBGRAPH_UNAVAILABLE', `The ${department} service is unavailable right now.`, { department });
    this.name = 'SubgraphUnavailableError';
  }
}

/**
 * A stored value failed its integrity check (a personal field that is not valid ciphertext for where it is): never
 * served. The message names no value; the field's coordinate travels in the log line, not to the client.
 */
export class IntegrityError extends CitygraphError {
  constructor() {
    super('INTEGRITY_ERROR', 'This value failed its integrity check and is not served. The city has been alerted.');
    this.name = 'IntegrityError';
  }
}
