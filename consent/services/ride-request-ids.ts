import crypto from 'node:crypto';
import { deriveKey } from '../../platform/sodium.js';
import { liveDataKey, unwrapDataKey } from '../crypto/data-keys.js';
import type { ConsentStore, DataKeyRecord } from '../subgraph/store.js';

/** Every one-ride request id starts so (the kiosk and the tests tell them from other requests by it). */
export const RIDE_REQUEST_PREFIX = 'CR-R-';

/**
 * The ids of one-ride consent requests (RideConsentService, KioskConsentService): the same (citizen, ride, partner)
 * always gets the same id, so a ride is asked once per partner however often or concurrently transport asks.
 *
 * The id is an HMAC of `rideId|partnerId` under a key derived from the citizen's data key (its own label), never a
 * plain digest: the request's access-log leaf carries the id (`basis: REQUEST:<id>`) and transport keeps each ride
 * with its citizen, so an id computable from the ride id would let anyone holding transport's store find that leaf,
 * and through its tag every other leaf of the citizen, after erasure has shredded the data key. Citizens without a
 * live data key (unknown, or already erased) get a key derived from the master key: their requests are never
 * delivered and leave no leaf, so there is nothing to link. Only the consent service holds these keys; no
 * department can compute an id.
 */
export class RideRequestIds {
  private readonly noDataKey: Uint8Array;

  constructor(
    private readonly store: ConsentStore,
    private readonly masterKey: Uint8Array,
  ) {
    this.noDataKey = deriveKey(masterKey, 'citygraph/one-ride-request/no-data-key');
  }

  /**
   * The ids of the requests about `rideId` to each of `partnerIds`, in their order. `keyRecord`: the citizen's data
   * key record when the caller has just read it (null: none); left out, it is read here.
   */
  async of(citizenId: string, rideId: string, partnerIds: readonly string[], keyRecord?: DataKeyRecord | null): Promise<string[]> {
    const wrapped = liveDataKey(keyRecord === undefined ? await this.store.dataKeys.get(citizenId) : keyRecord);
    const key = wrapped ? deriveKey(unwrapDataKey(this.masterKey, wrapped), 'citygraph/one-ride-request') : this.noDataKey;
    return partnerIds.map((partnerId) => `${RIDE_REQUEST_PREFIX}${crypto.createHmac('sha256', key).update(`${rideId}|${partnerId}`, 'utf8').digest('base64url').slice(0, 32)}`);
  }
}
