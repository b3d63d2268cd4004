import crypto from 'node:crypto';
import { BadUserInputError, ConsentDeniedError, ForbiddenError, NotFoundError, UnauthenticatedError } from '../../platform/errors.js';
import type { Principal } from '../../platform/principal.js';
import type { LocalConsentAuthority } from '../authority/local-authority.js';
import { subgraphDataKey, unwrapDataKey, type WrappedDataKey } from '../crypto/data-keys.js';
import { openField, sealField, type SubgraphDataKey } from '../crypto/field-cipher.js';
import { effectiveStatus, type GrantRecord } from '../domain/grants.js';
import type { Caller, CategoryDecision } from '../enforcement/types.js';
import { requireCitizen, type GrantService } from '../services/grant-service.js';
import type { ConsentStore } from '../subgraph/store.js';
import { bioHash, newSeed, templatesMatch } from './biohash.js';
import { checkPinShape, PIN_LOCK_MINUTES, PIN_MAX_FAILURES, pinMatches, spendPinCheck } from './card-pin.js';
import { validateEmbedding, type Embedding } from './embedding.js';
import type { CardPinRecord, CardPinStore } from './pin-store.js';
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

/**
 * The second consent a kiosk can use, recorded only when the citizen asks for it at enrolment: the transport
 * department's kiosks may check this face to show the citizen their own health pass for the transit gates
 * (TRANSIT_ACCESS): the face template here and the health code in health, nothing else.
 */
export const KIOSK_PASS_GRANT = {
  granteeId: 'transport',
  purpose: 'TRANSIT_ACCESS',
  categories: ['BIOMETRIC', 'HEALTH'],
  scope: [
    { subgraph: 'consent', category: 'BIOMETRIC' },
    { subgraph: 'health', category: 'HEALTH' },
  ],
} as const;

type FaceGrantShape = typeof FACE_GRANT | typeof KIOSK_PASS_GRANT;

/** The grant input an enrolment records at `now` (GrantService checks it like any other grant): one year. */
export function faceGrantInput(now: Date, shape: FaceGrantShape = FACE_GRANT) {
  return {
    ...shape,
    categories: [...shape.categories],
    scope: shape.scope.map((item) => ({ ...item })),
    validUntil: new Date(now.getTime() + FACE_GRANT_DAYS * 86_400_000).toISOString(),
  };
}

/** Whether `grant` is a face consent of this shape (same grantee, purpose and scope). */
function isFaceGrant(grant: GrantRecord, shape: FaceGrantShape): boolean {
  const scope = (grant.scope ?? []).map((item) => `${item.subgraph}/${item.category}`).sort().join(',');
  return grant.granteeId === shape.granteeId && grant.purpose === shape.purpose && scope === shape.scope.map((item) => `${item.subgraph}/${item.category}`).sort().join(',');
}
/** The access-log coordinate of a face check: the template belongs to the citizen in the consent service. */
export const FACE_COORDINATE = 'Citizen.face';

/** Who may enrol a face for a citizen at a service centre: an official of transport (the grantee), for SERVICE_DELIVERY. */
export const ASSISTED_ENROLMENT = { department: 'transport', purpose: 'SERVICE_DELIVERY' } as const;
/** The answer to a wrong card number, a wrong PIN and a card without a PIN alike: nothing tells them apart. */
export const CARD_OR_PIN_WRONG = 'The card number or the PIN is not right. Ask the citizen to type the PIN again.';

export interface AssistedEnrolment {
  citizenId: string;
  pin: string;
  embedding: readonly unknown[];
  /** The citizen also wants the kiosk to show their health pass (records KIOSK_PASS_GRANT as well). */
  healthPass: boolean;
}

function binding(record: Pick<FaceTemplateRecord, 'citizenId' | 'enrolmentId'>, field: 'seed' | 'template') {
  return { subgraph: 'consent' as const, collection: 'FaceTemplate', field, recordId: record.enrolmentId, citizenId: record.citizenId };
}

function pinBinding(citizenId: string) {
  return { subgraph: 'consent' as const, collection: 'CardPin', field: 'hash', recordId: citizenId, citizenId };
}

/** A new template record for `embedding` under a fresh seed, sealed under the citizen's consent key. Zeroes nothing it was given. */
export function sealedTemplate(key: SubgraphDataKey, citizenId: string, embedding: Embedding, grantId: string, enrolledAt: string): FaceTemplateRecord {
  const seed = newSeed();
  const template = bioHash(seed, embedding);
  const ids = { citizenId, enrolmentId: `FE-${crypto.randomUUID()}` };
  const record = {
    id: citizenId,
    ...ids,
    seed: sealField(key, binding(ids, 'seed'), Buffer.from(seed).toString('base64url')),
    template: sealField(key, binding(ids, 'template'), Buffer.from(template).toString('base64url')),
    enrolledAt,
    grantId,
  };
  seed.fill(0);
  return record;
}

/** A card PIN record from a hash made by card-pin.ts `hashPin`, sealed under the citizen's consent key. */
export function sealedPin(key: SubgraphDataKey, citizenId: string, hash: string, setAt: string): CardPinRecord {
  return { id: citizenId, citizenId, hash: sealField(key, pinBinding(citizenId), hash), setAt, failures: 0, lockedUntil: null };
}

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
    private readonly authority: Pick<LocalConsentAuthority, 'decide' | 'recordAccess'>,
    private readonly pins: CardPinStore,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** PIN checks per card run one after another in this process, so that wrong PINs sent at once all count. */
  private readonly pinQueue = new Map<string, Promise<unknown>>();

  /** The citizen's consent-service key; none once erased (or for an unknown citizen). */
  private async keyFor(citizenId: string): Promise<SubgraphDataKey | undefined> {
    const record = await this.store.dataKeys.get(citizenId);
    if (!record || record.erasedAt || !record.wrapped || !record.version || !record.createdAt) return undefined;
    const wrapped = record as WrappedDataKey;
    return subgraphDataKey(unwrapDataKey(this.masterKey, wrapped), 'consent', wrapped.version);
  }

  private binding(record: Pick<FaceTemplateRecord, 'citizenId' | 'enrolmentId'>, field: 'seed' | 'template') {
    return binding(record, field);
  }

  /** The citizen enrols their own face, signed in. */
  async enroll(principal: Principal, values: readonly unknown[]): Promise<{ enrolledAt: string; grant: GrantRecord }> {
    const citizenId = requireCitizen(principal);
    const embedding = validateEmbedding(values);
    try {
      return await this.enrolFor(principal, citizenId, embedding);
    } finally {
      embedding.fill(0);
    }
  }

  /**
   * Assisted enrolment at a service centre: an official (transport staff, SERVICE_DELIVERY) enrols the face of the
   * citizen standing at the desk, who confirms with their city card number and PIN. The consent it records is the
   * citizen's own, exactly as if they had enrolled themself (same grantee, purpose, scope and expiry; its history
   * says the citizen granted it); the citizen's access log names the official who enrolled the face. A wrong card
   * number, a wrong PIN and a card without a PIN get the same answer, and five wrong PINs in a row lock the card's PIN
   * for 15 minutes. Nothing is stored until the PIN is right.
   */
  async enrollAssisted(caller: Caller, input: AssistedEnrolment): Promise<{ enrolledAt: string; grant: GrantRecord; passGrant?: GrantRecord }> {
    const { principal } = caller;
    if (principal.kind === 'anonymous') throw new UnauthenticatedError('Sign in as a service-centre official to enrol a face.');
    if (principal.kind !== 'staff' || principal.department !== ASSISTED_ENROLMENT.department) {
      throw new ForbiddenError('Only service-centre officials of the transport department may enrol a citizen’s face.');
    }
    if (principal.purpose !== ASSISTED_ENROLMENT.purpose) throw new ForbiddenError(`Enrolling a face at a service centre is done for the purpose ${ASSISTED_ENROLMENT.purpose} only.`);
    const pin = checkPinShape(input.pin);
    const embedding = validateEmbedding(input.embedding);
    try {
      const citizenId = input.citizenId.trim().toUpperCase();
      await this.confirmPin(citizenId, pin);
      const citizen: Principal = { kind: 'citizen', id: citizenId, roles: [], scopes: [], requestId: principal.requestId };
      const enrolled = await this.enrolFor(citizen, citizenId, embedding);
      const passGrant = input.healthPass ? await this.ensureGrant(citizen, citizenId, KIOSK_PASS_GRANT) : undefined;
      // The enrolment is the citizen's (they confirmed it); who did it at the desk goes to their access log.
      await this.authority.recordAccess(caller, 'consent', [
        { citizenId, coordinate: FACE_COORDINATE, category: 'BIOMETRIC', allow: true, basis: `CONSENT:${enrolled.grant.id}` },
      ]);
      return { ...enrolled, ...(passGrant ? { passGrant } : {}) };
    } finally {
      embedding.fill(0);
    }
  }

  /** One PIN check at a time per card (the count is read, then written). */
  private confirmPin(citizenId: string, pin: string): Promise<void> {
    const previous = this.pinQueue.get(citizenId) ?? Promise.resolve();
    const check = previous.catch(() => undefined).then(() => this.checkPin(citizenId, pin));
    this.pinQueue.set(citizenId, check);
    const forget = () => {
      if (this.pinQueue.get(citizenId) === check) this.pinQueue.delete(citizenId);
    };
    check.then(forget, forget);
    return check;
  }

  /** Throws the one answer for every kind of wrong; counts wrong PINs and locks after PIN_MAX_FAILURES. */
  private async checkPin(citizenId: string, pin: string): Promise<void> {
    const record = await this.pins.get(citizenId);
    const key = record ? await this.keyFor(citizenId) : undefined;
    const now = this.clock();
    if (!record || !key) {
      await spendPinCheck(pin);
      throw new BadUserInputError(CARD_OR_PIN_WRONG, { argument: 'pin' });
    }
    if (record.lockedUntil && Date.parse(record.lockedUntil) > now.getTime()) {
      throw new BadUserInputError(`Too many wrong PINs for this card. Try again after ${record.lockedUntil.slice(11, 16)} UTC.`, { argument: 'pin' });
    }
    const hash = openField(key, pinBinding(citizenId), record.hash);
    if (typeof hash === 'string' && (await pinMatches(pin, hash))) {
      if (record.failures > 0 || record.lockedUntil) await this.pins.recordAttempt(citizenId, 0, null);
      return;
    }
    const failures = (record.lockedUntil ? 0 : record.failures) + 1;
    const lockedUntil = failures >= PIN_MAX_FAILURES ? new Date(now.getTime() + PIN_LOCK_MINUTES * 60_000).toISOString() : null;
    await this.pins.recordAttempt(citizenId, lockedUntil ? 0 : failures, lockedUntil);
    throw new BadUserInputError(CARD_OR_PIN_WRONG, { argument: 'pin' });
  }

  /** The citizen's active face consent of this shape, or a new one. */
  private async ensureGrant(citizen: Principal, citizenId: string, shape: FaceGrantShape): Promise<GrantRecord> {
    const now = this.clock();
    const existing = (await this.store.grants.find({ citizenId, granteeId: shape.granteeId })).find((g) => isFaceGrant(g, shape) && effectiveStatus(g, now) === 'ACTIVE');
    return existing ?? this.grants.grant(citizen, faceGrantInput(now, shape));
  }

  /** Records (or keeps) the enrolment's consent and replaces the template; the caller zeroes the embedding. */
  private async enrolFor(principal: Principal, citizenId: string, embedding: Embedding): Promise<{ enrolledAt: string; grant: GrantRecord }> {
    const key = await this.keyFor(citizenId);
    if (!key) throw new ConsentDeniedError('DATA_ERASED');
    const now = this.clock();
    const previous = await this.templates.get(citizenId);
    const grant = await this.currentGrant(previous, now) ?? (await this.grants.grant(principal, faceGrantInput(now)));
    const enrolledAt = now.toISOString();
    await this.templates.save(sealedTemplate(key, citizenId, embedding, grant.id, enrolledAt));
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
    // Without a template no kiosk can match the face; the kiosk health-pass consent goes too.
    for (const other of await this.store.grants.find({ citizenId, granteeId: KIOSK_PASS_GRANT.granteeId })) {
      const status = effectiveStatus(other, now);
      if (isFaceGrant(other, KIOSK_PASS_GRANT) && (status === 'ACTIVE' || status === 'PAUSED')) await this.grants.change(principal, other.id, 'REVOKED');
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
    await this.pins.delete(citizenId);
  }
}
