import crypto from 'node:crypto';
import { BadUserInputError, ForbiddenError, NotFoundError } from '../../platform/errors.js';
import { isPurpose, type Principal } from '../../platform/principal.js';
import { isDepartment, SUBGRAPH_NAMES } from '../../platform/services.js';
import { deriveKey, sodium } from '../../platform/sodium.js';
import { sha256Hex } from '../../platform/hash.js';
import type { AuthenticatedPartner } from '../../contracts/consent-gateway/wire.js';
import { PARTNER_TOPIC_IDS, type PartnerTopic } from '../domain/notifications.js';
import type { ApiKeyRecord, ConsentStore, GranteeRecord, PartnerLimits, PersistedOperationRecord } from '../subgraph/store.js';
import { screenWebhookUrl, type TargetPolicy } from '../../platform/webhook-target.js';

/**
 * Partners, their API keys and their safelisted operations. Keys: `cgk_<id>_<secret>`, where the secret is 256 bits
 * of randomness; only a keyed BLAKE2b hash of the secret is stored, compared in constant time. A rotated key stays
 * valid for ROTATION_GRACE_MS so that partners can roll their deployments without downtime.
 */
export const KEY_PREFIX = 'cgk_';
export const ROTATION_GRACE_MS = 24 * 3600 * 1000;
const MAX_KEY_LIFETIME_MS = 366 * 24 * 3600 * 1000;
const PARTNER_ID = /^[a-z][a-z0-9-]{2,31}$/;
const KEY_PATTERN = /^cgk_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;
/** `<subgraph>:read` or `<subgraph>:write`; `consent:*` covers the citizen register's fields and consent requests. */
export const SCOPE_PATTERN = new RegExp(`^(${SUBGRAPH_NAMES.join('|')}):(read|write)$`);

export interface IssuedKey {
  key: string;
  record: ApiKeyRecord;
}

/** "30d", "12h", "90m" → milliseconds. */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d{1,4})([dhm])$/.exec(text.trim());
  if (!match) return undefined;
  const n = Number(match[1]);
  return n * { d: 86_400_000, h: 3_600_000, m: 60_000 }[match[2] as 'd' | 'h' | 'm'];
}

export function actorOf(principal: Principal): string {
  return `${principal.kind}:${principal.id}`;
}

export class PartnerService {
  private readonly hashKey: Uint8Array;
  private readonly webhookKey: Uint8Array;

  constructor(
    private readonly store: ConsentStore,
    masterKey: Uint8Array,
    private readonly clock: () => Date = () => new Date(),
    /** Where partners' webhooks may point (HUB_WEBHOOK_ALLOW_PRIVATE); private targets are refused unless allowed. */
    private readonly webhookTargets: TargetPolicy = { allowPrivate: false },
  ) {
    this.hashKey = deriveKey(masterKey, 'citygraph/api-keys');
    this.webhookKey = deriveKey(masterKey, 'citygraph/partner-webhooks');
  }

  /** The secret a partner's webhooks are signed with: derived from the master key, so only consent can sign. */
  webhookSecret(partnerId: string): Uint8Array {
    return sodium().crypto_generichash(32, `partner-webhook|${partnerId}`, this.webhookKey);
  }

  /**
   * Subscribes a partner to a topic (replacing its URL for it): its webhook is called, signed with its secret, for
   * every notice a department publishes on the topic (docs/notifications.md). Answers the secret (base64) to give
   * to the partner; the same every time for one partner.
   */
  async subscribe(actor: string, input: { partnerId: string; topic: string; url: string }): Promise<{ partnerId: string; topic: PartnerTopic; url: string; secret: string }> {
    const partner = await this.store.grantees.get(input.partnerId);
    if (!partner || partner.kind !== 'PARTNER') throw new NotFoundError('That partner');
    const topic = PARTNER_TOPIC_IDS.find((t) => t === input.topic);
    if (!topic) throw new BadUserInputError(`A topic is one of ${PARTNER_TOPIC_IDS.join(', ')}.`, { field: 'topic' });
    let url: URL;
    try {
      url = new URL(input.url);
    } catch {
      throw new BadUserInputError('The webhook is an http(s) URL.', { field: 'url' });
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new BadUserInputError('The webhook is an http(s) URL.', { field: 'url' });
    // Not into the city's own network: refused here, and checked again at every delivery (consent/notify/channels.ts).
    await screenWebhookUrl(url, this.webhookTargets);
    const subscriptions = [...(partner.subscriptions ?? []).filter((s) => s.topic !== topic), { topic, url: url.toString() }];
    await this.store.grantees.upsert({ ...partner, subscriptions });
    await this.audit(actor, 'PARTNER_SUBSCRIBED', partner.id, { topic, url: url.toString() });
    return { partnerId: partner.id, topic, url: url.toString(), secret: Buffer.from(this.webhookSecret(partner.id)).toString('base64') };
  }

  private hash(secret: string): string {
    return Buffer.from(sodium().crypto_generichash(32, secret, this.hashKey)).toString('base64url');
  }

  private async audit(actor: string, action: string, target: string, details: Record<string, unknown> = {}): Promise<void> {
    const at = this.clock().toISOString();
    await this.store.adminAudit.insert({ id: `${at}:${crypto.randomUUID()}`, at, actor, action, target, details });
  }

  async addPartner(actor: string, input: { id: string; name: string; purposes: string[]; contact?: string | null; limits?: PartnerLimits | null; scopes?: string[] | null }): Promise<GranteeRecord> {
    if (!PARTNER_ID.test(input.id) || isDepartment(input.id)) throw new BadUserInputError('A partner id is 3 to 32 lower-case letters, digits or dashes, and not a department name.', { field: 'id' });
    const name = input.name.trim();
    if (name.length < 2 || name.length > 100) throw new BadUserInputError('A partner name is 2 to 100 characters.', { field: 'name' });
    const purposes = [...new Set(input.purposes)];
    if (purposes.length === 0 || !purposes.every(isPurpose)) throw new BadUserInputError('Name at least one purpose, each one of the purposes the city defines.', { field: 'purposes' });
    for (const [field, value] of Object.entries(input.limits ?? {})) {
      if (value != null && (!Number.isInteger(value) || value < 1 || value > 10_000_000)) throw new BadUserInputError(`${field} must be a whole number from 1 to 10000000.`, { field });
    }
    const givenScopes = input.scopes ? [...new Set(input.scopes)] : undefined;
    if (givenScopes && !givenScopes.every((scope) => SCOPE_PATTERN.test(scope))) throw new BadUserInputError('Scopes look like transport:read or sensors:write.', { field: 'scopes' });
    const existing = await this.store.grantees.get(input.id);
    // The partner's default key scopes: as given, else as registered before (an update keeps them).
    const scopes = givenScopes ?? existing?.scopes;
    const record: GranteeRecord = {
      id: input.id,
      kind: 'PARTNER',
      name,
      purposes,
      ...(input.contact ? { contact: input.contact } : {}),
      ...(input.limits ? { limits: input.limits } : {}),
      ...(scopes && scopes.length > 0 ? { scopes } : {}),
      createdAt: existing?.createdAt ?? this.clock().toISOString(),
    };
    if (existing && existing.kind !== 'PARTNER') throw new BadUserInputError('That id belongs to a department.', { field: 'id' });
    await this.store.grantees.upsert(record);
    await this.audit(actor, existing ? 'PARTNER_UPDATED' : 'PARTNER_ADDED', input.id, { name, purposes, limits: input.limits ?? null, scopes: scopes ?? null });
    return record;
  }

  async issueKey(actor: string, input: { partnerId: string; scopes: string[]; expiresInMs: number }): Promise<IssuedKey> {
    const partner = await this.store.grantees.get(input.partnerId);
    if (!partner || partner.kind !== 'PARTNER') throw new NotFoundError('That partner');
    // Without scopes, a key gets the partner's registered default scopes (the seed gives robotaxi its own).
    const scopes = [...new Set(input.scopes.length > 0 ? input.scopes : (partner.scopes ?? []))];
    if (scopes.length === 0 || !scopes.every((s) => SCOPE_PATTERN.test(s))) throw new BadUserInputError('Scopes look like transport:read or sensors:write.', { field: 'scopes' });
    if (!Number.isInteger(input.expiresInMs) || input.expiresInMs < 60_000 || input.expiresInMs > MAX_KEY_LIFETIME_MS) {
      throw new BadUserInputError('A key lasts from one minute to one year.', { field: 'expiresIn' });
    }
    const id = crypto.randomBytes(8).toString('hex');
    const secret = crypto.randomBytes(32).toString('base64url');
    const now = this.clock();
    const record: ApiKeyRecord = {
      id,
      partnerId: partner.id,
      hash: this.hash(secret),
      scopes,
      createdAt: now.toISOString(),
      createdBy: actor,
      expiresAt: new Date(now.getTime() + input.expiresInMs).toISOString(),
      revokedAt: null,
      rotatedTo: null,
    };
    await this.store.apiKeys.insert(record);
    await this.audit(actor, 'KEY_ISSUED', id, { partnerId: partner.id, scopes, expiresAt: record.expiresAt });
    return { key: `${KEY_PREFIX}${id}_${secret}`, record };
  }

  async listKeys(partnerId?: string): Promise<ApiKeyRecord[]> {
    return this.store.apiKeys.find(partnerId ? { partnerId } : {}, { sort: [['createdAt', -1]] });
  }

  async revokeKey(actor: string, keyId: string): Promise<ApiKeyRecord> {
    const record = await this.store.apiKeys.get(keyId);
    if (!record) throw new NotFoundError('That key');
    if (record.revokedAt) return record;
    const revokedAt = this.clock().toISOString();
    await this.store.apiKeys.update(keyId, { revokedAt });
    await this.audit(actor, 'KEY_REVOKED', keyId, { partnerId: record.partnerId });
    return { ...record, revokedAt };
  }

  /** A new key with the same scopes; the old one keeps working for the grace period, then expires. */
  async rotateKey(actor: string, keyId: string): Promise<IssuedKey & { oldKeyValidUntil: string }> {
    const old = await this.store.apiKeys.get(keyId);
    if (!old || old.revokedAt) throw new NotFoundError('That key');
    const now = this.clock().getTime();
    const remaining = Math.max(60_000, Date.parse(old.expiresAt) - now);
    const issued = await this.issueKey(actor, { partnerId: old.partnerId, scopes: old.scopes, expiresInMs: Math.min(MAX_KEY_LIFETIME_MS, Math.max(remaining, 30 * 86_400_000)) });
    const oldKeyValidUntil = new Date(Math.min(Date.parse(old.expiresAt), now + ROTATION_GRACE_MS)).toISOString();
    await this.store.apiKeys.update(keyId, { expiresAt: oldKeyValidUntil, rotatedTo: issued.record.id });
    await this.audit(actor, 'KEY_ROTATED', keyId, { partnerId: old.partnerId, newKeyId: issued.record.id, oldKeyValidUntil });
    return { ...issued, oldKeyValidUntil };
  }

  async registerOperation(actor: string, input: { partnerId: string; document: string; purposes: string[] }): Promise<PersistedOperationRecord> {
    const partner = await this.store.grantees.get(input.partnerId);
    if (!partner || partner.kind !== 'PARTNER') throw new NotFoundError('That partner');
    const purposes = [...new Set(input.purposes)];
    if (purposes.length === 0 || !purposes.every((p) => partner.purposes.includes(p))) {
      throw new BadUserInputError('An operation can be bound only to purposes the partner holds.', { field: 'purposes' });
    }
    if (input.document.length === 0 || input.document.length > 100_000) throw new BadUserInputError('The document is empty or too long.', { field: 'document' });
    const hash = sha256Hex(input.document);
    const record: PersistedOperationRecord = {
      id: `${partner.id}:${hash}`,
      partnerId: partner.id,
      sha256: hash,
      document: input.document,
      purposes,
      registeredAt: this.clock().toISOString(),
      registeredBy: actor,
    };
    await this.store.persistedOperations.upsert(record);
    await this.audit(actor, 'OPERATION_REGISTERED', record.id, { purposes });
    return record;
  }

  /** The partner behind a presented key, or undefined for a malformed, unknown, expired or revoked key. */
  async authenticate(presented: string): Promise<AuthenticatedPartner | undefined> {
    const match = KEY_PATTERN.exec(presented);
    if (!match) return undefined;
    const [, id, secret] = match as unknown as [string, string, string];
    const record = await this.store.apiKeys.get(id);
    const expected = Buffer.from(record?.hash ?? this.hash('not-a-key'), 'base64url');
    const actual = Buffer.from(this.hash(secret), 'base64url');
    const same = expected.length === actual.length && crypto.timingSafeEqual(expected, actual);
    if (!record || !same || record.revokedAt || Date.parse(record.expiresAt) <= this.clock().getTime()) return undefined;
    const [partner, operations] = await Promise.all([this.store.grantees.get(record.partnerId), this.store.persistedOperations.find({ partnerId: record.partnerId })]);
    if (!partner || partner.kind !== 'PARTNER') return undefined;
    return {
      partner: { id: partner.id, name: partner.name, purposes: partner.purposes.filter(isPurpose), ...(partner.limits ? { limits: partner.limits } : {}) },
      keyId: record.id,
      scopes: record.scopes,
      expiresAt: record.expiresAt,
      operations: operations.map(({ sha256: hash, purposes, document }) => ({ sha256: hash, purposes, document })),
    };
  }

  async partners(): Promise<GranteeRecord[]> {
    return this.store.grantees.find({ kind: 'PARTNER' }, { sort: [['id', 1]] });
  }

  async auditTrail(limit = 100) {
    return this.store.adminAudit.find({}, { sort: [['at', -1]], limit });
  }
}

export function requireAdmin(principal: Principal): string {
  if (principal.kind !== 'admin') throw new ForbiddenError('Only an administrator can manage partners and keys.');
  return actorOf(principal);
}
