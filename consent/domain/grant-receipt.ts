import type { GranteeRecord } from '../subgraph/store.js';
import { scopeSubgraphs } from '../policy/grant-scope.js';
import { scopeWords } from '../policy/plain-words.js';
import { versionOf, type GrantAction, type GrantRecord } from './grants.js';
import { recordScopeWords, sameRecordScope, type RecordScope } from './record-scope.js';

export const GRANT_RECEIPT_TYPE = 'citygraph.consent-receipt/v2';

/**
 * What the consent authority signs for every state of a grant: the whole artefact, its scope included, and the
 * scope in plain words in both languages, so that the receipt a citizen keeps says what they agreed to.
 *
 * `salt` (16 random bytes, base64url; GrantService draws a fresh one for every receipt) is there because the
 * access log keeps each state's `receiptHash` forever, and Ed25519 signatures are deterministic: without it,
 * whoever holds the signing key could rebuild the receipt of a guessed citizen (ids are few and sequential), hash
 * it, and so tie an erased citizen's grant leaves back to them. Only the receipt itself (the citizen's copy, the
 * grant row that erasure deletes) holds the salt.
 */
export function grantReceiptBody(
  grant: Omit<GrantRecord, 'receipt'>,
  grantee: Pick<GranteeRecord, 'name' | 'kind'> | null,
  action: GrantAction | 'SCOPE_MIGRATED',
  at: string,
  salt: string,
): Record<string, unknown> {
  return {
    type: GRANT_RECEIPT_TYPE,
    salt,
    action,
    at,
    grantId: grant.id,
    citizenId: grant.citizenId,
    grantee: { id: grant.granteeId, name: grantee?.name ?? grant.granteeId, kind: grantee?.kind ?? 'UNKNOWN' },
    purpose: grant.purpose,
    scope: grant.scope.map(({ subgraph, category }) => ({ subgraph, category })),
    categories: grant.categories,
    subgraphs: scopeSubgraphs(grant.scope),
    inPlainWords: grant.onlyRecord
      ? { en: recordScopeWords(grant.onlyRecord, grant.purpose, 'EN'), zh: recordScopeWords(grant.onlyRecord, grant.purpose, 'ZH_HANS') }
      : { en: scopeWords(grant.scope, grant.purpose, 'EN'), zh: scopeWords(grant.scope, grant.purpose, 'ZH_HANS') },
    // Only on one-record consents, so that every receipt signed before they existed still matches its row.
    ...(grant.onlyRecord ? { onlyRecord: grant.onlyRecord } : {}),
    validFrom: grant.validFrom,
    validUntil: grant.validUntil,
    fetchLimitPerDay: grant.fetchLimitPerDay ?? null,
    status: grant.status,
    version: versionOf(grant),
  };
}

/** True when a verified receipt states exactly this row: an edited scope, status, purpose or date is not honoured. */
export function receiptMatchesGrant(payload: Record<string, unknown> | undefined, grant: GrantRecord): boolean {
  if (!payload || payload.type !== GRANT_RECEIPT_TYPE) return false;
  const grantee = payload.grantee as { id?: unknown } | undefined;
  const scope = JSON.stringify((grant.scope ?? []).map(({ subgraph, category }) => ({ subgraph, category })));
  return (
    payload.grantId === grant.id &&
    payload.citizenId === grant.citizenId &&
    grantee?.id === grant.granteeId &&
    payload.purpose === grant.purpose &&
    payload.status === grant.status &&
    payload.validFrom === grant.validFrom &&
    payload.validUntil === grant.validUntil &&
    (payload.fetchLimitPerDay ?? null) === (grant.fetchLimitPerDay ?? null) &&
    // Receipts signed before versions were stored carry none; they match only a row without one.
    (payload.version === undefined ? grant.version === undefined : payload.version === grant.version) &&
    JSON.stringify(payload.scope) === scope &&
    sameRecordScope(payload.onlyRecord as RecordScope | undefined, grant.onlyRecord)
  );
}
