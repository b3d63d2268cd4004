import { ForbiddenError, NotFoundError } from '../../platform/errors.js';
import type { Principal } from '../../platform/principal.js';
import type { Department } from '../../platform/services.js';
import type { FaceCheck, FaceService } from '../biometrics/face-service.js';
import type { AccessRecord, Caller } from '../enforcement/types.js';
import { scopeCategories } from '../policy/grant-scope.js';
import type { ConsentStore } from '../subgraph/store.js';
import { REQUEST_BASIS_PREFIX } from './access-log-service.js';
import type { ConsentRequestService } from './consent-request-service.js';
import type { RideRequestIds } from './ride-request-ids.js';

/** The access-log coordinate of an answer given in person at a kiosk: the same act as the portal's answer. */
export const KIOSK_ANSWER_COORDINATE = 'Mutation.respondToConsentRequest';

/** Who answers one-ride questions at a kiosk: transport staff (the kiosk is the official) acting for taxi help. */
const KIOSK = { department: 'transport', purpose: 'TAXI_ASSIST' } as const;

export interface KioskRideAnswer {
  citizenId: string;
  rideId: string;
  partnerId: string;
  approve: boolean;
  embedding: readonly unknown[];
}

/** A face check's answer, and on a match what became of the request. */
export type KioskRideAnswerResult = Exclude<FaceCheck, { allowed: true; matched: true }> | { allowed: true; matched: true; status: 'APPROVED' | 'DECLINED' };

/**
 * A one-ride consent answered in person at a kiosk (docs/kiosk.md). The face is the authorisation, in the same call:
 * a fresh embedding is checked 1:1 against the card holder's template (decided under their face consent and logged
 * for the kiosk, FaceService.verify), and only on a match is the ride's pending request answered, as the citizen
 * (ConsentRequestService.respond: the same grant limited to the ride, the same receipt, ending with the ride).
 * Nothing is kept between calls, so a card number alone, or a face matched a minute ago, answers nothing. The
 * citizen's access log names the kiosk (the official) as where the answer was given, next to the grant's own entry.
 */
export class KioskConsentService {
  constructor(
    private readonly store: ConsentStore,
    private readonly faces: FaceService,
    private readonly requests: ConsentRequestService,
    private readonly authority: { recordAccess(caller: Caller, subgraph: 'consent', records: readonly AccessRecord[]): Promise<void> },
    private readonly rideRequestIds: RideRequestIds,
  ) {}

  async answerRide(caller: Caller, department: Department, input: KioskRideAnswer): Promise<KioskRideAnswerResult> {
    const { principal } = caller;
    if (principal.kind !== 'staff' || principal.department !== KIOSK.department || department !== KIOSK.department || principal.purpose !== KIOSK.purpose) {
      throw new ForbiddenError('Only a city kiosk (transport staff acting for TAXI_ASSIST) answers a one-ride consent in person.');
    }
    // The face first: before it matches, nothing is looked up, so nothing is learnt about the card holder's rides.
    const check = await this.faces.verify(caller, input.citizenId, input.embedding);
    if (!check.allowed || !check.matched) return check;

    const [requestId] = await this.rideRequestIds.of(input.citizenId, input.rideId, [input.partnerId]);
    const request = await this.store.consentRequests.get(requestId!);
    if (!request || request.citizenId !== input.citizenId || request.onlyRecord?.subgraph !== department || request.onlyRecord.id !== input.rideId || request.purpose !== principal.purpose) {
      throw new NotFoundError('That one-ride consent request');
    }
    const citizen: Principal = { kind: 'citizen', id: input.citizenId, roles: [], scopes: [], requestId: principal.requestId };
    const answered = await this.requests.respond(citizen, request.id, input.approve);
    const status = answered.status === 'APPROVED' ? 'APPROVED' : 'DECLINED';
    await this.authority.recordAccess(
      caller,
      'consent',
      scopeCategories(request.scope).map((category) => ({
        citizenId: input.citizenId,
        coordinate: KIOSK_ANSWER_COORDINATE,
        category,
        allow: status === 'APPROVED',
        basis: answered.grantId ? `CONSENT:${answered.grantId}` : `${REQUEST_BASIS_PREFIX}${request.id}`,
      })),
    );
    return { allowed: true, matched: true, status };
  }
}
