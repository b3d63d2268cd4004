import crypto from 'node:crypto';
import { BadUserInputError, ConsentDeniedError, ForbiddenError, NotFoundError, UnauthenticatedError } from '../../platform/errors.js';
import type { Principal, Purpose } from '../../platform/principal.js';
import { isSubgraphName, type SubgraphName } from '../../platform/services.js';
import { signReceipt, type AuthorityKeys } from '../crypto/authority-signing.js';
import { grantReceiptBody } from '../domain/grant-receipt.js';
import { effectiveStatus, transition, versionOf, type GrantAction, type GrantRecord } from '../domain/grants.js';
import type { DataCategory } from '../enforcement/types.js';
import { loadPurposeScope, normaliseScope, resolveScope, scopeCategories, type PurposeScopeMap, type ScopeItem } from '../policy/grant-scope.js';
import { loadPersonalFields, type PersonalFieldIndex } from '../policy/personal-fields.js';
import type { ConsentStore, GranteeRecord } from '../subgraph/store.js';
import type { RecordScope } from '../domain/record-scope.js';
import type { AccessLogService } from './access-log-service.js';

export interface GrantInput {
  granteeId: string;
  purpose: Purpose;
  categories: DataCategory[];
  /** The subgraphs the categories are granted in; omitted: every holder, narrowed by the purpose map. */
  subgraphs?: readonly string[] | null;
  /** An exact scope (face enrolment, an approved request); not reachable from the graph's input. */
  scope?: readonly ScopeItem[];
  validFrom?: string | null;
  validUntil: string;
  fetchLimitPerDay?: number | null;
  /** A one-record consent (an approved one-ride request); not reachable from the graph's input. */
  onlyRecord?: RecordScope | null;
}

/** What a grant's scope is resolved against: the composed supergraph's personal fields and the purpose map. */
export interface ScopePolicy {
  personal: PersonalFieldIndex;
  narrowing: PurposeScopeMap;
}

export function loadScopePolicy(): ScopePolicy {
  return { personal: loadPersonalFields(), narrowing: loadPurposeScope() };
}

/** Checks the subgraph names of an input; an unknown one is BAD_USER_INPUT naming the field. */
export function parseSubgraphs(subgraphs: readonly string[] | null | undefined, field = 'subgraphs'): SubgraphName[] | undefined {
  if (!subgraphs || subgraphs.length === 0) return undefined;
  const unknown = subgraphs.filter((s) => !isSubgraphName(s));
  if (unknown.length > 0) throw new BadUserInputError(`There is no part of the city's graph called ${unknown.join(', ')}.`, { field });
  return [...new Set(subgraphs as SubgraphName[])];
}

/** The scope an input asks for, or BAD_USER_INPUT when it would cover nothing. */
export function scopeOf(policy: ScopePolicy, input: Pick<GrantInput, 'purpose' | 'categories' | 'subgraphs' | 'scope'>): ScopeItem[] {
  if (input.scope) return normaliseScope(input.scope);
  const categories = [...new Set(input.categories)];
  if (categories.length === 0) throw new BadUserInputError('Choose at least one kind of data.', { field: 'categories' });
  const scope = resolveScope({ purpose: input.purpose, categories, subgraphs: parseSubgraphs(input.subgraphs) }, policy.personal, policy.narrowing);
  if (scope.length === 0) throw new BadUserInputError('No part of the city keeps that kind of data for that purpose; name the subgraphs.', { field: 'subgraphs' });
  return scope;
}

const MAX_VALIDITY_MS = 5 * 366 * 24 * 3600 * 1000;

export function requireCitizen(principal: Principal): string {
  if (principal.kind === 'anonymous') throw new UnauthenticatedError('Sign in as a citizen to manage your consents.');
  if (principal.kind !== 'citizen') throw new ForbiddenError('Only the citizen can manage their own consents.');
  return principal.id;
}

function parseTime(value: string, field: string): number {
  const time = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(time)) throw new BadUserInputError(`${field} must be a date and time such as 2030-01-01T00:00:00Z.`, { field });
  return time;
}

/**
 * Consent grants: the citizen grants, pauses, resumes and revokes; every change is kept in the grant's history,
 * answered with a signed receipt the citizen can keep, and recorded in the citizen's transparency log before the row
 * is written (a decision honours only the state the log records last: consent/services/grant-ledger.ts).
 */
export class GrantService {
  constructor(
    private readonly store: ConsentStore,
    private readonly keys: AuthorityKeys,
    private readonly log: AccessLogService,
    private readonly clock: () => Date = () => new Date(),
    readonly scopePolicy: ScopePolicy = loadScopePolicy(),
  ) {}

  /** Every state of a grant is signed, its scope included (re-signed on every change), with a fresh salt. */
  private receipt(grant: Omit<GrantRecord, 'receipt'>, grantee: GranteeRecord | null, action: GrantAction | 'SCOPE_MIGRATED', at: string): string {
    return signReceipt(this.keys, grantReceiptBody(grant, grantee, action, at, crypto.randomBytes(16).toString('base64url')));
  }

  /**
   * Grants stored before grants named subgraphs (rows with categories and no scope) get the scope a grant of the
   * same purpose and categories gets today (every holder, narrowed by the purpose map), and a receipt re-signed
   * over it. Runs at start; idempotent (a row with a scope is left alone); the history is not changed.
   */
  async migrateScopes(): Promise<number> {
    const pageSize = 500;
    let migrated = 0;
    for (let skip = 0; ; skip += pageSize) {
      const page = await this.store.grants.find({}, { sort: [['id', 1]], limit: pageSize, skip });
      for (const grant of page) {
        if (Array.isArray(grant.scope)) continue;
        const scope = resolveScope({ purpose: grant.purpose, categories: grant.categories }, this.scopePolicy.personal, this.scopePolicy.narrowing);
        const grantee = await this.store.grantees.get(grant.granteeId);
        const at = this.clock();
        const base = { ...grant, scope, categories: scopeCategories(scope), version: versionOf(grant) + 1 };
        const receipt = this.receipt(base, grantee, 'SCOPE_MIGRATED', at.toISOString());
        await this.log.appendGrantChange({ ...base, receipt }, 'SCOPE_MIGRATED', null, `migration:${grant.id}`, at);
        await this.store.grants.update(grant.id, { scope, categories: base.categories, version: base.version, receipt });
        migrated++;
      }
      if (page.length < pageSize) return migrated;
    }
  }

  /**
   * Grants written before grant states were logged get their current state recorded once (action RECORDED), so that
   * they stay honoured. Runs at start; idempotent (a grant the log records anything for is left alone, so a row
   * restored over a newer logged state is not made current again).
   */
  async recordUnlogged(): Promise<number> {
    const pageSize = 500;
    let recorded = 0;
    for (let skip = 0; ; skip += pageSize) {
      const page = await this.store.grants.find({}, { sort: [['id', 1]], limit: pageSize, skip });
      const logged = await this.log.grants.latestStates(page);
      for (const grant of page) {
        if (logged.has(grant.id)) continue;
        await this.log.appendGrantChange(grant, 'RECORDED', null, `migration:${grant.id}`, this.clock());
        recorded++;
      }
      if (page.length < pageSize) return recorded;
    }
  }

  async grant(principal: Principal, input: GrantInput): Promise<GrantRecord> {
    const citizenId = requireCitizen(principal);
    // An erased citizen has nothing left to release, and a new grant row would name them beside the grant-state
    // leaves it writes, which erasure unlinked (consent/services/erasure-unlink.ts).
    if ((await this.store.dataKeys.get(citizenId))?.erasedAt) throw new ConsentDeniedError('DATA_ERASED');
    const now = this.clock();
    const grantee = await this.store.grantees.get(input.granteeId);
    if (!grantee) throw new BadUserInputError('There is no department or partner with that id.', { field: 'granteeId' });
    if (grantee.kind === 'PARTNER' && !grantee.purposes.includes(input.purpose)) {
      throw new BadUserInputError(`${grantee.name} is not registered for the purpose ${input.purpose}.`, { field: 'purpose' });
    }
    const scope = scopeOf(this.scopePolicy, input);
    const from = input.validFrom ? parseTime(input.validFrom, 'validFrom') : now.getTime();
    const until = parseTime(input.validUntil, 'validUntil');
    if (until <= now.getTime()) throw new BadUserInputError('The end date must be in the future.', { field: 'validUntil' });
    if (until <= from) throw new BadUserInputError('The end date must be after the start date.', { field: 'validUntil' });
    if (until - now.getTime() > MAX_VALIDITY_MS) throw new BadUserInputError('A consent can last at most five years.', { field: 'validUntil' });
    if (input.fetchLimitPerDay != null && (!Number.isInteger(input.fetchLimitPerDay) || input.fetchLimitPerDay < 1 || input.fetchLimitPerDay > 100_000)) {
      throw new BadUserInputError('The daily limit must be a whole number from 1 to 100000.', { field: 'fetchLimitPerDay' });
    }
    const at = now.toISOString();
    const base: Omit<GrantRecord, 'receipt'> = {
      id: `CG-${crypto.randomUUID()}`,
      citizenId,
      granteeId: grantee.id,
      purpose: input.purpose,
      scope,
      categories: scopeCategories(scope),
      validFrom: new Date(from).toISOString(),
      validUntil: new Date(until).toISOString(),
      fetchLimitPerDay: input.fetchLimitPerDay ?? null,
      ...(input.onlyRecord ? { onlyRecord: input.onlyRecord } : {}),
      status: 'ACTIVE',
      version: 1,
      createdAt: at,
      changedAt: at,
      history: [{ at, action: 'GRANTED', status: 'ACTIVE', by: citizenId }],
    };
    const record: GrantRecord = { ...base, receipt: this.receipt(base, grantee, 'GRANTED', at) };
    // Logged first: a row the log does not record is never honoured, so a failed write leaves nothing half-granted.
    await this.log.appendGrantChange(record, 'GRANTED', principal, principal.requestId, now);
    await this.store.grants.insert(record);
    return record;
  }

  async change(principal: Principal, grantId: string, action: Exclude<GrantAction, 'GRANTED' | 'ENDED'>): Promise<GrantRecord> {
    const citizenId = requireCitizen(principal);
    const grant = await this.store.grants.get(grantId);
    // Someone else's grant is "not found": its existence is not revealed.
    if (!grant || grant.citizenId !== citizenId) throw new NotFoundError('That consent');
    const now = this.clock();
    const next = transition(effectiveStatus(grant, now), action);
    if (!next.ok) throw new BadUserInputError(next.reason);
    const at = now.toISOString();
    const base = { ...grant, status: next.status, version: versionOf(grant) + 1, changedAt: at, history: [...grant.history, { at, action, status: next.status, by: citizenId }] };
    const grantee = await this.store.grantees.get(grant.granteeId);
    const updated: GrantRecord = { ...base, receipt: this.receipt(base, grantee, action, at) };
    // Logged first: if the row write then fails, the log's newer state makes the old row ignored (deny, not allow).
    await this.log.appendGrantChange(updated, action, principal, principal.requestId, now);
    await this.store.grants.update(grant.id, { status: updated.status, version: updated.version, changedAt: at, history: updated.history, receipt: updated.receipt });
    return updated;
  }

  /**
   * Ends the one-record consents for a record its department is done with (a ride that ended): each live one
   * becomes EXPIRED, re-signed, with `ENDED by <department>` in its history. Answers how many ended.
   */
  async endForRecord(by: Principal, citizenId: string, record: Pick<RecordScope, 'subgraph' | 'type' | 'id'>): Promise<number> {
    const now = this.clock();
    const at = now.toISOString();
    const live = (await this.store.grants.find({ citizenId })).filter(
      (g) => g.onlyRecord?.subgraph === record.subgraph && g.onlyRecord.type === record.type && g.onlyRecord.id === record.id && ['ACTIVE', 'PAUSED'].includes(effectiveStatus(g, now)),
    );
    for (const grant of live) {
      const base = {
        ...grant,
        status: 'EXPIRED' as const,
        version: versionOf(grant) + 1,
        changedAt: at,
        history: [...grant.history, { at, action: 'ENDED' as const, status: 'EXPIRED' as const, by: by.id }],
      };
      const grantee = await this.store.grantees.get(grant.granteeId);
      const updated: GrantRecord = { ...base, receipt: this.receipt(base, grantee, 'ENDED', at) };
      // Logged first, like every change: should the row write fail, the log's newer state makes the old row ignored.
      await this.log.appendGrantChange(updated, 'ENDED', by, by.requestId, now);
      await this.store.grants.update(grant.id, { status: updated.status, version: updated.version, changedAt: at, history: updated.history, receipt: updated.receipt });
    }
    return live.length;
  }

  async listFor(principal: Principal, citizenId: string): Promise<GrantRecord[]> {
    if (principal.kind !== 'citizen' || principal.id !== citizenId) throw new ForbiddenError('Only the citizen can see their consents.');
    const now = this.clock();
    const grants = await this.store.grants.find({ citizenId }, { sort: [['createdAt', -1]] });
    return grants.map((g) => ({ ...g, status: effectiveStatus(g, now) }));
  }
}
