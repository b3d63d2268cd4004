import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { DistrictMapper, WaterGaugeMapper, PumpingStationMapper, RainfallObservationMapper, FloodAlertMapper, SensorMapper } from '../mappers.js';
import type { WaterContext } from '../context.js';
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
  link__Import: { input: unknown; output: unknown; }
  _FieldSet: { input: unknown; output: unknown; }
};

/** What kind of personal data a field holds. */
export type DataCategory =
  | 'BIOMETRIC'
  | 'CONTACT'
  | 'FINANCIAL'
  | 'HEALTH'
  | 'IDENTITY'
  | 'LOCATION';

/** A district of the city. Public data. */
export type District = {
  __typename?: 'District';
  floodAlerts: Array<FloodAlert>;
  /**
   * Computed on every request from the latest gauge levels, the last 6 hours of rain and the pumping capacity (the
   * same assessment that raises and clears alerts when readings arrive). Null,
   * with SUBGRAPH_UNAVAILABLE at its path, while the gauge levels cannot be read (the sensors department is down): a
   * risk computed without its rivers would look calmer than it may be.
   */
  floodRisk: Maybe<FloodRisk>;
  /** The latest level of each river gauge, contributed by the sensors subgraph. */
  gaugeLevels: Array<GaugeLevel>;
  gauges: Array<WaterGauge>;
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
  population: Maybe<Scalars['Int']['output']>;
  pumpingStations: Array<PumpingStation>;
  /** Hourly rainfall of the last `lastHours` hours (1..168), oldest first. */
  rainfall: Array<RainfallObservation>;
};


/** A district of the city. Public data. */
export type DistrictFloodAlertsArgs = {
  activeOnly?: InputMaybe<Scalars['Boolean']['input']>;
};


/** A district of the city. Public data. */
export type DistrictRainfallArgs = {
  lastHours?: InputMaybe<Scalars['Int']['input']>;
};

/**
 * Raised once per district per episode of HIGH or SEVERE flood risk, when the readings that start it arrive (not when
 * someone reads the risk). The episode ends only once the district has stayed below HIGH for the city's quiet period
 * (30 minutes unless configured otherwise), whether or not readings arrive meanwhile; a rise within that period is the
 * same episode. Raising it warns the district's residents (at most twice an hour per district unless configured
 * otherwise) and the partners subscribed to road hazards; a rise to SEVERE warns them again; its end sends the
 * all-clear.
 */
export type FloodAlert = {
  __typename?: 'FloodAlert';
  /** Since when the district has been below HIGH, while the episode waits out its quiet period; null at HIGH or above. */
  calmSince: Maybe<Scalars['DateTime']['output']>;
  /** When the episode ended; null while it lasts. */
  clearedAt: Maybe<Scalars['DateTime']['output']>;
  district: District;
  districtId: Scalars['ID']['output'];
  id: Scalars['ID']['output'];
  /** The highest level of the episode so far (a HIGH episode that reached SEVERE is SEVERE). */
  level: FloodRiskLevel;
  raisedAt: Scalars['DateTime']['output'];
  /** Why, as assessed when the episode reached its level. */
  reasons: Array<Scalars['String']['output']>;
};

export type FloodRisk = {
  __typename?: 'FloodRisk';
  level: FloodRiskLevel;
  /** Why, in plain words; never empty. */
  reasons: Array<Scalars['String']['output']>;
  /** From 0 (no risk) to 1. */
  score: Scalars['Float']['output'];
};

export type FloodRiskLevel =
  | 'HIGH'
  | 'LOW'
  | 'MODERATE'
  | 'SEVERE';

export type GaugeLevel = {
  __typename?: 'GaugeLevel';
  at: Scalars['DateTime']['output'];
  sensorId: Scalars['ID']['output'];
  /** Metres. */
  value: Scalars['Float']['output'];
};

/**
 * A pumping station of the water utility. RUNNING and STANDBY stations count as available capacity. Its status is
 * the latest its telemetry (a PUMP_STATUS sensor) reported, or the utility's own record before the first report.
 */
export type PumpingStation = {
  __typename?: 'PumpingStation';
  capacityCubicMetresPerHour: Scalars['Float']['output'];
  districtId: Scalars['ID']['output'];
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
  status: PumpingStationStatus;
};

export type PumpingStationStatus =
  | 'FAULT'
  | 'MAINTENANCE'
  | 'RUNNING'
  | 'STANDBY';

export type Query = {
  __typename?: 'Query';
  /** One district by id; null when there is none. */
  district: Maybe<District>;
  /** All 16 districts, D-01 to D-16. */
  districts: Array<District>;
  /** Flood alerts across the city, newest first; by default only those whose episode has not ended. */
  floodAlerts: Array<FloodAlert>;
};


export type QueryDistrictArgs = {
  id: Scalars['ID']['input'];
};


export type QueryFloodAlertsArgs = {
  activeOnly?: InputMaybe<Scalars['Boolean']['input']>;
};

/**
 * One hour of rain in a district: the mean of what the district's rain gauges (RAINFALL sensors) measured in that
 * hour, or the weather department's feed for an hour in which no gauge reported.
 */
export type RainfallObservation = {
  __typename?: 'RainfallObservation';
  /** The start of the hour. */
  at: Scalars['DateTime']['output'];
  districtId: Scalars['ID']['output'];
  millimetres: Scalars['Float']['output'];
};

export type Sensor = {
  __typename?: 'Sensor';
  id: Scalars['ID']['output'];
};

/** A river gauge: a WATER_LEVEL sensor with the thresholds the water department set for it. */
export type WaterGauge = {
  __typename?: 'WaterGauge';
  /** Metres: at or above it the district's risk is at least HIGH. */
  dangerLevel: Scalars['Float']['output'];
  districtId: Scalars['ID']['output'];
  id: Scalars['ID']['output'];
  riverName: Scalars['String']['output'];
  /** Null (with SUBGRAPH_UNAVAILABLE at the path of what was asked) while the sensors department is down. */
  sensor: Maybe<Sensor>;
  /** Metres: at or above it the district's risk is at least MODERATE. */
  warningLevel: Scalars['Float']['output'];
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
  District: District;
  WaterGauge: WaterGauge;
}>;

/** Mapping of federation reference types */
export type FederationReferenceTypes = ResolversObject<{
  District:
    ( { __typename: 'District' }
    & GraphQLRecursivePick<FederationTypes['District'], {"id":true}>
    & ( Record<PropertyKey, never>
        | GraphQLRecursivePick<FederationTypes['District'], {"gaugeLevels":{"sensorId":true,"value":true,"at":true}}> ) );
  WaterGauge:
    ( { __typename: 'WaterGauge' }
    & GraphQLRecursivePick<FederationTypes['WaterGauge'], {"id":true}> );
}>;



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = ResolversObject<{
  DataCategory: DataCategory;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  District: ResolverTypeWrapper<DistrictMapper>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  FieldSet: ResolverTypeWrapper<Scalars['FieldSet']['output']>;
  FloodAlert: ResolverTypeWrapper<FloodAlertMapper>;
  FloodRisk: ResolverTypeWrapper<FloodRisk>;
  Float: ResolverTypeWrapper<Scalars['Float']['output']>;
  FloodRiskLevel: FloodRiskLevel;
  GaugeLevel: ResolverTypeWrapper<GaugeLevel>;
  PumpingStation: ResolverTypeWrapper<PumpingStationMapper>;
  PumpingStationStatus: PumpingStationStatus;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  RainfallObservation: ResolverTypeWrapper<RainfallObservationMapper>;
  Sensor: ResolverTypeWrapper<SensorMapper>;
  WaterGauge: ResolverTypeWrapper<WaterGaugeMapper>;
  link__Import: ResolverTypeWrapper<Scalars['link__Import']['output']>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  DateTime: Scalars['DateTime']['output'];
  District: DistrictMapper;
  Boolean: Scalars['Boolean']['output'];
  ID: Scalars['ID']['output'];
  Int: Scalars['Int']['output'];
  FieldSet: Scalars['FieldSet']['output'];
  FloodAlert: FloodAlertMapper;
  FloodRisk: FloodRisk;
  Float: Scalars['Float']['output'];
  GaugeLevel: GaugeLevel;
  PumpingStation: PumpingStationMapper;
  Query: Record<PropertyKey, never>;
  RainfallObservation: RainfallObservationMapper;
  Sensor: SensorMapper;
  WaterGauge: WaterGaugeMapper;
  link__Import: Scalars['link__Import']['output'];
  String: Scalars['String']['output'];
}>;

export type ComposeDirectiveDirectiveArgs = {
  name: Scalars['String']['input'];
};

export type ComposeDirectiveDirectiveResolver<Result, Parent, ContextType = WaterContext, Args = ComposeDirectiveDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type InaccessibleDirectiveArgs = { };

export type InaccessibleDirectiveResolver<Result, Parent, ContextType = WaterContext, Args = InaccessibleDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type LinkDirectiveArgs = {
  import?: Maybe<Array<Maybe<Scalars['link__Import']['input']>>>;
  url: Scalars['String']['input'];
};

export type LinkDirectiveResolver<Result, Parent, ContextType = WaterContext, Args = LinkDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type PersonalDirectiveArgs = {
  category: DataCategory;
};

export type PersonalDirectiveResolver<Result, Parent, ContextType = WaterContext, Args = PersonalDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type SelfOnlyDirectiveArgs = { };

export type SelfOnlyDirectiveResolver<Result, Parent, ContextType = WaterContext, Args = SelfOnlyDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type ShareableDirectiveArgs = { };

export type ShareableDirectiveResolver<Result, Parent, ContextType = WaterContext, Args = ShareableDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type DistrictResolvers<ContextType = WaterContext, ParentType extends ResolversParentTypes['District'] = ResolversParentTypes['District'], FederationReferenceType extends FederationReferenceTypes['District'] = FederationReferenceTypes['District']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['District']> | FederationReferenceType, FederationReferenceType, ContextType>;
  floodAlerts?: Resolver<Array<ResolversTypes['FloodAlert']>, ParentType, ContextType, RequireFields<DistrictFloodAlertsArgs, 'activeOnly'>>;
  floodRisk?: Resolver<Maybe<ResolversTypes['FloodRisk']>, ParentType, ContextType>;
  gauges?: Resolver<Array<ResolversTypes['WaterGauge']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  population?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  pumpingStations?: Resolver<Array<ResolversTypes['PumpingStation']>, ParentType, ContextType>;
  rainfall?: Resolver<Array<ResolversTypes['RainfallObservation']>, ParentType, ContextType, RequireFields<DistrictRainfallArgs, 'lastHours'>>;
}>;

export interface FieldSetScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['FieldSet'], any> {
  name: 'FieldSet';
}

export type FloodAlertResolvers<ContextType = WaterContext, ParentType extends ResolversParentTypes['FloodAlert'] = ResolversParentTypes['FloodAlert']> = ResolversObject<{
  calmSince?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  clearedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  district?: Resolver<ResolversTypes['District'], ParentType, ContextType>;
  districtId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  level?: Resolver<ResolversTypes['FloodRiskLevel'], ParentType, ContextType>;
  raisedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  reasons?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type FloodRiskResolvers<ContextType = WaterContext, ParentType extends ResolversParentTypes['FloodRisk'] = ResolversParentTypes['FloodRisk']> = ResolversObject<{
  level?: Resolver<ResolversTypes['FloodRiskLevel'], ParentType, ContextType>;
  reasons?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  score?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
}>;

export type GaugeLevelResolvers<ContextType = WaterContext, ParentType extends ResolversParentTypes['GaugeLevel'] = ResolversParentTypes['GaugeLevel']> = ResolversObject<{
  at?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  sensorId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  value?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
}>;

export type PumpingStationResolvers<ContextType = WaterContext, ParentType extends ResolversParentTypes['PumpingStation'] = ResolversParentTypes['PumpingStation']> = ResolversObject<{
  capacityCubicMetresPerHour?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  districtId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['PumpingStationStatus'], ParentType, ContextType>;
}>;

export type QueryResolvers<ContextType = WaterContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = ResolversObject<{
  district?: Resolver<Maybe<ResolversTypes['District']>, ParentType, ContextType, RequireFields<QueryDistrictArgs, 'id'>>;
  districts?: Resolver<Array<ResolversTypes['District']>, ParentType, ContextType>;
  floodAlerts?: Resolver<Array<ResolversTypes['FloodAlert']>, ParentType, ContextType, RequireFields<QueryFloodAlertsArgs, 'activeOnly'>>;
}>;

export type RainfallObservationResolvers<ContextType = WaterContext, ParentType extends ResolversParentTypes['RainfallObservation'] = ResolversParentTypes['RainfallObservation']> = ResolversObject<{
  at?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  districtId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  millimetres?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
}>;

export type SensorResolvers<ContextType = WaterContext, ParentType extends ResolversParentTypes['Sensor'] = ResolversParentTypes['Sensor']> = ResolversObject<{
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
}>;

export type WaterGaugeResolvers<ContextType = WaterContext, ParentType extends ResolversParentTypes['WaterGauge'] = ResolversParentTypes['WaterGauge'], FederationReferenceType extends FederationReferenceTypes['WaterGauge'] = FederationReferenceTypes['WaterGauge']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['WaterGauge']> | FederationReferenceType, FederationReferenceType, ContextType>;
  dangerLevel?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  districtId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  riverName?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  sensor?: Resolver<Maybe<ResolversTypes['Sensor']>, ParentType, ContextType>;
  warningLevel?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
}>;

export interface Link__ImportScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['link__Import'], any> {
  name: 'link__Import';
}

export type Resolvers<ContextType = WaterContext> = ResolversObject<{
  DateTime?: GraphQLScalarType;
  District?: DistrictResolvers<ContextType>;
  FieldSet?: GraphQLScalarType;
  FloodAlert?: FloodAlertResolvers<ContextType>;
  FloodRisk?: FloodRiskResolvers<ContextType>;
  GaugeLevel?: GaugeLevelResolvers<ContextType>;
  PumpingStation?: PumpingStationResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  RainfallObservation?: RainfallObservationResolvers<ContextType>;
  Sensor?: SensorResolvers<ContextType>;
  WaterGauge?: WaterGaugeResolvers<ContextType>;
  link__Import?: GraphQLScalarType;
}>;

export type DirectiveResolvers<ContextType = WaterContext> = ResolversObject<{
  composeDirective?: ComposeDirectiveDirectiveResolver<any, any, ContextType>;
  inaccessible?: InaccessibleDirectiveResolver<any, any, ContextType>;
  link?: LinkDirectiveResolver<any, any, ContextType>;
  personal?: PersonalDirectiveResolver<any, any, ContextType>;
  selfOnly?: SelfOnlyDirectiveResolver<any, any, ContextType>;
  shareable?: ShareableDirectiveResolver<any, any, ContextType>;
}>;
