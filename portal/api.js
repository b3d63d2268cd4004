import { clearSession, readSession } from './prefs.js';

/**
 * The portal's only way to the hub's data: the public /graphql endpoint, with the signed-in citizen's token.
 */
export class PortalError extends Error {
  /** `code` is NETWORK, UNAUTHENTICATED, GENERAL or the graph's own error code. */
  constructor(code, message = code) {
    super(message);
    this.name = 'PortalError';
    this.code = code;
  }
}

/** Answers `{data, errors}`; throws a PortalError when there is no data at all. */
export async function graphql(query, variables = {}) {
  const session = readSession();
  let response;
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(session ? { authorization: `Bearer ${session.token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
  } catch {
    throw new PortalError('NETWORK');
  }
  let body;
  try {
    body = await response.json();
  } catch {
    throw new PortalError('GENERAL');
  }
  const first = body.errors?.[0];
  if (response.status === 401 || (!body.data && first?.extensions?.code === 'UNAUTHENTICATED')) {
    clearSession();
    throw new PortalError('UNAUTHENTICATED');
  }
  if (!body.data) throw new PortalError(first?.extensions?.code ?? 'GENERAL', first?.message);
  return { data: body.data, errors: body.errors ?? [] };
}

/** The code of the error reported at `path` or below it, if any (a denied or erased field). */
export function errorCodeAt(errors, path) {
  const found = errors.find((error) => Array.isArray(error.path) && path.every((part, i) => error.path[i] === part));
  return found ? (found.extensions?.code ?? 'GENERAL') : null;
}

/** The development sign-in: the gateway issues a token for a citizen id. */
export async function devSignIn(citizenId) {
  let response;
  try {
    response = await fetch('/portal/dev-sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ citizenId }),
    });
  } catch {
    throw new PortalError('NETWORK');
  }
  const body = await response.json().catch(() => null);
  if (!response.ok) throw new PortalError(body?.errors?.[0]?.extensions?.code ?? 'GENERAL', body?.errors?.[0]?.message);
  return body;
}

export async function signInOptions() {
  try {
    const response = await fetch('/portal/sign-in-options');
    if (!response.ok) throw new PortalError('GENERAL');
    return await response.json();
  } catch (error) {
    throw error instanceof PortalError ? error : new PortalError('NETWORK');
  }
}
