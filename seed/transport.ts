import {
  citizenId as citizenIdAt,
  DISTRICT_COUNT,
  DISTRICT_NAMES,
  districtId as districtIdAt,
  INTERSECTIONS_PER_DISTRICT,
  intersectionId,
} from './demo-layout.js';
import type { SeedFn } from './kit.js';
import { planRide, type RidePlace, type TaxiRideStatus } from '../subgraphs/transport/domain/taxi.js';
import type { IntersectionRecord, KioskRecord, SavedPlaceRecord, StationRecord, TaxiRideRecord, TripRecord } from '../subgraphs/transport/store.js';
import { TransportStore } from '../subgraphs/transport/store.js';

export const STATION_COUNT = 60;
export const KIOSKS_PER_DISTRICT = 2;
const BATCH = 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
const TRIP_WINDOW_DAYS = 30;
const MAX_TRIPS = 20;
/** C-0001 and C-0002 are the demo citizens of the contract operations: they always have trips to show. */
const DEMO_CITIZENS_MIN_TRIPS = 5;

const STATION_SUFFIXES = ['Central', 'North', 'South', 'Park'];
const LINES = ['Red', 'Blue', 'Green', 'Yellow', 'Orange', 'Purple'];
const KIOSK_VENUES = ['Library', 'Town Hall', 'Community Centre', 'Market Hall'];
const STREETS = ['Canal Road', 'Station Street', 'Harbour Way', 'Hill Lane', 'Market Street', 'Garden Row', 'River Walk', 'Mill Road', 'Bridge Street', 'Elm Avenue'];
const PLACE_LABELS = ['Home', 'Work', 'Clinic', 'Pharmacy', 'Gym', 'School', "Daughter's house"];

const pick = <T>(random: () => number, list: readonly T[]): T => list[Math.floor(random() * list.length)]!;

function stationId(index: number): string {
  return `ST-${String(index + 1).padStart(3, '0')}`;
}

/** Station i is in district i mod 16, so every district has three or four stations; `Central` is the first. */
function stations(random: () => number): StationRecord[] {
  return Array.from({ length: STATION_COUNT }, (_, i) => {
    const district = i % DISTRICT_COUNT;
    const first = Math.floor(random() * LINES.length);
    const lines = random() < 0.4 ? [LINES[first]!, LINES[(first + 1) % LINES.length]!] : [LINES[first]!];
    return { id: stationId(i), name: `${DISTRICT_NAMES[district]} ${STATION_SUFFIXES[Math.floor(i / DISTRICT_COUNT)]}`, districtId: districtIdAt(district), lines };
  });
}

/** Two kiosks per district: K-(2d+1) at a civic venue near the district's North station, K-(2d+2) at its Central station. */
function kiosks(): KioskRecord[] {
  return Array.from({ length: DISTRICT_COUNT * KIOSKS_PER_DISTRICT }, (_, i) => {
    const district = Math.floor(i / KIOSKS_PER_DISTRICT);
    const atVenue = i % KIOSKS_PER_DISTRICT === 0;
    const name = DISTRICT_NAMES[district];
    return {
      id: `K-${String(i + 1).padStart(3, '0')}`,
      label: atVenue ? `${name} ${KIOSK_VENUES[district % KIOSK_VENUES.length]} kiosk` : `${name} Central Station kiosk`,
      districtId: districtIdAt(district),
      stationId: stationId(atVenue ? district + DISTRICT_COUNT : district),
    };
  });
}

function intersections(): IntersectionRecord[] {
  const out: IntersectionRecord[] = [];
  for (let d = 0; d < DISTRICT_COUNT; d++) {
    for (let n = 0; n < INTERSECTIONS_PER_DISTRICT; n++) {
      const cross = STREETS[(d + n) % STREETS.length]!;
      const along = STREETS[(d + n + 3) % STREETS.length]!;
      out.push({ id: intersectionId(d, n), name: `${cross} & ${along}, ${DISTRICT_NAMES[d]}`, districtId: districtIdAt(d) });
    }
  }
  return out;
}

interface PlainPlace {
  label: string;
  address: string;
  districtId: string;
}

/** C-0001 saves exactly `Home` and `Clinic`; C-0002 `Home` and `Work`; everyone else 0-2 distinct places. */
function savedPlacesOf(index: number, random: () => number): PlainPlace[] {
  const homeDistrict = index % DISTRICT_COUNT;
  const place = (label: string, district: number): PlainPlace => ({
    label,
    address: `${1 + Math.floor(random() * 200)} ${pick(random, STREETS)}, ${DISTRICT_NAMES[district]}`,
    districtId: districtIdAt(district),
  });
  const elsewhere = () => Math.floor(random() * DISTRICT_COUNT);
  if (index === 0) return [place('Home', homeDistrict), place('Clinic', elsewhere())];
  if (index === 1) return [place('Home', homeDistrict), place('Work', elsewhere())];
  const count = Math.floor(random() * 3);
  const labels = [...PLACE_LABELS];
  for (let k = 0; k < count; k++) {
    const j = k + Math.floor(random() * (labels.length - k));
    [labels[k], labels[j]] = [labels[j]!, labels[k]!];
  }
  const usual = labels.slice(0, count).map((label) => place(label, label === 'Home' ? homeDistrict : elsewhere()));
  // The kiosk's demo seniors (seed/faces.ts) have fixed places, drawn without the random stream so that every other
  // citizen's demo data stays as it was.
  const fixed = KIOSK_DEMO_PLACES[citizenIdAt(index)];
  return fixed ? fixed.map(([label, address, district]) => ({ label, address, districtId: districtIdAt(district) })) : usual;
}

/** The saved places of the kiosk's demo citizens (label, address, district index): three large buttons each. */
export const KIOSK_DEMO_PLACES: Readonly<Record<string, ReadonlyArray<readonly [string, string, number]>>> = {
  'C-0015': [['Home', '12 Garden Row, ' + DISTRICT_NAMES[14], 14], ['Clinic', '3 Hill Lane, ' + DISTRICT_NAMES[2], 2], ["Daughter's house", '40 River Walk, ' + DISTRICT_NAMES[5], 5]],
  'C-0016': [['Home', '7 Mill Road, ' + DISTRICT_NAMES[15], 15], ['Pharmacy', '18 Market Street, ' + DISTRICT_NAMES[15], 15]],
};

async function insertInBatches<T extends { id: string }>(docs: readonly T[], insert: (batch: readonly T[]) => Promise<number>): Promise<void> {
  for (let start = 0; start < docs.length; start += BATCH) await insert(docs.slice(start, start + BATCH));
}

/**
 * The transport demo: 60 stations, 32 kiosks, 80 intersections, saved places, 0-20 transit taps per citizen over the
 * last 30 days, and a few taxi rides. Deterministic for a given `random` and `now`; personal fields sealed.
 */
export const seed: SeedFn = async (context) => {
  const { random, now } = context;
  const store = await TransportStore.open(context.store);
  const stationRows = stations(random);
  await store.stations.insertMany(stationRows, { ignoreDuplicates: true });
  await store.kiosks.insertMany(kiosks(), { ignoreDuplicates: true });
  await store.intersections.insertMany(intersections(), { ignoreDuplicates: true });
  context.progress(0, context.citizens, 'transport');

  const seal = (target: { type: string; recordId: string; citizenId: string }, field: string, value: unknown) => context.seal({ ...target, field }, value);

  // Saved places, and the trips' plain facts; trips are sealed once sorted, so that `seq` follows time across the city.
  const taps: Array<{ citizenId: string; atMs: number; stationId: string }> = [];
  const placesByCitizen = new Map<string, PlainPlace[]>();
  let places: SavedPlaceRecord[] = [];
  let placeCounter = 0;
  for (let i = 0; i < context.citizens; i++) {
    const citizenId = citizenIdAt(i);
    const plain = savedPlacesOf(i, random);
    placesByCitizen.set(citizenId, plain);
    plain.forEach((p, position) => {
      const id = `SP-${String(++placeCounter).padStart(6, '0')}`;
      const target = { type: 'SavedPlace', recordId: id, citizenId } as const;
      places.push({ id, citizenId, position, label: seal(target, 'label', p.label), address: seal(target, 'address', p.address), districtId: seal(target, 'districtId', p.districtId) });
    });
    if (places.length >= BATCH) {
      await store.savedPlaces.insertMany(places, { ignoreDuplicates: true });
      places = [];
    }
    const tripCount = Math.max(i < 2 ? DEMO_CITIZENS_MIN_TRIPS : 0, Math.floor(random() * (MAX_TRIPS + 1)));
    for (let t = 0; t < tripCount; t++) {
      taps.push({ citizenId, atMs: now.getTime() - Math.floor(random() * TRIP_WINDOW_DAYS * DAY_MS), stationId: pick(random, stationRows).id });
    }
    if ((i + 1) % BATCH === 0) context.progress(i + 1, context.citizens, 'transport saved places');
  }
  await store.savedPlaces.insertMany(places, { ignoreDuplicates: true });

  taps.sort((a, b) => a.atMs - b.atMs || a.citizenId.localeCompare(b.citizenId));
  for (let start = 0; start < taps.length; start += BATCH) {
    const trips: TripRecord[] = taps.slice(start, start + BATCH).map((tap, offset) => {
      const seq = start + offset + 1;
      const id = `TP-${String(seq).padStart(7, '0')}`;
      const target = { type: 'Trip', recordId: id, citizenId: tap.citizenId } as const;
      return { id, citizenId: tap.citizenId, seq, at: seal(target, 'at', new Date(tap.atMs).toISOString()), stationId: seal(target, 'stationId', tap.stationId) };
    });
    await store.trips.insertMany(trips, { ignoreDuplicates: true });
    context.progress(Math.min(taps.length, start + BATCH), taps.length, 'transport trips');
  }

  const rides: TaxiRideRecord[] = [];
  const addRide = (citizenId: string, pickup: RidePlace, destination: RidePlace, daysAgo: number, status: TaxiRideStatus) => {
    const id = `TR-${String(rides.length + 1).padStart(6, '0')}`;
    const plan = planRide(pickup, destination, new Date(now.getTime() - daysAgo * DAY_MS));
    const target = { type: 'TaxiRide', recordId: id, citizenId } as const;
    rides.push({ id, citizenId, status, requestedAt: plan.requestedAt, pickup: seal(target, 'pickup', plan.pickup), destination: seal(target, 'destination', plan.destination), etaMinutes: plan.etaMinutes, kioskId: null });
  };
  const asRidePlace = (p: PlainPlace): RidePlace => ({ label: p.label, address: p.address });
  // Every 40th citizen with two saved places rode between them once; C-0001 went to the clinic and back last week.
  for (const [citizenId, plain] of placesByCitizen) {
    const index = Number(citizenId.slice(2)) - 1;
    if (plain.length < 2 || (index !== 0 && index % 40 !== 0)) continue;
    addRide(citizenId, asRidePlace(plain[0]!), asRidePlace(plain[1]!), 7, index % 80 === 40 ? 'CANCELLED' : 'COMPLETED');
    if (index === 0) addRide(citizenId, asRidePlace(plain[1]!), asRidePlace(plain[0]!), 7 - 2 / 24, 'COMPLETED');
  }
  await insertInBatches(rides, (batch) => store.taxiRides.insertMany(batch, { ignoreDuplicates: true }));
  context.progress(context.citizens, context.citizens, 'transport');
};
