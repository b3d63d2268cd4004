import { describe, expect, it } from '@jest/globals';
import { KeyServiceUnavailableError } from '../../../../gateway/auth/api-keys.js';
import type { Authenticator, RequestCredentials } from '../../../../gateway/auth/authenticate.js';
import { useAuthentication } from '../../../../gateway/plugins/authentication.js';
import { RequestRefused } from '../../../../gateway/pipeline.js';
import { ForbiddenError, UnauthenticatedError } from '../../../../platform/errors.js';
import { gatewayRequest, silent } from './support.js';

/** An authenticator that answers what the test says, and remembers what it was asked. */
function authenticator(answer: (credentials: RequestCredentials) => ReturnType<Authenticator['authenticate']>): Authenticator & { seen: RequestCredentials[] } {
  const seen: RequestCredentials[] = [];
  return {
    seen,
    authenticate(credentials) {
      seen.push(credentials);
      return answer(credentials);
    },
  };
}

async function refusal(promise: Promise<void> | void): Promise<RequestRefused | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return error as RequestRefused;
  }
}

describe('useAuthentication', () => {
  it('validates its options', () => {
    expect(() => useAuthentication({ authenticator: {} as never, logger: silent })).toThrow();
  });

  it('puts the caller and the request id into the request context, from the four headers', async () => {
    const auth = authenticator(async () => ({ caller: { kind: 'citizen', id: 'C-0001', roles: [], scopes: [] } }));
    const request = gatewayRequest({ headers: { authorization: 'Bearer t', 'x-purpose': 'P', 'x-justification': 'J', 'x-end-user': 'E' } });
    await useAuthentication({ authenticator: auth, logger: silent }).onRequest!(request);
    expect(auth.seen).toEqual([{ authorization: 'Bearer t', purpose: 'P', justification: 'J', endUser: 'E' }]);
    expect(request.context).toEqual({ principal: { kind: 'citizen', id: 'C-0001', roles: [], scopes: [], requestId: 'r' }, requestId: 'r', observed: {} });
  });

  it('refuses with the status of the code the authenticator gave: 401, 403', async () => {
    for (const [error, status] of [[new UnauthenticatedError(), 401], [new ForbiddenError(), 403]] as const) {
      const plugin = useAuthentication({ authenticator: authenticator(async () => Promise.reject(error)), logger: silent });
      const refused = await refusal(plugin.onRequest!(gatewayRequest({})));
      expect(refused).toBeInstanceOf(RequestRefused);
      expect({ code: refused?.code, status: refused?.status }).toEqual({ code: error.code, status });
    }
  });

  it('answers 503 SUBGRAPH_UNAVAILABLE with Retry-After when API keys cannot be checked', async () => {
    const plugin = useAuthentication({ authenticator: authenticator(async () => Promise.reject(new KeyServiceUnavailableError())), logger: silent });
    const refused = await refusal(plugin.onRequest!(gatewayRequest({})));
    expect({ code: refused?.code, status: refused?.status, headers: refused?.headers }).toEqual({ code: 'SUBGRAPH_UNAVAILABLE', status: 503, headers: { 'retry-after': '5' } });
  });

  it('lets any other failure through as it is (an internal error, not a refusal)', async () => {
    const plugin = useAuthentication({ authenticator: authenticator(async () => Promise.reject(new TypeError('bug'))), logger: silent });
    expect(await refusal(plugin.onRequest!(gatewayRequest({})))).toBeInstanceOf(TypeError);
  });
});
