import crypto from 'node:crypto';
import { BadUserInputError, CitygraphError, ForbiddenError, NotFoundError, UnauthenticatedError } from '../../platform/errors.js';
import type { Principal, Purpose } from '../../platform/principal.js';
import type { Department } from '../../platform/services.js';
import type { GrantRecord } from '../domain/grants.js';
import type { AccessRecord, DataCategory } from '../enforcement/types.js';
import { scopeCategories, scopeSubgraphs, type ScopeItem } from '../policy/grant-scope.js';
import { REQUEST_BASIS_PREFIX, type AccessLogService } from './access-log-service.js';
import { requireCitizen, scopeOf, type GrantService } from './grant-service.js';
import type { ConsentRequestRecord, ConsentStore, GranteeRecord } from '../subgraph/store.js';
import { requestWithoutCitizen } from './erasure-unlink.js';

export type ConsentRequestStatus = 'PENDING' | 'APPROVED' | 'DECLINED' | 'EXPIRED';

/** A requester asked more than its daily allowance of consent requests. */
export class ConsentRequestLimitError extends CitygraphError {
  constructor(limit: number) {
    super('RATE_LIMITED', `At most ${limit} consent requests a day; try again tomorrow.`);
  }
}

export interface ConsentRequestInput {
  citizenId: string;
  purpose: Purpose;
  categories: DataCategory[];
  subgraphs?: readonly string[] | null;
  validUntil: string;
  reason: string;
  expiresAt?: string | null;
}

export interface ConsentRequestView extends Omit<ConsentRequestRecord, 'status'> {
  status: ConsentRequestStatus;
}

export const MAX_REASON_LENGTH = 280;
const DEFAULT_ANSWER_DAYS = 14;
const MAX_ANSWER_DAYS = 30;
const MAX_VALIDITY_MS = 5 * 366 * 86_400_000;
const DAY_MS = 86_400_000;
/** The access-log coordinate of a consent request: no field is released, the citizen sees who asked for what. */
export const REQUEST_COORDINATE = 'Mutation.requestConsent';

function parseTime(value: string, field: string): number {
  const time = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(time)) throw new BadUserInputError(`${field} must be a date and time such as 2030-01-01T00:00:00Z.`, { field });
  return time;
}

/** Printable text only (no control characters), trimmed, 1 to 280 characters. */
function parseReason(reason: string): string {
  const text = reason.trim();
  // eslint-disable-next-line no-control-regex
  if (text.length === 0 || [...text].length > MAX_REASON_LENGTH || /[\u0000-\u001f\u007f]/.test(text)) {
    throw new BadUserInputError(`The reason is 1 to ${MAX_REASON_LENGTH} characters of plain text.`, { field: 'reason' });
  }
  return text;
}

/**
 * Consent requests (DEPA-style): a department or partner asks, the citizen approves (a grant covering exactly what
 * was asked, with a receipt) or declines, requests expire, a citizen can block a requester. The requester's answer
 * never depends on who the citizen is: unknown, erased and blocking citizens get a PENDING request like anyone else,
 * which is simply never shown to them and expires.
 */
export class ConsentRequestService {
  constructor(
    private readonly store: ConsentStore,
    private readonly grants: GrantService,
    private readonly accessLog: AccessLogService,
    private readonly departmentPurposes: Readonly<Record<Department, readonly Purpose[]>>,
    private readonly perDay: number,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  private view(record: ConsentRequestRecord, now = this.clock()): ConsentRequestView {
    const expired = record.status === 'PENDING' && Date.parse(record.expiresAt) <= now.getTime();
    return { ...record, status: expired ? 'EXPIRED' : record.status };
  }

  /** Who is asking, as a grantee: a department's staff or a partner; anyone else may not ask. */
  private async requester(principal: Principal): Promise<{ id: string; kind: GranteeRecord['kind']; purposes: readonly string[] }> {
    if (principal.kind === 'anonymous') throw new UnauthenticatedError('Sign in to ask for consent.');
    if (principal.kind === 'staff' && principal.department) {
      return { id: principal.department, kind: 'DEPARTMENT', purposes: this.departmentPurposes[principal.department] ?? [] };
    }
    if (principal.kind === 'partner') {
      if (!principal.scopes.includes('consent:write')) throw new ForbiddenError('Asking for consent needs a key with the consent:write scope.');
      const partner = await this.store.grantees.get(principal.id);
      if (!partner || partner.kind !== 'PARTNER') throw new ForbiddenError('Only registered partners can ask for consent.');
      return { id: partner.id, kind: 'PARTNER', purposes: partner.purposes };
    }
    throw new ForbiddenError('Only departments and partners can ask for consent.');
  }

  async request(principal: Principal, input: ConsentRequestInput): Promise<ConsentRequestView> {
    const requester = await this.requester(principal);
    if (!requester.purposes.includes(input.purpose)) throw new ForbiddenError(`You may not ask for consent for the purpose ${input.purpose}.`);
    const scope = scopeOf(this.grants.scopePolicy, input);
    if (requester.kind === 'PARTNER') {
      const outside = scopeSubgraphs(scope).filter((s) => !principal.scopes.includes(`${s}:read`) && !principal.scopes.includes(`${s}:write`));
      if (outside.length > 0) throw new ForbiddenError(`Your key's scopes do not name ${outside.join(', ')}.`);
    }
    const reason = parseReason(input.reason);
    const now = this.clock();
    const until = parseTime(input.validUntil, 'validUntil');
    if (until <= now.getTime()) throw new BadUserInputError('The end date must be in the future.', { field: 'validUntil' });
    if (until - now.getTime() > MAX_VALIDITY_MS) throw new BadUserInputError('A consent can last at most five years.', { field: 'validUntil' });
    const expires = input.expiresAt ? parseTime(input.expiresAt, 'expiresAt') : now.getTime() + DEFAULT_ANSWER_DAYS * DAY_MS;
    if (expires <= now.getTime() || expires - now.getTime() > MAX_ANSWER_DAYS * DAY_MS) {
      throw new BadUserInputError(`The citizen can be given from now to ${MAX_ANSWER_DAYS} days to answer.`, { field: 'expiresAt' });
    }
    if (!/^[A-Za-z0-9-]{1,64}$/.test(input.citizenId)) throw new BadUserInputError('That is not a citizen id.', { field: 'citizenId' });

    const since = new Date(now.getTime() - DAY_MS).toISOString();
    const made = await this.store.consentRequests.count({ requesterId: requester.id, createdAt: { $gt: since } });
    if (made >= this.perDay) throw new ConsentRequestLimitError(this.perDay);

    const [key, block] = await Promise.all([this.store.dataKeys.get(input.citizenId), this.store.requesterBlocks.get(`${input.citizenId}|${requester.id}`)]);
    const known = Boolean(key);
    const delivered = known && !key?.erasedAt && !block;
    const record: ConsentRequestRecord = {
      id: `CR-${crypto.randomUUID()}`,
      citizenId: input.citizenId,
      requesterId: requester.id,
      requesterKind: requester.kind,
      purpose: input.purpose,
      scope,
      validUntil: new Date(until).toISOString(),
      reason,
      status: 'PENDING',
      delivered,
      createdAt: now.toISOString(),
      expiresAt: new Date(expires).toISOString(),
      answeredAt: null,
      grantId: null,
      // An erased citizen is named nowhere in the consent store; the requester never sees these fields.
      ...(key?.erasedAt ? requestWithoutCitizen({}) : {}),
    };
    await this.store.consentRequests.insert(record);
    // The citizen's log shows who asked for what (never the reason's text), blocked requesters included.
    if (known) {
      const records: AccessRecord[] = scopeCategories(scope).map((category) => ({
        citizenId: input.citizenId,
        coordinate: REQUEST_COORDINATE,
        category,
        allow: false,
        basis: `${REQUEST_BASIS_PREFIX}${record.id}`,
      }));
      await this.accessLog.append(principal, 'consent', records, now);
    }
    return this.view(record, now);
  }

  /** The citizen answers a request addressed to them; a request past its `expiresAt` can no longer be approved. */
  async respond(principal: Principal, id: string, approve: boolean): Promise<ConsentRequestView> {
    const citizenId = requireCitizen(principal);
    const record = await this.store.consentRequests.get(id);
    if (!record || !record.delivered || record.citizenId !== citizenId) throw new NotFoundError('That consent request');
    const now = this.clock();
    const current = this.view(record, now);
    if (current.status !== 'PENDING') throw new BadUserInputError(`This request is ${current.status.toLowerCase()}, so it can no longer be answered.`);
    let grant: GrantRecord | undefined;
    if (approve) {
      grant = await this.grants.grant(principal, {
        granteeId: record.requesterId,
        purpose: record.purpose as Purpose,
        categories: scopeCategories(record.scope),
        scope: record.scope,
        validUntil: record.validUntil,
        ...(record.onlyRecord ? { onlyRecord: record.onlyRecord } : {}),
      });
    }
    const answeredAt = now.toISOString();
    const change = { status: approve ? ('APPROVED' as const) : ('DECLINED' as const), answeredAt, grantId: grant?.id ?? null };
    await this.store.consentRequests.update(record.id, change);
    return { ...record, ...change };
  }

  /** The citizen's requests (only those delivered to them), newest first. */
  async listFor(principal: Principal, citizenId: string, status?: ConsentRequestStatus | null): Promise<ConsentRequestView[]> {
    if (principal.kind !== 'citizen' || principal.id !== citizenId) throw new ForbiddenError('Only the citizen can see requests for their consent.');
    const now = this.clock();
    const rows = await this.store.consentRequests.find({ citizenId, delivered: true }, { sort: [['createdAt', -1]], limit: 200 });
    return rows.map((r) => this.view(r, now)).filter((r) => !status || r.status === status);
  }

  /** One request, for the citizen it is addressed to or the requester who made it; nobody else learns it exists. */
  async get(principal: Principal, id: string): Promise<ConsentRequestView | null> {
    const record = await this.store.consentRequests.get(id);
    if (!record) return null;
    const isCitizen = principal.kind === 'citizen' && principal.id === record.citizenId && record.delivered;
    const asker = principal.kind === 'staff' ? principal.department : principal.kind === 'partner' ? principal.id : undefined;
    return isCitizen || asker === record.requesterId ? this.view(record) : null;
  }

  async block(principal: Principal, requesterId: string): Promise<GranteeRecord[]> {
    const citizenId = requireCitizen(principal);
    const requester = await this.store.grantees.get(requesterId);
    if (!requester) throw new BadUserInputError('There is no department or partner with that id.', { field: 'requesterId' });
    const now = this.clock().toISOString();
    await this.store.requesterBlocks.upsert({ id: `${citizenId}|${requesterId}`, citizenId, requesterId, at: now });
    const pending = await this.store.consentRequests.find({ citizenId, requesterId, status: 'PENDING' });
    for (const request of pending) await this.store.consentRequests.update(request.id, { status: 'DECLINED', answeredAt: now });
    return this.blocked(principal, citizenId);
  }

  async unblock(principal: Principal, requesterId: string): Promise<GranteeRecord[]> {
    const citizenId = requireCitizen(principal);
    await this.store.requesterBlocks.delete(`${citizenId}|${requesterId}`);
    return this.blocked(principal, citizenId);
  }

  async blocked(principal: Principal, citizenId: string): Promise<GranteeRecord[]> {
    if (principal.kind !== 'citizen' || principal.id !== citizenId) throw new ForbiddenError('Only the citizen can see whom they blocked.');
    const blocks = await this.store.requesterBlocks.find({ citizenId });
    const grantees = await this.store.grantees.getMany(blocks.map((b) => b.requesterId));
    return grantees.filter((g): g is GranteeRecord => g !== null);
  }
}
