import crypto from 'node:crypto';
import type { Principal, Purpose } from '../../platform/principal.js';
import { DuplicateKeyError } from '../../platform/store/types.js';
import type { Department } from '../../platform/services.js';
import { ONE_RIDE_MAX_MS, TAXI_RIDE_FIELDS, type RecordScope } from '../domain/record-scope.js';
import type { AccessRecord } from '../enforcement/types.js';
import { REQUEST_BASIS_PREFIX, type AccessLogService } from './access-log-service.js';
import { REQUEST_COORDINATE } from './consent-request-service.js';
import type { GrantService } from './grant-service.js';
import type { ConsentRequestRecord, ConsentStore } from '../subgraph/store.js';
import type { RideRequestIds } from './ride-request-ids.js';
import { requestWithoutCitizen } from './erasure-unlink.js';

/** How many partners a citizen is asked about for one ride, at most (the portal lists them; the citizen picks one). */
const MAX_PARTNERS = 5;
/** How long the citizen has to answer: a ride nobody takes within the hour is not worth asking about any longer. */
const ANSWER_MS = 3600_000;
/** In both languages: a request's reason is shown as written, whatever language the citizen reads in. */
const REASON = 'So that a taxi can pick you up: the company sees where this one ride starts and ends, until it ends. / 以便出租车接您：出租车公司只能看到这一次行程的起点和终点，行程结束即失效。';

/** A pending one-ride question the citizen can be asked in person (at a kiosk): which partner may see the ride. */
export interface RideConsentQuestion {
  partnerId: string;
  partnerName: string;
}

/**
 * One-ride consents (docs/taxi-partners.md): when no partner holds a citizen's grant, transport's dispatcher asks
 * the consent service to put a request before the citizen, for each taxi partner, limited to the ride's pickup and
 * destination and ending when the ride ends. The citizen answers in the portal like any consent request; transport
 * re-offers the ride once a partner holds the grant, and reports the ride's end, which ends the grant.
 */
export class RideConsentService {
  constructor(
    private readonly store: ConsentStore,
    private readonly grants: GrantService,
    private readonly accessLog: AccessLogService,
    private readonly ids: RideRequestIds,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /**
   * Asks the citizen, once per ride and partner (asking again, even concurrently, is a no-op: only the ask whose
   * insert stored a request logs it): one request per partner registered for the purpose whose scopes name the
   * department's data, its id keyed by the citizen's data key (RideRequestIds). Answers how many requests are
   * pending for the ride. Unknown, erased and blocking citizens get requests that are never shown to them, like any
   * other request.
   */
  async ask(department: Department, purpose: Purpose, citizenId: string, rideId: string): Promise<{ requested: number }> {
    const now = this.clock();
    const partners = (await this.store.grantees.find({ kind: 'PARTNER' }, { sort: [['id', 1]] }))
      .filter((p) => p.purposes.includes(purpose) && (p.scopes ?? []).includes(`${department}:read`))
      .slice(0, MAX_PARTNERS);
    if (partners.length === 0) return { requested: 0 };
    const key = await this.store.dataKeys.get(citizenId);
    const blocks = await this.store.requesterBlocks.getMany(partners.map((p) => `${citizenId}|${p.id}`));
    const onlyRecord: RecordScope = { subgraph: department, type: 'TaxiRide', id: rideId, fields: [...TAXI_RIDE_FIELDS] };
    const ids = await this.ids.of(citizenId, rideId, partners.map((p) => p.id), key);
    const records: ConsentRequestRecord[] = partners.map((partner, i) => ({
      id: ids[i]!,
      citizenId,
      requesterId: partner.id,
      requesterKind: 'PARTNER',
      purpose,
      scope: [{ subgraph: department, category: 'LOCATION' }],
      onlyRecord,
      validUntil: new Date(now.getTime() + ONE_RIDE_MAX_MS).toISOString(),
      reason: REASON,
      status: 'PENDING',
      delivered: Boolean(key) && !key?.erasedAt && !blocks[i],
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + ANSWER_MS).toISOString(),
      answeredAt: null,
      grantId: null,
      // Asked about an erased citizen, a request is kept as erasure keeps theirs (naming neither them nor the ride,
      // which transport keeps with their id), so that the consent store names an erased citizen nowhere.
      ...(key?.erasedAt ? requestWithoutCitizen({ onlyRecord }) : {}),
    }));
    const existing = await this.store.consentRequests.getMany(records.map((r) => r.id));
    // One insert per request, so that of two asks racing for the same request exactly one stores it and logs it.
    const fresh: ConsentRequestRecord[] = [];
    for (const record of records.filter((_, i) => !existing[i])) {
      try {
        await this.store.consentRequests.insert(record);
        fresh.push(record);
      } catch (error) {
        if (!(error instanceof DuplicateKeyError)) throw error;
      }
    }
    if (fresh.length > 0) {
      // The citizen's log shows that the department asked on the ride's behalf, and for which partner's consent.
      const principal: Principal = { kind: 'service', id: department, department, roles: [], scopes: [], purpose, requestId: crypto.randomUUID() };
      const entries: AccessRecord[] = fresh.filter((r) => r.delivered).map((r) => ({ citizenId, coordinate: REQUEST_COORDINATE, category: 'LOCATION', allow: false, basis: `${REQUEST_BASIS_PREFIX}${r.id}` }));
      if (entries.length > 0) await this.accessLog.append(principal, 'consent', entries, now);
    }
    return { requested: records.length };
  }

  /**
   * The ride's requests the citizen can still answer (delivered to them, pending, not expired), oldest partner id
   * first: the partners' ids and display names only (the grantee directory is public), for a kiosk to ask in person.
   */
  async questions(department: Department, citizenId: string, rideId: string): Promise<RideConsentQuestion[]> {
    const now = this.clock().getTime();
    const open = (await this.store.consentRequests.find({ citizenId, status: 'PENDING' }))
      .filter((r) => r.delivered && r.onlyRecord?.subgraph === department && r.onlyRecord.id === rideId && Date.parse(r.expiresAt) > now)
      .sort((a, b) => a.requesterId.localeCompare(b.requesterId));
    const partners = await this.store.grantees.getMany(open.map((r) => r.requesterId));
    return open.flatMap((r, i) => (partners[i] ? [{ partnerId: r.requesterId, partnerName: partners[i]!.name }] : []));
  }

  /**
   * The ride ended: its one-ride consents end (EXPIRED, re-signed) and its unanswered requests expire. The requests
   * are found by their ids (one per partner), not by the citizen, so that those kept without the citizen's id or the
   * ride's (asked after the citizen's erasure) expire with the ride too: a partner sees the same fate either way.
   */
  async end(department: Department, citizenId: string, rideId: string): Promise<{ ended: number }> {
    const now = this.clock().toISOString();
    const by: Principal = { kind: 'service', id: department, department, roles: [], scopes: [], purpose: 'TAXI_ASSIST', requestId: crypto.randomUUID() };
    const ended = await this.grants.endForRecord(by, citizenId, { subgraph: department, type: 'TaxiRide', id: rideId });
    const partners = await this.store.grantees.find({ kind: 'PARTNER' });
    const ids = await this.ids.of(citizenId, rideId, partners.map((p) => p.id));
    const pending = (await this.store.consentRequests.getMany(ids)).filter(
      (r): r is ConsentRequestRecord => r !== null && r.status === 'PENDING' && r.onlyRecord?.subgraph === department,
    );
    for (const request of pending) await this.store.consentRequests.update(request.id, { expiresAt: now });
    return { ended };
  }
}
