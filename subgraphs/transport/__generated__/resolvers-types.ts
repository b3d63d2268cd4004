import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { CitizenMapper, StationMapper, KioskMapper, TripMapper, SavedPlaceMapper, TaxiRideMapper, IntersectionMapper, DataExportMapper, TransitTapMapper, TapTransitPayloadMapper, KioskTaxiPayloadMapper, KioskRideConsentPayloadMapper, KioskCancelRidePayloadMapper, KioskFaceCheckPayloadMapper } from '../mappers.js';
import type { TransportContext } from '../context.js';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** An ISO 8601 date-time in UTC, e.g. 2026-11-28T08:00:00.000Z. */
  DateTime: { input: string; output: string; }
  FieldSet: { input: unknown; output: unknown; }
  /** Any JSON value: an object, a list, a string, a number, a boolean or null. */
  JSON: { input: unknown; output: unknown; }
  link__Import: { input: unknown; output: unknown; }
  _FieldSet: { input: unknown; output: unknown; }
};

export type AlertSeverity =
  | 'HIGH'
  | 'LOW'
  | 'MEDIUM';

/** A hazard a driver cannot see coming at an intersection. */
export type BlindSpotAlert = {
  __typename?: 'BlindSpotAlert';
  /** When the reading behind the alert was taken. */
  at: Scalars['DateTime']['output'];
  kind: BlindSpotAlertKind;
  sensorId: Scalars['ID']['output'];
  severity: AlertSeverity;
};

export type BlindSpotAlertKind =
  /** Grip below 0.3: ice or packed snow. */
  | 'ICE'
  /** Grip exactly 0: something blocks the sensor's lane. */
  | 'OBSTRUCTION'
  /** A reading outside 0..1: the optical sensor cannot see the road surface, so the approach is unobserved. */
  | 'POOR_VISIBILITY'
  /** Grip from 0.3 to below 0.5: water or slush on the surface. */
  | 'WET_SURFACE';

export type Citizen = {
  __typename?: 'Citizen';
  id: Scalars['ID']['output'];
  /** Places the citizen saved for one-touch rides, in the order they saved them. */
  savedPlaces: Maybe<Array<SavedPlace>>;
  /** One of the citizen's taxi rides, by id; null when the citizen has no such ride. */
  taxiRide: Maybe<TaxiRide>;
  /** The citizen's most recent taxi rides, newest first. `last` is 1..100. */
  taxiRides: Maybe<Array<TaxiRide>>;
  /** The citizen's most recent transit taps, newest first. `last` is 1..100. */
  trips: Maybe<Array<Trip>>;
};


export type CitizenTaxiRideArgs = {
  id: Scalars['ID']['input'];
};


export type CitizenTaxiRidesArgs = {
  last?: InputMaybe<Scalars['Int']['input']>;
};


export type CitizenTripsArgs = {
  last?: InputMaybe<Scalars['Int']['input']>;
};

/** What kind of personal data a field holds. */
export type DataCategory =
  | 'BIOMETRIC'
  | 'CONTACT'
  | 'FINANCIAL'
  | 'HEALTH'
  | 'IDENTITY'
  | 'LOCATION';

/** A citizen's data export (owned by the consent subgraph); the transport department adds its section. */
export type DataExport = {
  __typename?: 'DataExport';
  citizenId: Scalars['ID']['output'];
  /** Every transit tap, every saved place and every taxi ride. */
  transport: Maybe<Scalars['JSON']['output']>;
};

export type HailTaxiInput = {
  /** The label of the saved place to be picked up at, e.g. `Home`. */
  fromLabel: Scalars['String']['input'];
  /** The label of the saved place to go to, e.g. `Clinic`. */
  toLabel: Scalars['String']['input'];
};

/** A watched road intersection (public). Its road-condition readings come from the sensors subgraph. */
export type Intersection = {
  __typename?: 'Intersection';
  /** Hazards on the approaches, derived from the road-condition readings of the last 30 minutes. */
  blindSpotAlerts: Array<BlindSpotAlert>;
  districtId: Scalars['ID']['output'];
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
  roadConditions: Array<RoadCondition>;
};

/** A city kiosk where citizens can, among other things, call a taxi (public). */
export type Kiosk = {
  __typename?: 'Kiosk';
  districtId: Scalars['ID']['output'];
  id: Scalars['ID']['output'];
  /** Where the kiosk stands, in words, e.g. `Riverside Library kiosk`. */
  label: Scalars['String']['output'];
  station: Maybe<Station>;
  /** The nearest transit station. */
  stationId: Maybe<Scalars['ID']['output']>;
};

export type KioskCancelRidePayload = {
  __typename?: 'KioskCancelRidePayload';
  /** Whether the face matched the citizen's template. Nothing was cancelled without a match. */
  matched: Scalars['Boolean']['output'];
  /** On a match, the ride as it now is (CANCELLED); null otherwise. */
  ride: Maybe<TaxiRide>;
};

export type KioskFaceCheckPayload = {
  __typename?: 'KioskFaceCheckPayload';
  /** Whether the face matched the citizen's template. Nothing else about the comparison is given. */
  matched: Scalars['Boolean']['output'];
  /** On a match, the citizen's saved places in the order they saved them; null otherwise. */
  savedPlaces: Maybe<Array<SavedPlace>>;
};

export type KioskRideConsentPayload = {
  __typename?: 'KioskRideConsentPayload';
  /** Whether the face matched the citizen's template. Nothing was answered without a match. */
  matched: Scalars['Boolean']['output'];
  /** On a match, the ride as it now is (OFFERED once a company may see it); null otherwise. */
  ride: Maybe<TaxiRide>;
};

export type KioskTaxiPayload = {
  __typename?: 'KioskTaxiPayload';
  /** Whether the face matched the citizen's template. Nothing else about the comparison is given. */
  matched: Scalars['Boolean']['output'];
  /**
   * On a match, when the ride waits for a one-ride consent (`ride.awaitingConsent`): the taxi companies the citizen can
   * be asked about, to ask at the kiosk (`answerRideConsentAtKiosk`); empty when there is nothing to ask. Null otherwise.
   */
  oneRideQuestions: Maybe<Array<OneRideConsentQuestion>>;
  /** The ride booked on a match; null otherwise. */
  ride: Maybe<TaxiRide>;
};

export type Mutation = {
  __typename?: 'Mutation';
  /** Taxi partners only: accepts a ride offered to the partner, with its estimate of minutes to the pickup (1..120). */
  acceptRide: TaxiRide;
  /**
   * The citizen at a kiosk (transport staff, X-Purpose TAXI_ASSIST) answers the one-ride consent their kiosk ride waits
   * for: may the taxi company `partnerId` see where ride `rideId` starts and ends, for this ride only (`approve`)? The
   * answer is authorised by the face in this same call: a fresh `embedding` is checked 1:1 against the card holder's
   * template under their consent, and only on a match is the ride's request answered, as the citizen's own act (the
   * grant is limited to the ride and ends with it, exactly as when approved in the portal; declining cancels nothing).
   * The citizen's access log names the kiosk. On an approval the ride is offered to that company at once. A ride or
   * company the citizen was not asked about is NOT_FOUND; a request already answered is BAD_USER_INPUT; without the
   * citizen's face consent the consent code is the error.
   */
  answerRideConsentAtKiosk: KioskRideConsentPayload;
  /**
   * The card holder cancels their own live ride `rideId` at a kiosk (transport staff, X-Purpose TAXI_ASSIST), as they
   * can in the portal (`updateRide(id, status: CANCELLED)`), authorised by the face in this same call: a fresh
   * `embedding` is checked 1:1 against the card holder's template under their consent (decided and logged like the
   * other kiosk checks, the kiosk named in the citizen's access log), and only on a match is the ride cancelled, with
   * the same effects as in the portal: the taxi company sees it cancelled and its offer is withdrawn, and a one-ride
   * consent ends with it. On a mismatch nothing changes and only `matched: false` comes back. A ride that is not the
   * card holder's is NOT_FOUND (whether or not it exists); a ride no longer live (COMPLETED or CANCELLED) is
   * BAD_USER_INPUT; without the citizen's face consent the consent code is the error.
   */
  cancelRideAtKiosk: KioskCancelRidePayload;
  /**
   * The kiosk's first step (transport staff, X-Purpose TAXI_ASSIST): the citizen tapped their city card (`citizenId`)
   * and looked into the camera; the face is checked 1:1 against that citizen's template under their consent, and on a
   * match the kiosk gets the saved places it may offer as destinations (each field released through the door for the
   * kiosk under the same consent, and logged). On a mismatch nothing but `matched: false`. A card number alone never
   * releases anything: every kiosk action checks a fresh capture of the face again.
   */
  checkFaceAtKiosk: KioskFaceCheckPayload;
  /**
   * One-touch taxi for the signed-in citizen, from one of their saved places to another, named by label
   * (matched ignoring case and surrounding spaces).
   */
  hailTaxi: TaxiRide;
  /**
   * A city kiosk (transport staff, X-Purpose TAXI_ASSIST) hails a taxi for a senior who tapped their city card
   * (`citizenId`) and looked into the camera (`embedding`: 512 numbers of unit length computed by the kiosk, never a
   * photo). The face is checked 1:1 against that citizen's enrolled template, under their consent; on a match the ride
   * goes from the kiosk to the citizen's saved place called `destinationLabel`. Without the citizen's consent the
   * consent code is the error.
   */
  hailTaxiAtKiosk: KioskTaxiPayload;
  /**
   * Taxi partners only: where offers are POSTed (as well as listed by `offeredRides`), signed as docs/taxi-partners.md
   * says. Registering again replaces the URL and the secret (the old secret stops at once). The secret is shown only
   * in this answer. The URL is https (http too outside production), at most 2,000 characters.
   */
  registerTaxiWebhook: TaxiWebhookRegistration;
  /**
   * Transport staff at a transit gate (X-Purpose TRANSIT_ACCESS) tap a health pass: the pass is checked offline with
   * the health department's public key and used up at transport (once per pass), and the trip is recorded for the
   * pass's citizen. Refusals (PASS_ALREADY_USED, PASS_EXPIRED, PASS_INVALID) record nothing. The gate's policy lets
   * GREEN through; a valid AMBER or RED pass is answered with `trip: null` and PASS_REFUSED at its path (the status
   * and the reason in both languages in the error, never who), and records nothing.
   */
  tapTransit: TapTransitPayload;
  /**
   * Moves a ride on: the partner that accepted it reports ARRIVED then COMPLETED, or CANCELLED; the citizen may cancel
   * their own ride while it is live. Any other move is BAD_USER_INPUT naming both statuses.
   */
  updateRide: TaxiRide;
};


export type MutationAcceptRideArgs = {
  etaMinutes: Scalars['Int']['input'];
  id: Scalars['ID']['input'];
};


export type MutationAnswerRideConsentAtKioskArgs = {
  approve: Scalars['Boolean']['input'];
  citizenId: Scalars['ID']['input'];
  embedding: Array<Scalars['Float']['input']>;
  kioskId: Scalars['ID']['input'];
  partnerId: Scalars['ID']['input'];
  rideId: Scalars['ID']['input'];
};


export type MutationCancelRideAtKioskArgs = {
  citizenId: Scalars['ID']['input'];
  embedding: Array<Scalars['Float']['input']>;
  kioskId: Scalars['ID']['input'];
  rideId: Scalars['ID']['input'];
};


export type MutationCheckFaceAtKioskArgs = {
  citizenId: Scalars['ID']['input'];
  embedding: Array<Scalars['Float']['input']>;
  kioskId: Scalars['ID']['input'];
};


export type MutationHailTaxiArgs = {
  input: HailTaxiInput;
};


export type MutationHailTaxiAtKioskArgs = {
  citizenId: Scalars['ID']['input'];
  destinationLabel: Scalars['String']['input'];
  embedding: Array<Scalars['Float']['input']>;
  kioskId: Scalars['ID']['input'];
};


export type MutationRegisterTaxiWebhookArgs = {
  url: Scalars['String']['input'];
};


export type MutationTapTransitArgs = {
  stationId: Scalars['ID']['input'];
  token: Scalars['String']['input'];
};


export type MutationUpdateRideArgs = {
  id: Scalars['ID']['input'];
  status: TaxiRideStatus;
};

/** A question for the citizen at a kiosk: may this taxi company see where this one ride starts and ends? */
export type OneRideConsentQuestion = {
  __typename?: 'OneRideConsentQuestion';
  /** The company's partner id, to answer with. */
  partnerId: Scalars['ID']['output'];
  /** The company's name as the city's grantee directory shows it, e.g. RoboTaxi Co. */
  partnerName: Scalars['String']['output'];
};

export type Query = {
  __typename?: 'Query';
  /** The watched intersections of a district, by id. `first` is 1..100. */
  intersections: Array<Intersection>;
  /** A city kiosk by id (public). */
  kiosk: Maybe<Kiosk>;
  /** City kiosks, by id, optionally in one district. */
  kiosks: Array<Kiosk>;
  /**
   * Taxi partners only (X-Purpose TAXI_ASSIST): the rides offered to the calling partner that it can still accept, and
   * the live rides it accepted, newest offer first (at most 100). A ride leaves the list once it is COMPLETED or
   * CANCELLED, or accepted by another partner. The pickup place is released only under the citizen's grant.
   */
  offeredRides: Array<TaxiRide>;
  /** A transit station by id (public). */
  station: Maybe<Station>;
  /** Transit stations, by id, optionally in one district. `first` is 1..100. */
  stations: Array<Station>;
};


export type QueryIntersectionsArgs = {
  districtId: Scalars['ID']['input'];
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryKioskArgs = {
  id: Scalars['ID']['input'];
};


export type QueryKiosksArgs = {
  districtId?: InputMaybe<Scalars['ID']['input']>;
};


export type QueryStationArgs = {
  id: Scalars['ID']['input'];
};


export type QueryStationsArgs = {
  districtId?: InputMaybe<Scalars['ID']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

/** Where a ride starts or ends, in words. */
export type RidePlace = {
  __typename?: 'RidePlace';
  address: Maybe<Scalars['String']['output']>;
  label: Maybe<Scalars['String']['output']>;
};

/** One ROAD_CONDITION reading: a grip index from 0 (obstructed) to 1 (dry and clear). */
export type RoadCondition = {
  __typename?: 'RoadCondition';
  at: Scalars['DateTime']['output'];
  sensorId: Scalars['ID']['output'];
  unit: Scalars['String']['output'];
  value: Scalars['Float']['output'];
};

/** A place a citizen saved, such as `Home` or `Clinic`. */
export type SavedPlace = {
  __typename?: 'SavedPlace';
  address: Maybe<Scalars['String']['output']>;
  districtId: Maybe<Scalars['ID']['output']>;
  id: Scalars['ID']['output'];
  label: Maybe<Scalars['String']['output']>;
};

/** A transit station (public). */
export type Station = {
  __typename?: 'Station';
  districtId: Scalars['ID']['output'];
  id: Scalars['ID']['output'];
  /** The transit lines that stop here. */
  lines: Array<Scalars['String']['output']>;
  name: Scalars['String']['output'];
};

export type TapTransitPayload = {
  __typename?: 'TapTransitPayload';
  /**
   * What the gate recorded: its own station and the time. It names no citizen. Null when the gate's policy refused
   * the pass (PASS_REFUSED at this path).
   */
  trip: Maybe<TransitTap>;
};

/** A taxi ride booked for a citizen. */
export type TaxiRide = {
  __typename?: 'TaxiRide';
  /**
   * True while the ride is REQUESTED because no taxi partner holds the citizen's consent: the citizen has been asked
   * to approve a one-ride consent (see `me { consentRequests }`, whose `onlyRecord.id` is this ride's id).
   */
  awaitingConsent: Scalars['Boolean']['output'];
  destination: Maybe<RidePlace>;
  /** Minutes until the taxi reaches the pickup: the accepting partner's estimate, before that the city's estimate. */
  etaMinutes: Maybe<Scalars['Int']['output']>;
  id: Scalars['ID']['output'];
  pickup: Maybe<RidePlace>;
  requestedAt: Scalars['DateTime']['output'];
  status: TaxiRideStatus;
};

export type TaxiRideStatus =
  /** A partner accepted the ride and gave its ETA. */
  | 'ACCEPTED'
  | 'ARRIVED'
  | 'CANCELLED'
  | 'COMPLETED'
  | 'DISPATCHED'
  /** Offered to the partners holding the citizen's TAXI_ASSIST consent. */
  | 'OFFERED'
  /** Booked; waiting for a partner holding the citizen's consent. */
  | 'REQUESTED';

/** A partner's webhook for taxi offers, with the secret its deliveries are signed with. */
export type TaxiWebhookRegistration = {
  __typename?: 'TaxiWebhookRegistration';
  registeredAt: Scalars['DateTime']['output'];
  /** HMAC-SHA256 key, `whsec_` then base64url: shown once, here; no one at the city can show it again. */
  secret: Scalars['String']['output'];
  url: Scalars['String']['output'];
};

/** A tap as the gate sees it: where and when, with no citizen attached (the citizen's Trip holds the rest). */
export type TransitTap = {
  __typename?: 'TransitTap';
  at: Scalars['DateTime']['output'];
  stationId: Scalars['ID']['output'];
};

/** One tap of a citizen's card at a transit gate. */
export type Trip = {
  __typename?: 'Trip';
  at: Maybe<Scalars['DateTime']['output']>;
  id: Scalars['ID']['output'];
  station: Maybe<Station>;
  stationId: Maybe<Scalars['ID']['output']>;
};

export type WithIndex<TObject> = TObject & Record<string, any>;
export type ResolversObject<TObject> = WithIndex<TObject>;

export type ResolverTypeWrapper<T> = Promise<T> | T;

export type ReferenceResolver<TResult, TReference, TContext> = (
      reference: TReference,
      context: TContext,
      info: GraphQLResolveInfo
    ) => Promise<TResult> | TResult;

      type ScalarCheck<T, S> = S extends true ? T : NullableCheck<T, S>;
      type NullableCheck<T, S> = Maybe<T> extends T ? Maybe<ListCheck<NonNullable<T>, S>> : ListCheck<T, S>;
      type ListCheck<T, S> = T extends (infer U)[] ? NullableCheck<U, S>[] : GraphQLRecursivePick<T, S>;
      export type GraphQLRecursivePick<T, S> = { [K in keyof T & keyof S]: ScalarCheck<T[K], S[K]> };
    

export type ResolverWithResolve<TResult, TParent, TContext, TArgs> = {
  resolve: ResolverFn<TResult, TParent, TContext, TArgs>;
};
export type Resolver<TResult, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = ResolverFn<TResult, TParent, TContext, TArgs> | ResolverWithResolve<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<TResult, TKey extends string, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<TResult, TKey extends string, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<TTypes, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (
  parent: TParent,
  context: TContext,
  info: GraphQLResolveInfo
) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<T = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (obj: T, context: TContext, info: GraphQLResolveInfo) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<TResult = Record<PropertyKey, never>, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

/** Mapping of federation types */
export type FederationTypes = ResolversObject<{
  Citizen: Citizen;
  DataExport: DataExport;
  Intersection: Intersection;
  Kiosk: Kiosk;
  Station: Station;
}>;

/** Mapping of federation reference types */
export type FederationReferenceTypes = ResolversObject<{
  Citizen:
    ( { __typename: 'Citizen' }
    & GraphQLRecursivePick<FederationTypes['Citizen'], {"id":true}> );
  DataExport:
    ( { __typename: 'DataExport' }
    & GraphQLRecursivePick<FederationTypes['DataExport'], {"citizenId":true}> );
  Intersection:
    ( { __typename: 'Intersection' }
    & GraphQLRecursivePick<FederationTypes['Intersection'], {"id":true}>
    & ( Record<PropertyKey, never>
        | GraphQLRecursivePick<FederationTypes['Intersection'], {"roadConditions":{"sensorId":true,"value":true,"at":true}}> ) );
  Kiosk:
    ( { __typename: 'Kiosk' }
    & GraphQLRecursivePick<FederationTypes['Kiosk'], {"id":true}> );
  Station:
    ( { __typename: 'Station' }
    & GraphQLRecursivePick<FederationTypes['Station'], {"id":true}> );
}>;



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = ResolversObject<{
  AlertSeverity: AlertSeverity;
  BlindSpotAlert: ResolverTypeWrapper<BlindSpotAlert>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  BlindSpotAlertKind: BlindSpotAlertKind;
  Citizen: ResolverTypeWrapper<CitizenMapper>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  DataCategory: DataCategory;
  DataExport: ResolverTypeWrapper<DataExportMapper>;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  FieldSet: ResolverTypeWrapper<Scalars['FieldSet']['output']>;
  HailTaxiInput: HailTaxiInput;
  Intersection: ResolverTypeWrapper<IntersectionMapper>;
  JSON: ResolverTypeWrapper<Scalars['JSON']['output']>;
  Kiosk: ResolverTypeWrapper<KioskMapper>;
  KioskCancelRidePayload: ResolverTypeWrapper<KioskCancelRidePayloadMapper>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  KioskFaceCheckPayload: ResolverTypeWrapper<KioskFaceCheckPayloadMapper>;
  KioskRideConsentPayload: ResolverTypeWrapper<KioskRideConsentPayloadMapper>;
  KioskTaxiPayload: ResolverTypeWrapper<KioskTaxiPayloadMapper>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Float: ResolverTypeWrapper<Scalars['Float']['output']>;
  OneRideConsentQuestion: ResolverTypeWrapper<OneRideConsentQuestion>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  RidePlace: ResolverTypeWrapper<RidePlace>;
  RoadCondition: ResolverTypeWrapper<RoadCondition>;
  SavedPlace: ResolverTypeWrapper<SavedPlaceMapper>;
  Station: ResolverTypeWrapper<StationMapper>;
  TapTransitPayload: ResolverTypeWrapper<TapTransitPayloadMapper>;
  TaxiRide: ResolverTypeWrapper<TaxiRideMapper>;
  TaxiRideStatus: TaxiRideStatus;
  TaxiWebhookRegistration: ResolverTypeWrapper<TaxiWebhookRegistration>;
  TransitTap: ResolverTypeWrapper<TransitTapMapper>;
  Trip: ResolverTypeWrapper<TripMapper>;
  link__Import: ResolverTypeWrapper<Scalars['link__Import']['output']>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  BlindSpotAlert: BlindSpotAlert;
  ID: Scalars['ID']['output'];
  Citizen: CitizenMapper;
  Int: Scalars['Int']['output'];
  DataExport: DataExportMapper;
  DateTime: Scalars['DateTime']['output'];
  FieldSet: Scalars['FieldSet']['output'];
  HailTaxiInput: HailTaxiInput;
  Intersection: IntersectionMapper;
  JSON: Scalars['JSON']['output'];
  Kiosk: KioskMapper;
  KioskCancelRidePayload: KioskCancelRidePayloadMapper;
  Boolean: Scalars['Boolean']['output'];
  KioskFaceCheckPayload: KioskFaceCheckPayloadMapper;
  KioskRideConsentPayload: KioskRideConsentPayloadMapper;
  KioskTaxiPayload: KioskTaxiPayloadMapper;
  Mutation: Record<PropertyKey, never>;
  Float: Scalars['Float']['output'];
  OneRideConsentQuestion: OneRideConsentQuestion;
  Query: Record<PropertyKey, never>;
  RidePlace: RidePlace;
  RoadCondition: RoadCondition;
  SavedPlace: SavedPlaceMapper;
  Station: StationMapper;
  TapTransitPayload: TapTransitPayloadMapper;
  TaxiRide: TaxiRideMapper;
  TaxiWebhookRegistration: TaxiWebhookRegistration;
  TransitTap: TransitTapMapper;
  Trip: TripMapper;
  link__Import: Scalars['link__Import']['output'];
  String: Scalars['String']['output'];
}>;

export type ComposeDirectiveDirectiveArgs = {
  name: Scalars['String']['input'];
};

export type ComposeDirectiveDirectiveResolver<Result, Parent, ContextType = TransportContext, Args = ComposeDirectiveDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type InaccessibleDirectiveArgs = { };

export type InaccessibleDirectiveResolver<Result, Parent, ContextType = TransportContext, Args = InaccessibleDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type LinkDirectiveArgs = {
  import?: Maybe<Array<Maybe<Scalars['link__Import']['input']>>>;
  url: Scalars['String']['input'];
};

export type LinkDirectiveResolver<Result, Parent, ContextType = TransportContext, Args = LinkDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type PersonalDirectiveArgs = {
  category: DataCategory;
};

export type PersonalDirectiveResolver<Result, Parent, ContextType = TransportContext, Args = PersonalDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type SelfOnlyDirectiveArgs = { };

export type SelfOnlyDirectiveResolver<Result, Parent, ContextType = TransportContext, Args = SelfOnlyDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type ShareableDirectiveArgs = { };

export type ShareableDirectiveResolver<Result, Parent, ContextType = TransportContext, Args = ShareableDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type BlindSpotAlertResolvers<ContextType = TransportContext, ParentType extends ResolversParentTypes['BlindSpotAlert'] = ResolversParentTypes['BlindSpotAlert']> = ResolversObject<{
  at?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['BlindSpotAlertKind'], ParentType, ContextType>;
  sensorId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  severity?: Resolver<ResolversTypes['AlertSeverity'], ParentType, ContextType>;
}>;

export type CitizenResolvers<ContextType = TransportContext, ParentType extends ResolversParentTypes['Citizen'] = ResolversParentTypes['Citizen'], FederationReferenceType extends FederationReferenceTypes['Citizen'] = FederationReferenceTypes['Citizen']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Citizen']> | FederationReferenceType, FederationReferenceType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  savedPlaces?: Resolver<Maybe<Array<ResolversTypes['SavedPlace']>>, ParentType, ContextType>;
  taxiRide?: Resolver<Maybe<ResolversTypes['TaxiRide']>, ParentType, ContextType, RequireFields<CitizenTaxiRideArgs, 'id'>>;
  taxiRides?: Resolver<Maybe<Array<ResolversTypes['TaxiRide']>>, ParentType, ContextType, RequireFields<CitizenTaxiRidesArgs, 'last'>>;
  trips?: Resolver<Maybe<Array<ResolversTypes['Trip']>>, ParentType, ContextType, RequireFields<CitizenTripsArgs, 'last'>>;
}>;

export type DataExportResolvers<ContextType = TransportContext, ParentType extends ResolversParentTypes['DataExport'] = ResolversParentTypes['DataExport'], FederationReferenceType extends FederationReferenceTypes['DataExport'] = FederationReferenceTypes['DataExport']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['DataExport']> | FederationReferenceType, FederationReferenceType, ContextType>;
  citizenId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  transport?: Resolver<Maybe<ResolversTypes['JSON']>, ParentType, ContextType>;
}>;

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export interface FieldSetScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['FieldSet'], any> {
  name: 'FieldSet';
}

export type IntersectionResolvers<ContextType = TransportContext, ParentType extends ResolversParentTypes['Intersection'] = ResolversParentTypes['Intersection'], FederationReferenceType extends FederationReferenceTypes['Intersection'] = FederationReferenceTypes['Intersection']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Intersection']> | FederationReferenceType, FederationReferenceType, ContextType>;
  blindSpotAlerts?: Resolver<Array<ResolversTypes['BlindSpotAlert']>, ParentType, ContextType>;
  districtId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export interface JsonScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['JSON'], any> {
  name: 'JSON';
}

export type KioskResolvers<ContextType = TransportContext, ParentType extends ResolversParentTypes['Kiosk'] = ResolversParentTypes['Kiosk'], FederationReferenceType extends FederationReferenceTypes['Kiosk'] = FederationReferenceTypes['Kiosk']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Kiosk']> | FederationReferenceType, FederationReferenceType, ContextType>;
  districtId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  label?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  station?: Resolver<Maybe<ResolversTypes['Station']>, ParentType, ContextType>;
  stationId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
}>;

export type KioskCancelRidePayloadResolvers<ContextType = TransportContext, ParentType extends ResolversParentTypes['KioskCancelRidePayload'] = ResolversParentTypes['KioskCancelRidePayload']> = ResolversObject<{
  matched?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  ride?: Resolver<Maybe<ResolversTypes['TaxiRide']>, ParentType, ContextType>;
}>;

export type KioskFaceCheckPayloadResolvers<ContextType = TransportContext, ParentType extends ResolversParentTypes['KioskFaceCheckPayload'] = ResolversParentTypes['KioskFaceCheckPayload']> = ResolversObject<{
  matched?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  savedPlaces?: Resolver<Maybe<Array<ResolversTypes['SavedPlace']>>, ParentType, ContextType>;
}>;

export type KioskRideConsentPayloadResolvers<ContextType = TransportContext, ParentType extends ResolversParentTypes['KioskRideConsentPayload'] = ResolversParentTypes['KioskRideConsentPayload']> = ResolversObject<{
  matched?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  ride?: Resolver<Maybe<ResolversTypes['TaxiRide']>, ParentType, ContextType>;
}>;

export type KioskTaxiPayloadResolvers<ContextType = TransportContext, ParentType extends ResolversParentTypes['KioskTaxiPayload'] = ResolversParentTypes['KioskTaxiPayload']> = ResolversObject<{
  matched?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  oneRideQuestions?: Resolver<Maybe<Array<ResolversTypes['OneRideConsentQuestion']>>, ParentType, ContextType>;
  ride?: Resolver<Maybe<ResolversTypes['TaxiRide']>, ParentType, ContextType>;
}>;

export type MutationResolvers<ContextType = TransportContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = ResolversObject<{
  acceptRide?: Resolver<ResolversTypes['TaxiRide'], ParentType, ContextType, RequireFields<MutationAcceptRideArgs, 'etaMinutes' | 'id'>>;
  answerRideConsentAtKiosk?: Resolver<ResolversTypes['KioskRideConsentPayload'], ParentType, ContextType, RequireFields<MutationAnswerRideConsentAtKioskArgs, 'approve' | 'citizenId' | 'embedding' | 'kioskId' | 'partnerId' | 'rideId'>>;
  cancelRideAtKiosk?: Resolver<ResolversTypes['KioskCancelRidePayload'], ParentType, ContextType, RequireFields<MutationCancelRideAtKioskArgs, 'citizenId' | 'embedding' | 'kioskId' | 'rideId'>>;
  checkFaceAtKiosk?: Resolver<ResolversTypes['KioskFaceCheckPayload'], ParentType, ContextType, RequireFields<MutationCheckFaceAtKioskArgs, 'citizenId' | 'embedding' | 'kioskId'>>;
  hailTaxi?: Resolver<ResolversTypes['TaxiRide'], ParentType, ContextType, RequireFields<MutationHailTaxiArgs, 'input'>>;
  hailTaxiAtKiosk?: Resolver<ResolversTypes['KioskTaxiPayload'], ParentType, ContextType, RequireFields<MutationHailTaxiAtKioskArgs, 'citizenId' | 'destinationLabel' | 'embedding' | 'kioskId'>>;
  registerTaxiWebhook?: Resolver<ResolversTypes['TaxiWebhookRegistration'], ParentType, ContextType, RequireFields<MutationRegisterTaxiWebhookArgs, 'url'>>;
  tapTransit?: Resolver<ResolversTypes['TapTransitPayload'], ParentType, ContextType, RequireFields<MutationTapTransitArgs, 'stationId' | 'token'>>;
  updateRide?: Resolver<ResolversTypes['TaxiRide'], ParentType, ContextType, RequireFields<MutationUpdateRideArgs, 'id' | 'status'>>;
}>;

export type OneRideConsentQuestionResolvers<ContextType = TransportContext, ParentType extends ResolversParentTypes['OneRideConsentQuestion'] = ResolversParentTypes['OneRideConsentQuestion']> = ResolversObject<{
  partnerId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  partnerName?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type QueryResolvers<ContextType = TransportContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = ResolversObject<{
  intersections?: Resolver<Array<ResolversTypes['Intersection']>, ParentType, ContextType, RequireFields<QueryIntersectionsArgs, 'districtId' | 'first'>>;
  kiosk?: Resolver<Maybe<ResolversTypes['Kiosk']>, ParentType, ContextType, RequireFields<QueryKioskArgs, 'id'>>;
  kiosks?: Resolver<Array<ResolversTypes['Kiosk']>, ParentType, ContextType, Partial<QueryKiosksArgs>>;
  offeredRides?: Resolver<Array<ResolversTypes['TaxiRide']>, ParentType, ContextType>;
  station?: Resolver<Maybe<ResolversTypes['Station']>, ParentType, ContextType, RequireFields<QueryStationArgs, 'id'>>;
  stations?: Resolver<Array<ResolversTypes['Station']>, ParentType, ContextType, RequireFields<QueryStationsArgs, 'first'>>;
}>;

export type RidePlaceResolvers<ContextType = TransportContext, ParentType extends ResolversParentTypes['RidePlace'] = ResolversParentTypes['RidePlace']> = ResolversObject<{
  address?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  label?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type RoadConditionResolvers<ContextType = TransportContext, ParentType extends ResolversParentTypes['RoadCondition'] = ResolversParentTypes['RoadCondition']> = ResolversObject<{
  at?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  sensorId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  unit?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  value?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
}>;

export type SavedPlaceResolvers<ContextType = TransportContext, ParentType extends ResolversParentTypes['SavedPlace'] = ResolversParentTypes['SavedPlace']> = ResolversObject<{
  address?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  districtId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  label?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type StationResolvers<ContextType = TransportContext, ParentType extends ResolversParentTypes['Station'] = ResolversParentTypes['Station'], FederationReferenceType extends FederationReferenceTypes['Station'] = FederationReferenceTypes['Station']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Station']> | FederationReferenceType, FederationReferenceType, ContextType>;
  districtId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  lines?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type TapTransitPayloadResolvers<ContextType = TransportContext, ParentType extends ResolversParentTypes['TapTransitPayload'] = ResolversParentTypes['TapTransitPayload']> = ResolversObject<{
  trip?: Resolver<Maybe<ResolversTypes['TransitTap']>, ParentType, ContextType>;
}>;

export type TaxiRideResolvers<ContextType = TransportContext, ParentType extends ResolversParentTypes['TaxiRide'] = ResolversParentTypes['TaxiRide']> = ResolversObject<{
  awaitingConsent?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  destination?: Resolver<Maybe<ResolversTypes['RidePlace']>, ParentType, ContextType>;
  etaMinutes?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  pickup?: Resolver<Maybe<ResolversTypes['RidePlace']>, ParentType, ContextType>;
  requestedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['TaxiRideStatus'], ParentType, ContextType>;
}>;

export type TaxiWebhookRegistrationResolvers<ContextType = TransportContext, ParentType extends ResolversParentTypes['TaxiWebhookRegistration'] = ResolversParentTypes['TaxiWebhookRegistration']> = ResolversObject<{
  registeredAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  secret?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  url?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type TransitTapResolvers<ContextType = TransportContext, ParentType extends ResolversParentTypes['TransitTap'] = ResolversParentTypes['TransitTap']> = ResolversObject<{
  at?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  stationId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
}>;

export type TripResolvers<ContextType = TransportContext, ParentType extends ResolversParentTypes['Trip'] = ResolversParentTypes['Trip']> = ResolversObject<{
  at?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  station?: Resolver<Maybe<ResolversTypes['Station']>, ParentType, ContextType>;
  stationId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
}>;

export interface Link__ImportScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['link__Import'], any> {
  name: 'link__Import';
}

export type Resolvers<ContextType = TransportContext> = ResolversObject<{
  BlindSpotAlert?: BlindSpotAlertResolvers<ContextType>;
  Citizen?: CitizenResolvers<ContextType>;
  DataExport?: DataExportResolvers<ContextType>;
  DateTime?: GraphQLScalarType;
  FieldSet?: GraphQLScalarType;
  Intersection?: IntersectionResolvers<ContextType>;
  JSON?: GraphQLScalarType;
  Kiosk?: KioskResolvers<ContextType>;
  KioskCancelRidePayload?: KioskCancelRidePayloadResolvers<ContextType>;
  KioskFaceCheckPayload?: KioskFaceCheckPayloadResolvers<ContextType>;
  KioskRideConsentPayload?: KioskRideConsentPayloadResolvers<ContextType>;
  KioskTaxiPayload?: KioskTaxiPayloadResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  OneRideConsentQuestion?: OneRideConsentQuestionResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  RidePlace?: RidePlaceResolvers<ContextType>;
  RoadCondition?: RoadConditionResolvers<ContextType>;
  SavedPlace?: SavedPlaceResolvers<ContextType>;
  Station?: StationResolvers<ContextType>;
  TapTransitPayload?: TapTransitPayloadResolvers<ContextType>;
  TaxiRide?: TaxiRideResolvers<ContextType>;
  TaxiWebhookRegistration?: TaxiWebhookRegistrationResolvers<ContextType>;
  TransitTap?: TransitTapResolvers<ContextType>;
  Trip?: TripResolvers<ContextType>;
  link__Import?: GraphQLScalarType;
}>;

export type DirectiveResolvers<ContextType = TransportContext> = ResolversObject<{
  composeDirective?: ComposeDirectiveDirectiveResolver<any, any, ContextType>;
  inaccessible?: InaccessibleDirectiveResolver<any, any, ContextType>;
  link?: LinkDirectiveResolver<any, any, ContextType>;
  personal?: PersonalDirectiveResolver<any, any, ContextType>;
  selfOnly?: SelfOnlyDirectiveResolver<any, any, ContextType>;
  shareable?: ShareableDirectiveResolver<any, any, ContextType>;
}>;
