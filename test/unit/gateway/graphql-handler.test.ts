import { describe, expect, it } from '@jest/globals';
import { withRequestStatus } from '../../../gateway/graphql-handler.js';

const answer = (body: unknown, status = 200) => ({ status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const error = (code: string, path?: string[]) => ({ message: 'm', ...(path ? { path } : {}), extensions: { code } });

describe('the status of a request refused as a whole (ARCHITECTURE §7)', () => {
  it('gives a request error that never ran its code’s status', () => {
    expect(withRequestStatus(answer({ errors: [error('PERSISTED_QUERY_NOT_ALLOWED')] })).status).toBe(400);
    expect(withRequestStatus(answer({ errors: [error('FORBIDDEN')] })).status).toBe(403);
  });

  it('gives 403 or 401 to a request whose every root field was refused with FORBIDDEN or UNAUTHENTICATED', () => {
    expect(withRequestStatus(answer({ errors: [error('FORBIDDEN', ['breakGlassUses'])], data: null })).status).toBe(403);
    expect(withRequestStatus(answer({ errors: [error('FORBIDDEN', ['a']), error('FORBIDDEN', ['b'])], data: { a: null, b: null } })).status).toBe(403);
    expect(withRequestStatus(answer({ errors: [error('UNAUTHENTICATED', ['me'])], data: null })).status).toBe(401);
  });

  it('keeps 200 for partial answers, execution codes and mixed refusals', () => {
    expect(withRequestStatus(answer({ errors: [error('FORBIDDEN', ['a'])], data: { a: null, b: 1 } })).status).toBe(200);
    expect(withRequestStatus(answer({ errors: [error('SUBGRAPH_UNAVAILABLE', ['a'])], data: null })).status).toBe(200);
    expect(withRequestStatus(answer({ errors: [error('BAD_USER_INPUT', ['grantConsent'])], data: { grantConsent: null } })).status).toBe(200);
    expect(withRequestStatus(answer({ errors: [error('FORBIDDEN', ['a']), error('CONSENT_REQUIRED', ['b'])], data: null })).status).toBe(200);
    expect(withRequestStatus(answer({ data: { a: 1 } })).status).toBe(200);
  });

  it('leaves statuses Apollo already set alone', () => {
    expect(withRequestStatus(answer({ errors: [error('BAD_USER_INPUT')] }, 400)).status).toBe(400);
  });
});
