import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { CitizenMapper, FacilityMapper, HealthDeclarationMapper, CheckInMapper, HealthCodeMapper, DataExportMapper, HealthPassMapper, ScanHealthPassPayloadMapper, KioskHealthPassPayloadMapper } from '../mappers.js';
import type { HealthContext } from '../context.js';
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
  /** Any JSON value: an object, a list, a string, a number, a boolean or null. */
  JSON: { input: unknown; output: unknown; }
  link__Import: { input: unknown; output: unknown; }
  _FieldSet: { input: unknown; output: unknown; }
};

/** A citizen's visit to a facility, recorded when a facility scans their health pass. */
export type CheckIn = {
  __typename?: 'CheckIn';
  at: Maybe<Scalars['DateTime']['output']>;
  facility: Maybe<Facility>;
  id: Scalars['ID']['output'];
};

/** A resident of the city; the consent subgraph owns who they are, health adds their health records. */
export type Citizen = {
  __typename?: 'Citizen';
  /** The most recent check-ins first; `last` is at most 100. */
  checkIns: Maybe<Array<CheckIn>>;
  /** Every citizen has one: GREEN unless declarations or exposures say otherwise. */
  healthCode: Maybe<HealthCode>;
  /** The most recent declarations first; `last` is at most 100. */
  healthDeclarations: Maybe<Array<HealthDeclaration>>;
  id: Scalars['ID']['output'];
};


/** A resident of the city; the consent subgraph owns who they are, health adds their health records. */
export type CitizenCheckInsArgs = {
  last?: InputMaybe<Scalars['Int']['input']>;
};


/** A resident of the city; the consent subgraph owns who they are, health adds their health records. */
export type CitizenHealthDeclarationsArgs = {
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

/** A citizen's data export (owned by the consent subgraph); the health department adds its section. */
export type DataExport = {
  __typename?: 'DataExport';
  citizenId: Scalars['ID']['output'];
  /** The health code, every health declaration, and every check-in with its facility id. */
  health: Maybe<Scalars['JSON']['output']>;
};

/** A public place where citizens check in with their health pass. Public data. */
export type Facility = {
  __typename?: 'Facility';
  address: Scalars['String']['output'];
  districtId: Scalars['ID']['output'];
  /** When the health department flagged this facility as a place of exposure; null unless flagged. */
  exposureFlaggedAt: Maybe<Scalars['DateTime']['output']>;
  /** The start of the exposure period the flag covers; null unless flagged. */
  exposureSince: Maybe<Scalars['DateTime']['output']>;
  id: Scalars['ID']['output'];
  kind: FacilityKind;
  name: Scalars['String']['output'];
};

export type FacilityKind =
  | 'CLINIC'
  | 'COMMUNITY_CENTRE'
  | 'HOSPITAL'
  | 'LIBRARY'
  | 'MARKET'
  | 'PHARMACY'
  | 'SCHOOL'
  | 'SPORTS_CENTRE';

export type FlagFacilityExposurePayload = {
  __typename?: 'FlagFacilityExposurePayload';
  facility: Facility;
  /** How many citizens' health codes were recomputed because they checked in during the exposure period. */
  healthCodesRecomputed: Scalars['Int']['output'];
};

export type HealthCode = {
  __typename?: 'HealthCode';
  /** Why the code is not GREEN, in plain words; empty when it is GREEN. */
  reasons: Maybe<Array<Scalars['String']['output']>>;
  status: Maybe<HealthCodeStatus>;
  /** When the code was last derived; null for a citizen who never had a health event. */
  updatedAt: Maybe<Scalars['DateTime']['output']>;
};

export type HealthCodeStatus =
  | 'AMBER'
  | 'GREEN'
  | 'RED';

export type HealthDeclaration = {
  __typename?: 'HealthDeclaration';
  id: Scalars['ID']['output'];
  /** Places visited recently. */
  recentTravel: Maybe<Array<Scalars['String']['output']>>;
  submittedAt: Scalars['DateTime']['output'];
  symptoms: Maybe<Array<Scalars['String']['output']>>;
  /** Body temperature in °C, when measured. */
  temperature: Maybe<Scalars['Float']['output']>;
};

export type HealthPass = {
  __typename?: 'HealthPass';
  expiresAt: Scalars['DateTime']['output'];
  /** The health code status the pass shows. */
  status: Maybe<HealthCodeStatus>;
  /** The QR payload: HP1.<claims>.<signature>, base64url parts. */
  token: Scalars['String']['output'];
};

export type KioskHealthPassPayload = {
  __typename?: 'KioskHealthPassPayload';
  /** Whether the face matched the citizen's template. Nothing else about the comparison is given. */
  matched: Scalars['Boolean']['output'];
  /** The pass on a match; null otherwise. */
  pass: Maybe<HealthPass>;
};

export type Mutation = {
  __typename?: 'Mutation';
  /**
   * Health department staff only: marks a facility as a place of exposure since `since`, and recomputes the health
   * code of every citizen who checked in there from then on (within the last 14 days).
   */
  flagFacilityExposure: FlagFacilityExposurePayload;
  /**
   * The signed-in citizen's health pass: a signed token to show as a QR code, valid for at most 120 seconds and
   * usable once at a facility and once at a transit gate. It names the citizen only in encrypted form.
   */
  issueHealthPass: HealthPass;
  /**
   * A city kiosk (transport department staff, X-Purpose TRANSIT_ACCESS) shows the health pass of a citizen without a
   * phone, who tapped their city card (`citizenId`) and looked into the kiosk's camera (`embedding`: 512 numbers of
   * unit length, never a photo). The face is checked 1:1 under the consent the citizen gave for this at enrolment
   * (transport, TRANSIT_ACCESS, [(consent, BIOMETRIC), (health, HEALTH)]); without it the consent code is the error.
   * On a match the pass is the same as the citizen's own (two minutes, once at each kind of place); otherwise
   * `matched: false` and no pass.
   */
  issueHealthPassAtKiosk: KioskHealthPassPayload;
  /**
   * Health department staff (X-Purpose PUBLIC_HEALTH) scan a pass at a facility: answers the status the pass shows
   * and records the check-in. A pass scanned before is refused with PASS_ALREADY_USED, an expired one with
   * PASS_EXPIRED, a forged or altered one with PASS_INVALID; a refused scan records nothing.
   */
  scanHealthPass: ScanHealthPassPayload;
  /** The signed-in citizen declares their health; answers the stored declaration and their recomputed health code. */
  submitHealthDeclaration: SubmitHealthDeclarationPayload;
};


export type MutationFlagFacilityExposureArgs = {
  facilityId: Scalars['ID']['input'];
  since: Scalars['DateTime']['input'];
};


export type MutationIssueHealthPassAtKioskArgs = {
  citizenId: Scalars['ID']['input'];
  embedding: Array<Scalars['Float']['input']>;
};


export type MutationScanHealthPassArgs = {
  facilityId: Scalars['ID']['input'];
  token: Scalars['String']['input'];
};


export type MutationSubmitHealthDeclarationArgs = {
  input: SubmitHealthDeclarationInput;
};

export type Query = {
  __typename?: 'Query';
  /** Facilities ordered by id, optionally in one district. `first` is at most 100. */
  facilities: Array<Facility>;
  /** A facility by id; public. */
  facility: Maybe<Facility>;
  /**
   * The health department's health-pass public key (Ed25519, base64url): scanners verify passes offline with it.
   * Also published as a static document at GET /.well-known/health-pass-keys.json on the gateway.
   */
  healthPassPublicKey: Scalars['String']['output'];
};


export type QueryFacilitiesArgs = {
  districtId?: InputMaybe<Scalars['ID']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryFacilityArgs = {
  id: Scalars['ID']['input'];
};

export type ScanHealthPassPayload = {
  __typename?: 'ScanHealthPassPayload';
  /** The check-in the scan recorded. */
  checkIn: CheckIn;
  /** The health code status the pass shows, for the guard at the door. */
  status: Maybe<HealthCodeStatus>;
};

export type SubmitHealthDeclarationInput = {
  /** Places visited in the last 14 days: at most 20, each at most 100 characters. */
  recentTravel?: InputMaybe<Array<Scalars['String']['input']>>;
  /** At most 20, each at most 100 characters. */
  symptoms?: InputMaybe<Array<Scalars['String']['input']>>;
  /** In °C, between 34 and 43. */
  temperature?: InputMaybe<Scalars['Float']['input']>;
};

export type SubmitHealthDeclarationPayload = {
  __typename?: 'SubmitHealthDeclarationPayload';
  declaration: HealthDeclaration;
  healthCode: HealthCode;
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
  Facility: Facility;
}>;

/** Mapping of federation reference types */
export type FederationReferenceTypes = ResolversObject<{
  Citizen:
    ( { __typename: 'Citizen' }
    & GraphQLRecursivePick<FederationTypes['Citizen'], {"id":true}> );
  DataExport:
    ( { __typename: 'DataExport' }
    & GraphQLRecursivePick<FederationTypes['DataExport'], {"citizenId":true}> );
  Facility:
    ( { __typename: 'Facility' }
    & GraphQLRecursivePick<FederationTypes['Facility'], {"id":true}> );
}>;



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = ResolversObject<{
  CheckIn: ResolverTypeWrapper<CheckInMapper>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  Citizen: ResolverTypeWrapper<CitizenMapper>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  DataCategory: DataCategory;
  DataExport: ResolverTypeWrapper<DataExportMapper>;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  Facility: ResolverTypeWrapper<FacilityMapper>;
  FacilityKind: FacilityKind;
  FieldSet: ResolverTypeWrapper<Scalars['FieldSet']['output']>;
  FlagFacilityExposurePayload: ResolverTypeWrapper<Omit<FlagFacilityExposurePayload, 'facility'> & { facility: ResolversTypes['Facility'] }>;
  HealthCode: ResolverTypeWrapper<HealthCodeMapper>;
  HealthCodeStatus: HealthCodeStatus;
  HealthDeclaration: ResolverTypeWrapper<HealthDeclarationMapper>;
  Float: ResolverTypeWrapper<Scalars['Float']['output']>;
  HealthPass: ResolverTypeWrapper<HealthPassMapper>;
  JSON: ResolverTypeWrapper<Scalars['JSON']['output']>;
  KioskHealthPassPayload: ResolverTypeWrapper<KioskHealthPassPayloadMapper>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  ScanHealthPassPayload: ResolverTypeWrapper<ScanHealthPassPayloadMapper>;
  SubmitHealthDeclarationInput: SubmitHealthDeclarationInput;
  SubmitHealthDeclarationPayload: ResolverTypeWrapper<Omit<SubmitHealthDeclarationPayload, 'declaration' | 'healthCode'> & { declaration: ResolversTypes['HealthDeclaration'], healthCode: ResolversTypes['HealthCode'] }>;
  link__Import: ResolverTypeWrapper<Scalars['link__Import']['output']>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  CheckIn: CheckInMapper;
  ID: Scalars['ID']['output'];
  Citizen: CitizenMapper;
  Int: Scalars['Int']['output'];
  DataExport: DataExportMapper;
  DateTime: Scalars['DateTime']['output'];
  Facility: FacilityMapper;
  FieldSet: Scalars['FieldSet']['output'];
  FlagFacilityExposurePayload: Omit<FlagFacilityExposurePayload, 'facility'> & { facility: ResolversParentTypes['Facility'] };
  HealthCode: HealthCodeMapper;
  HealthDeclaration: HealthDeclarationMapper;
  Float: Scalars['Float']['output'];
  HealthPass: HealthPassMapper;
  JSON: Scalars['JSON']['output'];
  KioskHealthPassPayload: KioskHealthPassPayloadMapper;
  Boolean: Scalars['Boolean']['output'];
  Mutation: Record<PropertyKey, never>;
  Query: Record<PropertyKey, never>;
  ScanHealthPassPayload: ScanHealthPassPayloadMapper;
  SubmitHealthDeclarationInput: SubmitHealthDeclarationInput;
  SubmitHealthDeclarationPayload: Omit<SubmitHealthDeclarationPayload, 'declaration' | 'healthCode'> & { declaration: ResolversParentTypes['HealthDeclaration'], healthCode: ResolversParentTypes['HealthCode'] };
  link__Import: Scalars['link__Import']['output'];
  String: Scalars['String']['output'];
}>;

export type ComposeDirectiveDirectiveArgs = {
  name: Scalars['String']['input'];
};

export type ComposeDirectiveDirectiveResolver<Result, Parent, ContextType = HealthContext, Args = ComposeDirectiveDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type InaccessibleDirectiveArgs = { };

export type InaccessibleDirectiveResolver<Result, Parent, ContextType = HealthContext, Args = InaccessibleDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type LinkDirectiveArgs = {
  import?: Maybe<Array<Maybe<Scalars['link__Import']['input']>>>;
  url: Scalars['String']['input'];
};

export type LinkDirectiveResolver<Result, Parent, ContextType = HealthContext, Args = LinkDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type PersonalDirectiveArgs = {
  category: DataCategory;
};

export type PersonalDirectiveResolver<Result, Parent, ContextType = HealthContext, Args = PersonalDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type SelfOnlyDirectiveArgs = { };

export type SelfOnlyDirectiveResolver<Result, Parent, ContextType = HealthContext, Args = SelfOnlyDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type ShareableDirectiveArgs = { };

export type ShareableDirectiveResolver<Result, Parent, ContextType = HealthContext, Args = ShareableDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type CheckInResolvers<ContextType = HealthContext, ParentType extends ResolversParentTypes['CheckIn'] = ResolversParentTypes['CheckIn']> = ResolversObject<{
  at?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  facility?: Resolver<Maybe<ResolversTypes['Facility']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
}>;

export type CitizenResolvers<ContextType = HealthContext, ParentType extends ResolversParentTypes['Citizen'] = ResolversParentTypes['Citizen'], FederationReferenceType extends FederationReferenceTypes['Citizen'] = FederationReferenceTypes['Citizen']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Citizen']> | FederationReferenceType, FederationReferenceType, ContextType>;
  checkIns?: Resolver<Maybe<Array<ResolversTypes['CheckIn']>>, ParentType, ContextType, RequireFields<CitizenCheckInsArgs, 'last'>>;
  healthCode?: Resolver<Maybe<ResolversTypes['HealthCode']>, ParentType, ContextType>;
  healthDeclarations?: Resolver<Maybe<Array<ResolversTypes['HealthDeclaration']>>, ParentType, ContextType, RequireFields<CitizenHealthDeclarationsArgs, 'last'>>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
}>;

export type DataExportResolvers<ContextType = HealthContext, ParentType extends ResolversParentTypes['DataExport'] = ResolversParentTypes['DataExport'], FederationReferenceType extends FederationReferenceTypes['DataExport'] = FederationReferenceTypes['DataExport']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['DataExport']> | FederationReferenceType, FederationReferenceType, ContextType>;
  citizenId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  health?: Resolver<Maybe<ResolversTypes['JSON']>, ParentType, ContextType>;
}>;

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type FacilityResolvers<ContextType = HealthContext, ParentType extends ResolversParentTypes['Facility'] = ResolversParentTypes['Facility'], FederationReferenceType extends FederationReferenceTypes['Facility'] = FederationReferenceTypes['Facility']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Facility']> | FederationReferenceType, FederationReferenceType, ContextType>;
  address?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  districtId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  exposureFlaggedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  exposureSince?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['FacilityKind'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export interface FieldSetScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['FieldSet'], any> {
  name: 'FieldSet';
}

export type FlagFacilityExposurePayloadResolvers<ContextType = HealthContext, ParentType extends ResolversParentTypes['FlagFacilityExposurePayload'] = ResolversParentTypes['FlagFacilityExposurePayload']> = ResolversObject<{
  facility?: Resolver<ResolversTypes['Facility'], ParentType, ContextType>;
  healthCodesRecomputed?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type HealthCodeResolvers<ContextType = HealthContext, ParentType extends ResolversParentTypes['HealthCode'] = ResolversParentTypes['HealthCode']> = ResolversObject<{
  reasons?: Resolver<Maybe<Array<ResolversTypes['String']>>, ParentType, ContextType>;
  status?: Resolver<Maybe<ResolversTypes['HealthCodeStatus']>, ParentType, ContextType>;
  updatedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
}>;

export type HealthDeclarationResolvers<ContextType = HealthContext, ParentType extends ResolversParentTypes['HealthDeclaration'] = ResolversParentTypes['HealthDeclaration']> = ResolversObject<{
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  recentTravel?: Resolver<Maybe<Array<ResolversTypes['String']>>, ParentType, ContextType>;
  submittedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  symptoms?: Resolver<Maybe<Array<ResolversTypes['String']>>, ParentType, ContextType>;
  temperature?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
}>;

export type HealthPassResolvers<ContextType = HealthContext, ParentType extends ResolversParentTypes['HealthPass'] = ResolversParentTypes['HealthPass']> = ResolversObject<{
  expiresAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  status?: Resolver<Maybe<ResolversTypes['HealthCodeStatus']>, ParentType, ContextType>;
  token?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export interface JsonScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['JSON'], any> {
  name: 'JSON';
}

export type KioskHealthPassPayloadResolvers<ContextType = HealthContext, ParentType extends ResolversParentTypes['KioskHealthPassPayload'] = ResolversParentTypes['KioskHealthPassPayload']> = ResolversObject<{
  matched?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  pass?: Resolver<Maybe<ResolversTypes['HealthPass']>, ParentType, ContextType>;
}>;

export type MutationResolvers<ContextType = HealthContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = ResolversObject<{
  flagFacilityExposure?: Resolver<ResolversTypes['FlagFacilityExposurePayload'], ParentType, ContextType, RequireFields<MutationFlagFacilityExposureArgs, 'facilityId' | 'since'>>;
  issueHealthPass?: Resolver<ResolversTypes['HealthPass'], ParentType, ContextType>;
  issueHealthPassAtKiosk?: Resolver<ResolversTypes['KioskHealthPassPayload'], ParentType, ContextType, RequireFields<MutationIssueHealthPassAtKioskArgs, 'citizenId' | 'embedding'>>;
  scanHealthPass?: Resolver<ResolversTypes['ScanHealthPassPayload'], ParentType, ContextType, RequireFields<MutationScanHealthPassArgs, 'facilityId' | 'token'>>;
  submitHealthDeclaration?: Resolver<ResolversTypes['SubmitHealthDeclarationPayload'], ParentType, ContextType, RequireFields<MutationSubmitHealthDeclarationArgs, 'input'>>;
}>;

export type QueryResolvers<ContextType = HealthContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = ResolversObject<{
  facilities?: Resolver<Array<ResolversTypes['Facility']>, ParentType, ContextType, RequireFields<QueryFacilitiesArgs, 'first'>>;
  facility?: Resolver<Maybe<ResolversTypes['Facility']>, ParentType, ContextType, RequireFields<QueryFacilityArgs, 'id'>>;
  healthPassPublicKey?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type ScanHealthPassPayloadResolvers<ContextType = HealthContext, ParentType extends ResolversParentTypes['ScanHealthPassPayload'] = ResolversParentTypes['ScanHealthPassPayload']> = ResolversObject<{
  checkIn?: Resolver<ResolversTypes['CheckIn'], ParentType, ContextType>;
  status?: Resolver<Maybe<ResolversTypes['HealthCodeStatus']>, ParentType, ContextType>;
}>;

export type SubmitHealthDeclarationPayloadResolvers<ContextType = HealthContext, ParentType extends ResolversParentTypes['SubmitHealthDeclarationPayload'] = ResolversParentTypes['SubmitHealthDeclarationPayload']> = ResolversObject<{
  declaration?: Resolver<ResolversTypes['HealthDeclaration'], ParentType, ContextType>;
  healthCode?: Resolver<ResolversTypes['HealthCode'], ParentType, ContextType>;
}>;

export interface Link__ImportScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['link__Import'], any> {
  name: 'link__Import';
}

export type Resolvers<ContextType = HealthContext> = ResolversObject<{
  CheckIn?: CheckInResolvers<ContextType>;
  Citizen?: CitizenResolvers<ContextType>;
  DataExport?: DataExportResolvers<ContextType>;
  DateTime?: GraphQLScalarType;
  Facility?: FacilityResolvers<ContextType>;
  FieldSet?: GraphQLScalarType;
  FlagFacilityExposurePayload?: FlagFacilityExposurePayloadResolvers<ContextType>;
  HealthCode?: HealthCodeResolvers<ContextType>;
  HealthDeclaration?: HealthDeclarationResolvers<ContextType>;
  HealthPass?: HealthPassResolvers<ContextType>;
  JSON?: GraphQLScalarType;
  KioskHealthPassPayload?: KioskHealthPassPayloadResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  ScanHealthPassPayload?: ScanHealthPassPayloadResolvers<ContextType>;
  SubmitHealthDeclarationPayload?: SubmitHealthDeclarationPayloadResolvers<ContextType>;
  link__Import?: GraphQLScalarType;
}>;

export type DirectiveResolvers<ContextType = HealthContext> = ResolversObject<{
  composeDirective?: ComposeDirectiveDirectiveResolver<any, any, ContextType>;
  inaccessible?: InaccessibleDirectiveResolver<any, any, ContextType>;
  link?: LinkDirectiveResolver<any, any, ContextType>;
  personal?: PersonalDirectiveResolver<any, any, ContextType>;
  selfOnly?: SelfOnlyDirectiveResolver<any, any, ContextType>;
  shareable?: ShareableDirectiveResolver<any, any, ContextType>;
}>;
