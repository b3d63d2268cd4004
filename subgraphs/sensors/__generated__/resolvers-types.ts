import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { SensorMapper, ReadingMapper, GaugeLevelMapper, RoadConditionMapper, DistrictMapper, IntersectionMapper } from '../mappers.js';
import type { SensorsContext } from '../context.js';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Omit<T, K extends keyof T> = Pick<T, Exclude<keyof T, K>>;
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
  /**
   * A measured value as a device sends it. Declared as its own scalar rather than Float so that one reading with a
   * value that is not a finite number (null, NaN, a string) is rejected on its own instead of failing the whole batch.
   */
  ReadingValue: { input: unknown; output: unknown; }
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

export type District = {
  __typename?: 'District';
  /** The latest reading of each of the district's river gauges (WATER_LEVEL sensors mounted as gauges). */
  gaugeLevels: Array<GaugeLevel>;
  id: Scalars['ID']['output'];
};

export type GaugeLevel = {
  __typename?: 'GaugeLevel';
  at: Scalars['DateTime']['output'];
  sensorId: Scalars['ID']['output'];
  /** Metres. */
  value: Scalars['Float']['output'];
};

export type GeoPoint = {
  __typename?: 'GeoPoint';
  lat: Scalars['Float']['output'];
  lng: Scalars['Float']['output'];
};

export type IngestReadingsPayload = {
  __typename?: 'IngestReadingsPayload';
  /** How many readings of the batch are stored (a repeated reading counts once per time it was sent). */
  accepted: Scalars['Int']['output'];
  rejected: Array<RejectedReading>;
};

export type Intersection = {
  __typename?: 'Intersection';
  id: Scalars['ID']['output'];
  /** The latest reading of each ROAD_CONDITION sensor watching this intersection. */
  roadConditions: Array<RoadCondition>;
};

export type Mutation = {
  __typename?: 'Mutation';
  /**
   * Stores a batch of up to 5,000 readings (sensors department staff, or a partner key with `sensors:write`).
   * Valid readings are stored even when others are rejected; a reading sent again (same sensor and time) is stored
   * once and still counts as accepted.
   */
  ingestReadings: IngestReadingsPayload;
};


export type MutationIngestReadingsArgs = {
  readings: Array<ReadingInput>;
};

export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
};

export type Query = {
  __typename?: 'Query';
  /** One sensor by id (`S-000001`); null when there is none. */
  sensor: Maybe<Sensor>;
  /** The city's sensors, in id order, optionally in one district and of one kind. `first` is 1..100. */
  sensors: SensorConnection;
};


export type QuerySensorArgs = {
  id: Scalars['ID']['input'];
};


export type QuerySensorsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  districtId?: InputMaybe<Scalars['ID']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  kind?: InputMaybe<SensorKind>;
};

export type Reading = {
  __typename?: 'Reading';
  at: Scalars['DateTime']['output'];
  sensorId: Scalars['ID']['output'];
  /** The unit of the sensor's kind: m, mm, alarm, grip, AQI, dB, vehicles/h, lux, state. */
  unit: Scalars['String']['output'];
  value: Scalars['Float']['output'];
};

export type ReadingInput = {
  /** When the value was measured: ISO 8601 with a time zone; at most 5 minutes ahead and at most 7 days ago. */
  at: Scalars['DateTime']['input'];
  sensorId: Scalars['ID']['input'];
  /** A finite number in the unit of the sensor's kind (RAINFALL: 0 or more; PUMP_STATUS: 0, 1, 2 or 3). */
  value?: InputMaybe<Scalars['ReadingValue']['input']>;
};

/** A reading that was not stored: its position in the batch (from 0) and why. */
export type RejectedReading = {
  __typename?: 'RejectedReading';
  index: Scalars['Int']['output'];
  reason: Scalars['String']['output'];
};

/** One ROAD_CONDITION reading: a grip index from 0 (obstructed) to 1 (dry and clear). */
export type RoadCondition = {
  __typename?: 'RoadCondition';
  at: Scalars['DateTime']['output'];
  sensorId: Scalars['ID']['output'];
  unit: Scalars['String']['output'];
  value: Scalars['Float']['output'];
};

/** A device in the street. Public data. */
export type Sensor = {
  __typename?: 'Sensor';
  district: District;
  districtId: Scalars['ID']['output'];
  id: Scalars['ID']['output'];
  kind: SensorKind;
  /** When the hub last received a reading from this sensor (as of its newest reading: a late, older reading does not move it). */
  lastSeenAt: Maybe<Scalars['DateTime']['output']>;
  /** The most recent reading by measurement time; null before the first one. */
  latestReading: Maybe<Reading>;
  location: GeoPoint;
  /** Readings with `from <= at <= to`, oldest first. The window is at most 31 days; `first` is 1..1000. */
  readings: Array<Reading>;
  status: SensorStatus;
};


/** A device in the street. Public data. */
export type SensorReadingsArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
  from: Scalars['DateTime']['input'];
  to: Scalars['DateTime']['input'];
};

export type SensorConnection = {
  __typename?: 'SensorConnection';
  edges: Array<SensorEdge>;
  pageInfo: PageInfo;
};

export type SensorEdge = {
  __typename?: 'SensorEdge';
  /** Opaque; pass it as `after` to continue after this sensor. */
  cursor: Scalars['String']['output'];
  node: Sensor;
};

export type SensorKind =
  | 'AIR_QUALITY'
  | 'FIRE_ALARM'
  | 'NOISE'
  /** A pumping station's telemetry: its state as a code, 0 RUNNING, 1 STANDBY, 2 FAULT, 3 MAINTENANCE. */
  | 'PUMP_STATUS'
  | 'RAINFALL'
  | 'ROAD_CONDITION'
  | 'STREET_LIGHT'
  | 'TRAFFIC_FLOW'
  | 'WATER_LEVEL';

export type SensorStatus =
  | 'ACTIVE'
  | 'MAINTENANCE'
  | 'OFFLINE';

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
  Intersection: Intersection;
  Sensor: Sensor;
}>;

/** Mapping of federation reference types */
export type FederationReferenceTypes = ResolversObject<{
  District:
    ( { __typename: 'District' }
    & GraphQLRecursivePick<FederationTypes['District'], {"id":true}> );
  Intersection:
    ( { __typename: 'Intersection' }
    & GraphQLRecursivePick<FederationTypes['Intersection'], {"id":true}> );
  Sensor:
    ( { __typename: 'Sensor' }
    & GraphQLRecursivePick<FederationTypes['Sensor'], {"id":true}> );
}>;



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = ResolversObject<{
  DataCategory: DataCategory;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  District: ResolverTypeWrapper<DistrictMapper>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  FieldSet: ResolverTypeWrapper<Scalars['FieldSet']['output']>;
  GaugeLevel: ResolverTypeWrapper<GaugeLevelMapper>;
  Float: ResolverTypeWrapper<Scalars['Float']['output']>;
  GeoPoint: ResolverTypeWrapper<GeoPoint>;
  IngestReadingsPayload: ResolverTypeWrapper<IngestReadingsPayload>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  Intersection: ResolverTypeWrapper<IntersectionMapper>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Reading: ResolverTypeWrapper<ReadingMapper>;
  ReadingInput: ReadingInput;
  ReadingValue: ResolverTypeWrapper<Scalars['ReadingValue']['output']>;
  RejectedReading: ResolverTypeWrapper<RejectedReading>;
  RoadCondition: ResolverTypeWrapper<RoadConditionMapper>;
  Sensor: ResolverTypeWrapper<SensorMapper>;
  SensorConnection: ResolverTypeWrapper<Omit<SensorConnection, 'edges'> & { edges: Array<ResolversTypes['SensorEdge']> }>;
  SensorEdge: ResolverTypeWrapper<Omit<SensorEdge, 'node'> & { node: ResolversTypes['Sensor'] }>;
  SensorKind: SensorKind;
  SensorStatus: SensorStatus;
  link__Import: ResolverTypeWrapper<Scalars['link__Import']['output']>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  DateTime: Scalars['DateTime']['output'];
  District: DistrictMapper;
  ID: Scalars['ID']['output'];
  FieldSet: Scalars['FieldSet']['output'];
  GaugeLevel: GaugeLevelMapper;
  Float: Scalars['Float']['output'];
  GeoPoint: GeoPoint;
  IngestReadingsPayload: IngestReadingsPayload;
  Int: Scalars['Int']['output'];
  Intersection: IntersectionMapper;
  Mutation: Record<PropertyKey, never>;
  PageInfo: PageInfo;
  Boolean: Scalars['Boolean']['output'];
  Query: Record<PropertyKey, never>;
  Reading: ReadingMapper;
  ReadingInput: ReadingInput;
  ReadingValue: Scalars['ReadingValue']['output'];
  RejectedReading: RejectedReading;
  RoadCondition: RoadConditionMapper;
  Sensor: SensorMapper;
  SensorConnection: Omit<SensorConnection, 'edges'> & { edges: Array<ResolversParentTypes['SensorEdge']> };
  SensorEdge: Omit<SensorEdge, 'node'> & { node: ResolversParentTypes['Sensor'] };
  link__Import: Scalars['link__Import']['output'];
  String: Scalars['String']['output'];
}>;

export type ComposeDirectiveDirectiveArgs = {
  name: Scalars['String']['input'];
};

export type ComposeDirectiveDirectiveResolver<Result, Parent, ContextType = SensorsContext, Args = ComposeDirectiveDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type InaccessibleDirectiveArgs = { };

export type InaccessibleDirectiveResolver<Result, Parent, ContextType = SensorsContext, Args = InaccessibleDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type LinkDirectiveArgs = {
  import?: Maybe<Array<Maybe<Scalars['link__Import']['input']>>>;
  url: Scalars['String']['input'];
};

export type LinkDirectiveResolver<Result, Parent, ContextType = SensorsContext, Args = LinkDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type PersonalDirectiveArgs = {
  category: DataCategory;
};

export type PersonalDirectiveResolver<Result, Parent, ContextType = SensorsContext, Args = PersonalDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type SelfOnlyDirectiveArgs = { };

export type SelfOnlyDirectiveResolver<Result, Parent, ContextType = SensorsContext, Args = SelfOnlyDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type ShareableDirectiveArgs = { };

export type ShareableDirectiveResolver<Result, Parent, ContextType = SensorsContext, Args = ShareableDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type DistrictResolvers<ContextType = SensorsContext, ParentType extends ResolversParentTypes['District'] = ResolversParentTypes['District'], FederationReferenceType extends FederationReferenceTypes['District'] = FederationReferenceTypes['District']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['District']> | FederationReferenceType, FederationReferenceType, ContextType>;
  gaugeLevels?: Resolver<Array<ResolversTypes['GaugeLevel']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
}>;

export interface FieldSetScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['FieldSet'], any> {
  name: 'FieldSet';
}

export type GaugeLevelResolvers<ContextType = SensorsContext, ParentType extends ResolversParentTypes['GaugeLevel'] = ResolversParentTypes['GaugeLevel']> = ResolversObject<{
  at?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  sensorId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  value?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
}>;

export type GeoPointResolvers<ContextType = SensorsContext, ParentType extends ResolversParentTypes['GeoPoint'] = ResolversParentTypes['GeoPoint']> = ResolversObject<{
  lat?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  lng?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
}>;

export type IngestReadingsPayloadResolvers<ContextType = SensorsContext, ParentType extends ResolversParentTypes['IngestReadingsPayload'] = ResolversParentTypes['IngestReadingsPayload']> = ResolversObject<{
  accepted?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  rejected?: Resolver<Array<ResolversTypes['RejectedReading']>, ParentType, ContextType>;
}>;

export type IntersectionResolvers<ContextType = SensorsContext, ParentType extends ResolversParentTypes['Intersection'] = ResolversParentTypes['Intersection'], FederationReferenceType extends FederationReferenceTypes['Intersection'] = FederationReferenceTypes['Intersection']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Intersection']> | FederationReferenceType, FederationReferenceType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  roadConditions?: Resolver<Array<ResolversTypes['RoadCondition']>, ParentType, ContextType>;
}>;

export type MutationResolvers<ContextType = SensorsContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = ResolversObject<{
  ingestReadings?: Resolver<ResolversTypes['IngestReadingsPayload'], ParentType, ContextType, RequireFields<MutationIngestReadingsArgs, 'readings'>>;
}>;

export type PageInfoResolvers<ContextType = SensorsContext, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = ResolversObject<{
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
}>;

export type QueryResolvers<ContextType = SensorsContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = ResolversObject<{
  sensor?: Resolver<Maybe<ResolversTypes['Sensor']>, ParentType, ContextType, RequireFields<QuerySensorArgs, 'id'>>;
  sensors?: Resolver<ResolversTypes['SensorConnection'], ParentType, ContextType, RequireFields<QuerySensorsArgs, 'first'>>;
}>;

export type ReadingResolvers<ContextType = SensorsContext, ParentType extends ResolversParentTypes['Reading'] = ResolversParentTypes['Reading']> = ResolversObject<{
  at?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  sensorId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  unit?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  value?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
}>;

export interface ReadingValueScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['ReadingValue'], any> {
  name: 'ReadingValue';
}

export type RejectedReadingResolvers<ContextType = SensorsContext, ParentType extends ResolversParentTypes['RejectedReading'] = ResolversParentTypes['RejectedReading']> = ResolversObject<{
  index?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  reason?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type RoadConditionResolvers<ContextType = SensorsContext, ParentType extends ResolversParentTypes['RoadCondition'] = ResolversParentTypes['RoadCondition']> = ResolversObject<{
  at?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  sensorId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  unit?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  value?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
}>;

export type SensorResolvers<ContextType = SensorsContext, ParentType extends ResolversParentTypes['Sensor'] = ResolversParentTypes['Sensor'], FederationReferenceType extends FederationReferenceTypes['Sensor'] = FederationReferenceTypes['Sensor']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Sensor']> | FederationReferenceType, FederationReferenceType, ContextType>;
  district?: Resolver<ResolversTypes['District'], ParentType, ContextType>;
  districtId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['SensorKind'], ParentType, ContextType>;
  lastSeenAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  latestReading?: Resolver<Maybe<ResolversTypes['Reading']>, ParentType, ContextType>;
  location?: Resolver<ResolversTypes['GeoPoint'], ParentType, ContextType>;
  readings?: Resolver<Array<ResolversTypes['Reading']>, ParentType, ContextType, RequireFields<SensorReadingsArgs, 'first' | 'from' | 'to'>>;
  status?: Resolver<ResolversTypes['SensorStatus'], ParentType, ContextType>;
}>;

export type SensorConnectionResolvers<ContextType = SensorsContext, ParentType extends ResolversParentTypes['SensorConnection'] = ResolversParentTypes['SensorConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['SensorEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
}>;

export type SensorEdgeResolvers<ContextType = SensorsContext, ParentType extends ResolversParentTypes['SensorEdge'] = ResolversParentTypes['SensorEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Sensor'], ParentType, ContextType>;
}>;

export interface Link__ImportScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['link__Import'], any> {
  name: 'link__Import';
}

export type Resolvers<ContextType = SensorsContext> = ResolversObject<{
  DateTime?: GraphQLScalarType;
  District?: DistrictResolvers<ContextType>;
  FieldSet?: GraphQLScalarType;
  GaugeLevel?: GaugeLevelResolvers<ContextType>;
  GeoPoint?: GeoPointResolvers<ContextType>;
  IngestReadingsPayload?: IngestReadingsPayloadResolvers<ContextType>;
  Intersection?: IntersectionResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  Reading?: ReadingResolvers<ContextType>;
  ReadingValue?: GraphQLScalarType;
  RejectedReading?: RejectedReadingResolvers<ContextType>;
  RoadCondition?: RoadConditionResolvers<ContextType>;
  Sensor?: SensorResolvers<ContextType>;
  SensorConnection?: SensorConnectionResolvers<ContextType>;
  SensorEdge?: SensorEdgeResolvers<ContextType>;
  link__Import?: GraphQLScalarType;
}>;

export type DirectiveResolvers<ContextType = SensorsContext> = ResolversObject<{
  composeDirective?: ComposeDirectiveDirectiveResolver<any, any, ContextType>;
  inaccessible?: InaccessibleDirectiveResolver<any, any, ContextType>;
  link?: LinkDirectiveResolver<any, any, ContextType>;
  personal?: PersonalDirectiveResolver<any, any, ContextType>;
  selfOnly?: SelfOnlyDirectiveResolver<any, any, ContextType>;
  shareable?: ShareableDirectiveResolver<any, any, ContextType>;
}>;
