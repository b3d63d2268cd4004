import crypto from 'node:crypto';
import { ConsentDeniedError, NotFoundError } from '../../platform/errors.js';
import type { Principal } from '../../platform/principal.js';
import type { LocalConsentAuthority } from '../authority/local-authority.js';
import { subgraphDataKey, unwrapDataKey, type WrappedDataKey } from '../crypto/data-keys.js';
import { openField, sealField, type SubgraphDataKey } from '../crypto/field-cipher.js';
import { effectiveStatus, type GrantRecord } from '../domain/grants.js';
import type { Caller, CategoryDecision } from '../enforcement/types.js';
import { requireCitizen, type GrantService } from '../services/grant-service.js';
import type { ConsentStore } from '../subgraph/store.js';
import { bioHash, newSeed, templatesMatch } from './biohash.js';
import { validateEmbedding } from './embedding.js';
import type { FaceTemplateRecord, FaceTemplateStore } from './template-store.js';

/** The consent grant an enrolment records: the transport department may check this face to assist with taxis. */
export const FACE_GRANT = {
  granteeId: 'transport',
  purpose: 'TAXI_ASSIST',
  categories: ['BIOMETRIC', 'LOCATION'],
  /** The face template in the consent service, and the saved places in transport: nothing else (ARCHITECTURE §4). */
  scope: [
    { subgraph: 'consent', category: 'BIOMETRIC' },
    { subgraph: 'transport', category: 'LOCATION' },
  ],
} as const;
/** How long the enrolment's consent lasts; the citizen re-enrols (or grants again) after that. */
export const FACE_GRANT_DAYS = 365;
/** The access-log coordinate of a face check: the template belongs to the citizen in the consent service. */
export const FACE_COORDINATE = 'Citizen.face';

export type FaceCheck = { allowed: true; matched: boolean } | { allowed: false; code: Extract<CategoryDecision, { allow: false }>['code'] };

/**
 * Facial templates (ARCHITECTURE §5): enrolment keeps only a BioHash template and its seed, sealed under the
 * citizen's data key; verification is 1:1 against the one named citizen and answers match or not. Embeddings are
 * never stored, logged or put in an error.
 */
export class FaceService {
  constructor(
    private readonly store: ConsentStore,
    private readonly templates: FaceTemplateStore,
    private readonly masterKey: Uint8Array,
    private readonly grants: GrantService,
    private readonly authority: LocalConsentAuthority,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** The citizen's consent-service key; none once erased (or for an unknown citizen). */
  private async keyFor(citizenId: string): Promise<SubgraphDataKey | undefined> {
    const record = await this.store.dataKeys.get(citizenId);
    if (!record || record.erasedAt || !record.wrapped || !record.version || !record.createdAt) return undefined;
    const wrapped = record as WrappedDataKey;
    return subgraphDataKey(unwrapDataKey(this.masterKey, wrapped), 'consent', wrapped.version);
  }

  private binding(record: Pick<FaceTemplateRecord, 'citizenId' | 'enrolmentId'>, field: 'seed' | 'template') {
    return { subgraph: 'consent' as const, collection: 'FaceTemplate', field, recordId: record.enrolmentId, citizenId: record.citizenId };
  }

  async enroll(principal: Principal, values: readonly unknown[]): Promise<{ enrolledAt: string; grant: GrantRecord }> {
    const citizenId = requireCitizen(principal);
    const embedding = validateEmbedding(values);
    const key = await this.keyFor(citizenId);
    if (!key) throw new ConsentDeniedError('DATA_ERASED');
    const now = this.clock();
    const previous = await this.templates.get(citizenId);
    const grant = await this.currentGrant(previous, now) ?? (await this.grants.grant(principal, {
      ...FACE_GRANT,
      categories: [...FACE_GRANT.categories],
      scope: FACE_GRANT.scope.map((item) => ({ ...item })),
      validUntil: new Date(now.getTime() + FACE_GRANT_DAYS * 86_400_000).toISOString(),
    }));
    const seed = newSeed();
    const template = bioHash(seed, embedding);
    embedding.fill(0);
    const ids = { citizenId, enrolmentId: `FE-${crypto.randomUUID()}` };
    const enrolledAt = now.toISOString();
    await this.templates.save({
      id: citizenId,
      ...ids,
      seed: sealField(key, this.binding(ids, 'seed'), Buffer.from(seed).toString('base64url')),
      template: sealField(key, this.binding(ids, 'template'), Buffer.from(template).toString('base64url')),
      enrolledAt,
      grantId: grant.id,
    });
    seed.fill(0);
    return { enrolledAt, grant };
  }

  /** The previous enrolment's grant while it is still active: re-enrolment changes the template, not the consent. */
  private async currentGrant(previous: FaceTemplateRecord | null, now: Date): Promise<GrantRecord | undefined> {
    if (!previous) return undefined;
    const grant = await this.store.grants.get(previous.grantId);
    return grant && effectiveStatus(grant, now) === 'ACTIVE' ? grant : undefined;
  }

  /** Deletes the seed and template and revokes the enrolment's consent; answers that grant as it now stands. */
  async revoke(principal: Principal): Promise<{ revokedAt: string; grant: GrantRecord | null }> {
    const citizenId = requireCitizen(principal);
    const record = await this.templates.get(citizenId);
    if (!record) throw new NotFoundError('A face enrolment');
    await this.templates.delete(citizenId);
    const now = this.clock();
    const grant = await this.store.grants.get(record.grantId);
    let answer: GrantRecord | null = grant;
    if (grant) {
      const status = effectiveStatus(grant, now);
      answer = status === 'ACTIVE' || status === 'PAUSED' ? await this.grants.change(principal, grant.id, 'REVOKED') : { ...grant, status };
    }
    return { revokedAt: now.toISOString(), grant: answer };
  }

  /**
   * A 1:1 check of `citizenId`'s face for the caller. The consent decision for BIOMETRIC comes first and goes to
   * the citizen's access log (allowed or not, with its basis) before anything is compared; a citizen without a
   * template does not match.
   */
  async verify(caller: Caller, citizenId: string, values: readonly unknown[]): Promise<FaceCheck> {
    const embedding = validateEmbedding(values);
    try {
      const [decision] = await this.authority.decide(caller, { subgraph: 'consent', citizenIds: [citizenId], categories: ['BIOMETRIC'] });
      const verdict: CategoryDecision = decision?.categories.BIOMETRIC ?? { allow: false, code: 'CONSENT_REQUIRED' };
      const self = caller.principal.kind === 'citizen' && caller.principal.id === citizenId;
      if (!self) {
        await this.authority.recordAccess(caller, 'consent', [
          {
            citizenId,
            coordinate: FACE_COORDINATE,
            category: 'BIOMETRIC',
            allow: verdict.allow,
            ...(verdict.allow ? {} : { code: verdict.code }),
            ...(verdict.basis ? { basis: verdict.basis } : {}),
          },
        ]);
      }
      if (!verdict.allow) return { allowed: false, code: verdict.code };
      const record = await this.templates.get(citizenId);
      const key = record ? await this.keyFor(citizenId) : undefined;
      if (!record || !key) return { allowed: true, matched: false };
      const seed = new Uint8Array(Buffer.from(openField(key, this.binding(record, 'seed'), record.seed) as string, 'base64url'));
      const enrolled = new Uint8Array(Buffer.from(openField(key, this.binding(record, 'template'), record.template) as string, 'base64url'));
      const matched = templatesMatch(enrolled, bioHash(seed, embedding));
      seed.fill(0);
      return { allowed: true, matched };
    } finally {
      embedding.fill(0);
    }
  }

  /** Erasure: the seed and template go with the data key. */
  async erase(citizenId: string): Promise<void> {
    await this.templates.delete(citizenId);
  }
}
