import { DuplicateKeyError, type Collection, type Store } from '../../platform/store/types.js';
import type { TaxiRideStatus } from './domain/taxi.js';

/** Sealed: a personal value as stored, `cg1.…` ciphertext bound to its record and field (see sealed.ts). */
export type Sealed = string;

export interface StationRecord {
  id: string;
  name: string;
  districtId: string;
  lines: string[];
}

export interface KioskRecord {
  id: string;
  label: string;
  districtId: string;
  stationId: string | null;
}

export interface IntersectionRecord {
  id: string;
  name: string;
  districtId: string;
}

/** A transit tap. `seq` is plaintext and increases with time, so trips sort newest first without opening `at`. */
export interface TripRecord {
  id: string;
  citizenId: string;
  seq: number;
  at: Sealed;
  stationId: Sealed;
}

/** `position` is plaintext: the order the citizen saved their places in. */
export interface SavedPlaceRecord {
  id: string;
  citizenId: string;
  position: number;
  label: Sealed;
  address: Sealed;
  districtId: Sealed;
}

/** `pickup` and `destination` are sealed RidePlace objects; the rest is plaintext. */
export interface TaxiRideRecord {
  id: string;
  citizenId: string;
  status: TaxiRideStatus;
  requestedAt: string;
  pickup: Sealed;
  destination: Sealed;
  etaMinutes: number;
  /** The kiosk the ride was hailed at, if any. */
  kioskId: string | null;
  /** The partner that accepted the ride (rides before dispatch existed have none). */
  partnerId?: string | null;
  /** When the ride last changed status. */
  updatedAt?: string;
  /**
   * The one-ride consent: ASKED once the citizen was asked (no partner held their grant), ENDED once the consent
   * service was told the ride ended (which ends the grant). Absent when no one-ride consent was ever asked for.
   */
  oneRideConsent?: 'ASKED' | 'ENDED';
}

/** A partner's webhook for taxi offers (id = the partner's id). The secret is derived, never stored (taxi-webhooks.ts). */
export interface TaxiWebhookRecord {
  id: string;
  url: string;
  /** Bumped on every registration: the secret derives from it, so re-registering retires the old secret. */
  version: number;
  registeredAt: string;
}

/**
 * One offer to POST to a partner's webhook (id = the delivery id, the same on every retry: `<rideId>|<partnerId>`
 * hashed, so a receiver drops repeats). Holds no personal value: the body is built, and the pickup opened through
 * the door, at each attempt.
 */
export interface TaxiWebhookDeliveryRecord {
  id: string;
  rideId: string;
  partnerId: string;
  createdAt: string;
  status: 'PENDING' | 'DELIVERED' | 'FAILED' | 'DROPPED';
  attempts: number;
  nextAttemptAt: string;
  /** The last HTTP status (0: no answer), for the operator. */
  lastStatus?: number;
}

/** A ride offered to a partner (id `<rideId>|<partnerId>`): what `offeredRides` lists for that partner. */
export interface TaxiOfferRecord {
  id: string;
  rideId: string;
  partnerId: string;
  offeredAt: string;
}

/**
 * One move of a ride out of a status (id `<rideId>|<from>`): inserted before the ride is updated, so that of two
 * concurrent moves out of the same status (two partners accepting, a partner arriving while the citizen cancels) one
 * wins and the other is told the ride changed. A ride never returns to a status it left.
 */
export interface TaxiRideMoveRecord {
  id: string;
  rideId: string;
  from: TaxiRideStatus;
  to: TaxiRideStatus;
  by: string;
  at: string;
}

/**
 * A health-pass nonce transport has used up at a gate (record id = the nonce); transport keeps its own record,
 * apart from health's, so a pass works once at a facility and once at a gate.
 */
export interface UsedPassNonceRecord {
  id: string;
  usedAt: string;
  expiresAt: string;
}

/** The only module that touches the transport subgraph's database. */
export class TransportStore {
  private constructor(
    readonly store: Store,
    readonly stations: Collection<StationRecord>,
    readonly kiosks: Collection<KioskRecord>,
    readonly intersections: Collection<IntersectionRecord>,
    readonly trips: Collection<TripRecord>,
    readonly savedPlaces: Collection<SavedPlaceRecord>,
    readonly taxiRides: Collection<TaxiRideRecord>,
    readonly usedPassNonces: Collection<UsedPassNonceRecord>,
    readonly taxiOffers: Collection<TaxiOfferRecord>,
    readonly taxiRideMoves: Collection<TaxiRideMoveRecord>,
    readonly taxiWebhooks: Collection<TaxiWebhookRecord>,
    readonly taxiWebhookDeliveries: Collection<TaxiWebhookDeliveryRecord>,
  ) {}

  static async open(store: Store): Promise<TransportStore> {
    return new TransportStore(
      store,
      await store.collection<StationRecord>({ name: 'stations', indexes: ['districtId'] }),
      await store.collection<KioskRecord>({ name: 'kiosks', indexes: ['districtId'] }),
      await store.collection<IntersectionRecord>({ name: 'intersections', indexes: ['districtId'] }),
      await store.collection<TripRecord>({ name: 'trips', indexes: [['citizenId', 'seq'], 'seq'] }),
      await store.collection<SavedPlaceRecord>({ name: 'saved_places', indexes: [['citizenId', 'position']] }),
      await store.collection<TaxiRideRecord>({ name: 'taxi_rides', indexes: [['citizenId', 'requestedAt'], ['status', 'oneRideConsent']] }),
      await store.collection<UsedPassNonceRecord>({ name: 'used_pass_nonces', indexes: ['expiresAt'] }),
      await store.collection<TaxiOfferRecord>({ name: 'taxi_offers', indexes: ['partnerId', 'rideId'] }),
      await store.collection<TaxiRideMoveRecord>({ name: 'taxi_ride_moves', indexes: ['rideId'] }),
      await store.collection<TaxiWebhookRecord>({ name: 'taxi_webhooks' }),
      await store.collection<TaxiWebhookDeliveryRecord>({ name: 'taxi_webhook_deliveries', indexes: [['status', 'nextAttemptAt'], 'rideId'] }),
    );
  }

  findStations(districtId: string | null, limit: number): Promise<StationRecord[]> {
    return this.stations.find(districtId ? { districtId } : {}, { sort: [['id', 1]], limit });
  }

  findKiosks(districtId: string | null): Promise<KioskRecord[]> {
    return this.kiosks.find(districtId ? { districtId } : {}, { sort: [['id', 1]] });
  }

  findIntersections(districtId: string, limit: number): Promise<IntersectionRecord[]> {
    return this.intersections.find({ districtId }, { sort: [['id', 1]], limit });
  }

  /**
   * The newest `last` trips of each citizen, in key order. One query whatever the number of citizens: for one
   * citizen it is limited in the database; for several it reads their trips and keeps the newest of each.
   */
  async recentTrips(citizenIds: readonly string[], last: number): Promise<TripRecord[][]> {
    return newestPerCitizen(citizenIds, last, (filter, limit) =>
      this.trips.find(filter, { sort: [['citizenId', 1], ['seq', -1]], ...(limit ? { limit } : {}) }),
    );
  }

  async recentTaxiRides(citizenIds: readonly string[], last: number): Promise<TaxiRideRecord[][]> {
    return newestPerCitizen(citizenIds, last, (filter, limit) =>
      this.taxiRides.find(filter, { sort: [['citizenId', 1], ['requestedAt', -1], ['id', -1]], ...(limit ? { limit } : {}) }),
    );
  }

  /** Each citizen's saved places in the order saved, in key order; one query. */
  async savedPlacesOf(citizenIds: readonly string[]): Promise<SavedPlaceRecord[][]> {
    const rows = await this.savedPlaces.find({ citizenId: { $in: citizenIds } }, { sort: [['citizenId', 1], ['position', 1]] });
    return groupByCitizen(citizenIds, rows, Number.POSITIVE_INFINITY);
  }

  /** Every trip of one citizen, newest first: their data export. */
  tripsOf(citizenId: string): Promise<TripRecord[]> {
    return this.trips.find({ citizenId }, { sort: [['seq', -1]] });
  }

  /** Every taxi ride of one citizen, newest first: their data export. */
  taxiRidesOf(citizenId: string): Promise<TaxiRideRecord[]> {
    return this.taxiRides.find({ citizenId }, { sort: [['requestedAt', -1], ['id', -1]] });
  }

  /** Records a transit tap as the city's newest (`seq` follows time across all trips); answers the stored record. */
  async recordTrip(trip: Omit<TripRecord, 'seq'>): Promise<TripRecord> {
    const [latest] = await this.trips.find({}, { sort: [['seq', -1]], limit: 1 });
    const record: TripRecord = { ...trip, seq: (latest?.seq ?? 0) + 1 };
    await this.trips.insert(record);
    return record;
  }

  /** Uses up a pass nonce; the unique id makes the insert the check. Answers false when it was already used. */
  async claimPassNonce(record: UsedPassNonceRecord): Promise<boolean> {
    try {
      await this.usedPassNonces.insert(record);
      return true;
    } catch (error) {
      if (error instanceof DuplicateKeyError) return false;
      throw error;
    }
  }

  /** Forgets nonces of passes that expired before `before`: such passes are refused as expired. */
  forgetPassNonces(before: string): Promise<number> {
    return this.usedPassNonces.deleteMany({ expiresAt: { $lt: before } });
  }

  insertTaxiRide(ride: TaxiRideRecord): Promise<void> {
    return this.taxiRides.insert(ride);
  }

  /**
   * Rides still REQUESTED while their citizen is asked for a one-ride consent (the dispatcher's sweep), newest first:
   * a citizen who just answered is not kept waiting behind rides nobody answered.
   */
  ridesAwaitingConsent(limit: number): Promise<TaxiRideRecord[]> {
    return this.taxiRides.find({ status: 'REQUESTED', oneRideConsent: 'ASKED' }, { sort: [['requestedAt', -1]], limit });
  }

  /** Finished rides whose one-ride consent the consent service has not yet been told to end. */
  endedRidesWithConsent(limit: number): Promise<TaxiRideRecord[]> {
    return this.taxiRides.find({ status: { $in: ['COMPLETED', 'CANCELLED'] }, oneRideConsent: 'ASKED' }, { sort: [['requestedAt', 1]], limit });
  }

  async markOneRideConsent(rideId: string, state: 'ASKED' | 'ENDED'): Promise<void> {
    await this.taxiRides.update(rideId, { oneRideConsent: state });
  }

  /** Registers (or replaces) a partner's webhook; answers the stored record with its new version. */
  async registerTaxiWebhook(partnerId: string, url: string, at: string): Promise<TaxiWebhookRecord> {
    const previous = await this.taxiWebhooks.get(partnerId);
    const record: TaxiWebhookRecord = { id: partnerId, url, version: (previous?.version ?? 0) + 1, registeredAt: at };
    await this.taxiWebhooks.upsert(record);
    return record;
  }

  /** Queues offers for POSTing; a delivery already queued (same id) is left as it is. */
  async queueWebhookDeliveries(deliveries: readonly TaxiWebhookDeliveryRecord[]): Promise<void> {
    if (deliveries.length > 0) await this.taxiWebhookDeliveries.insertMany(deliveries, { ignoreDuplicates: true });
  }

  /** Deliveries due now, oldest due first. */
  dueWebhookDeliveries(now: string, limit: number): Promise<TaxiWebhookDeliveryRecord[]> {
    return this.taxiWebhookDeliveries.find({ status: 'PENDING', nextAttemptAt: { $lte: now } }, { sort: [['nextAttemptAt', 1]], limit });
  }

  async updateWebhookDelivery(id: string, change: Partial<Omit<TaxiWebhookDeliveryRecord, 'id'>>): Promise<void> {
    await this.taxiWebhookDeliveries.update(id, change);
  }

  async offerRide(rideId: string, partnerIds: readonly string[], at: string): Promise<void> {
    await this.taxiOffers.insertMany(partnerIds.map((partnerId) => ({ id: `${rideId}|${partnerId}`, rideId, partnerId, offeredAt: at })), { ignoreDuplicates: true });
  }

  /** The rides offered to a partner, newest offers first (at most `limit`). */
  async ridesOfferedTo(partnerId: string, limit: number): Promise<TaxiRideRecord[]> {
    const offers = await this.taxiOffers.find({ partnerId }, { sort: [['offeredAt', -1]], limit });
    const rides = await this.taxiRides.getMany(offers.map((o) => o.rideId));
    return rides.filter((ride): ride is TaxiRideRecord => ride !== null);
  }

  async isOfferedTo(rideId: string, partnerId: string): Promise<boolean> {
    return (await this.taxiOffers.get(`${rideId}|${partnerId}`)) !== null;
  }

  /**
   * Moves a ride out of `from` once: answers false when another move out of `from` was claimed first (the caller
   * reloads and answers from the ride's current status). The claim comes first; a crash between the claim and the
   * update leaves the ride in `from` with the move claimed, which the claim row shows.
   */
  async moveRide(ride: TaxiRideRecord, to: TaxiRideStatus, by: string, at: string, patch: Partial<Omit<TaxiRideRecord, 'id' | 'status'>> = {}): Promise<boolean> {
    try {
      await this.taxiRideMoves.insert({ id: `${ride.id}|${ride.status}`, rideId: ride.id, from: ride.status, to, by, at });
    } catch (error) {
      if (error instanceof DuplicateKeyError) return false;
      throw error;
    }
    await this.taxiRides.update(ride.id, { ...patch, status: to, updatedAt: at });
    return true;
  }
}

type Finder<T> = (filter: { citizenId: string | { $in: readonly string[] } }, limit?: number) => Promise<T[]>;

async function newestPerCitizen<T extends { citizenId: string }>(citizenIds: readonly string[], last: number, find: Finder<T>): Promise<T[][]> {
  if (citizenIds.length === 1) return [await find({ citizenId: citizenIds[0]! }, last)];
  return groupByCitizen(citizenIds, await find({ citizenId: { $in: citizenIds } }), last);
}

/** Rows arrive in each citizen's wanted order; answers one list per id, in the order of `citizenIds`. */
function groupByCitizen<T extends { citizenId: string }>(citizenIds: readonly string[], rows: readonly T[], perCitizen: number): T[][] {
  const byCitizen = new Map<string, T[]>(citizenIds.map((id) => [id, []]));
  for (const row of rows) {
    const list = byCitizen.get(row.citizenId);
    if (list && list.length < perCitizen) list.push(row);
  }
  return citizenIds.map((id) => byCitizen.get(id)!);
}
