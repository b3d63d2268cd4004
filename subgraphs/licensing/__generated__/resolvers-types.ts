import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { CitizenMapper, BusinessMapper, LicenceMapper, LicenceApplicationMapper, DataExportMapper, ReminderMapper, RiskReasonMapper } from '../mappers.js';
import type { LicensingContext } from '../context.js';
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

export type ApplicationStatus =
  | 'APPROVED'
  | 'REJECTED'
  | 'SUBMITTED'
  | 'UNDER_REVIEW';

export type ApplyForIntegratedLicenceInput = {
  /** An existing business the applicant owns. Give exactly one of `businessId` and `newBusiness`. */
  businessId?: InputMaybe<Scalars['ID']['input']>;
  newBusiness?: InputMaybe<NewBusinessInput>;
  /** 1 to 8 distinct permits. */
  permits: Array<Permit>;
};

/** A business registered with the licensing department. */
export type Business = {
  __typename?: 'Business';
  districtId: Scalars['ID']['output'];
  id: Scalars['ID']['output'];
  /** Every licence issued to the business, oldest first. */
  licences: Array<Licence>;
  name: Scalars['String']['output'];
  /** The citizen who owns the business: personal (financial) information about them, decided by the consent layer. */
  owner: Maybe<Citizen>;
  tradingAddress: Scalars['String']['output'];
};

/** What came of a reminder phone call. */
export type CallOutcome =
  | 'NO_ANSWER'
  | 'REACHED'
  | 'UNREACHABLE';

/** A resident of the city, owned by the consent subgraph. Which businesses a person owns is financial information about them. */
export type Citizen = {
  __typename?: 'Citizen';
  businesses: Maybe<Array<Business>>;
  id: Scalars['ID']['output'];
  /** Their licence applications, newest first. */
  licenceApplications: Maybe<Array<LicenceApplication>>;
};

/** What kind of personal data a field holds. */
export type DataCategory =
  | 'BIOMETRIC'
  | 'CONTACT'
  | 'FINANCIAL'
  | 'HEALTH'
  | 'IDENTITY'
  | 'LOCATION';

/** A citizen's data export (owned by the consent subgraph); the licensing department adds its section. */
export type DataExport = {
  __typename?: 'DataExport';
  citizenId: Scalars['ID']['output'];
  /** The businesses the citizen owns with their licences, and the citizen's licence applications. */
  licensing: Maybe<Scalars['JSON']['output']>;
};

/** A language the city answers plain-words text in. */
export type Language =
  | 'EN'
  | 'ZH_HANS';

/** An integrated licence: one licence that covers several permits of one business. */
export type Licence = {
  __typename?: 'Licence';
  business: Business;
  expiresAt: Scalars['DateTime']['output'];
  id: Scalars['ID']['output'];
  issuedAt: Scalars['DateTime']['output'];
  permits: Array<Permit>;
  /**
   * The renewal reminders the risk level implies (higher risk: earlier, more often, and escalating from e-mail to SMS
   * to a phone call), earliest first, with any reminder already taken under an earlier grade.
   */
  reminders: Array<Reminder>;
  /** When a newer licence covering at least these permits was issued to the business; null if not renewed. */
  renewedAt: Maybe<Scalars['DateTime']['output']>;
  riskLevel: RiskLevel;
  /** Why it has that grade: the permits first, then the business's record, each in plain words. */
  riskReasons: Array<RiskReason>;
  /** EXPIRED once `expiresAt` has passed, unless suspended. */
  status: LicenceStatus;
};

/** One application for an integrated licence, moving SUBMITTED -> UNDER_REVIEW -> APPROVED or REJECTED. */
export type LicenceApplication = {
  __typename?: 'LicenceApplication';
  business: Business;
  id: Scalars['ID']['output'];
  /** The licence issued on approval; null until then. */
  licence: Maybe<Licence>;
  permits: Array<Permit>;
  /** The risk of the permits applied for alone; the licence issued on it is graded with the business's record too. */
  riskLevel: RiskLevel;
  status: ApplicationStatus;
  submittedAt: Scalars['DateTime']['output'];
  /** When the application was last moved on by staff; null while SUBMITTED. */
  updatedAt: Maybe<Scalars['DateTime']['output']>;
};

export type LicenceStatus =
  | 'ACTIVE'
  | 'EXPIRED'
  | 'SUSPENDED';

export type Mutation = {
  __typename?: 'Mutation';
  /**
   * One application for many permits, by the signed-in citizen: for a business they own (`businessId`) or a new one
   * (`newBusiness`, registered with them as owner). Starts in SUBMITTED.
   */
  applyForIntegratedLicence: LicenceApplication;
  /**
   * Records the outcome of a phone-call reminder (licensing staff only): REACHED marks it delivered now, NO_ANSWER
   * keeps it open for another try, UNREACHABLE closes it as failed. A reminder that is not an open call is BAD_USER_INPUT.
   */
  recordReminderCall: Reminder;
  /**
   * Moves an application through its workflow (licensing staff only): START_REVIEW (SUBMITTED -> UNDER_REVIEW),
   * APPROVE (UNDER_REVIEW -> APPROVED, issuing a licence valid one year that covers every permit applied for),
   * REJECT (SUBMITTED or UNDER_REVIEW -> REJECTED). Any other move is BAD_USER_INPUT.
   */
  reviewLicenceApplication: LicenceApplication;
};


export type MutationApplyForIntegratedLicenceArgs = {
  input: ApplyForIntegratedLicenceInput;
};


export type MutationRecordReminderCallArgs = {
  id: Scalars['ID']['input'];
  outcome: CallOutcome;
};


export type MutationReviewLicenceApplicationArgs = {
  decision: ReviewDecision;
  id: Scalars['ID']['input'];
};

export type NewBusinessInput = {
  /** A district id, D-01..D-16. */
  districtId: Scalars['ID']['input'];
  name: Scalars['String']['input'];
  tradingAddress: Scalars['String']['input'];
};

/** What a licence allows a business to do. */
export type Permit =
  | 'ENTERTAINMENT'
  | 'FOOD_BUSINESS'
  | 'LIQUOR_RETAIL'
  | 'OUTDOOR_SEATING'
  | 'SIGNAGE'
  | 'STREET_TRADING'
  | 'TOBACCO_RETAIL'
  | 'WASTE_CARRIER';

export type Query = {
  __typename?: 'Query';
  /** A business by id (B-0001...). Licensing staff, admins, partners with `licensing:read`, and the owner may read it. */
  business: Maybe<Business>;
  /**
   * Active licences that expire within `withinDays` days from now (1..366), soonest first, each with its reminder
   * schedule. Suspended licences and licences already renewed are left out. Licensing staff and admins only.
   */
  expiringLicences: Array<Licence>;
  /** A licence by id (L-00001...). Same readers as `business`. */
  licence: Maybe<Licence>;
  /** An application by id. Licensing staff, admins, and the applicant may read it. */
  licenceApplication: Maybe<LicenceApplication>;
  /** Applications in one status, oldest first, at most `first` (1..200). Licensing staff and admins only. */
  licenceApplications: Array<LicenceApplication>;
  /**
   * Phone-call reminders (the last step for HIGH-risk licences) that fell due and are still to be made, oldest due
   * first, at most `first` (1..200). Licensing staff and admins only. The owner's phone number is
   * `licence { business { owner { phone } } }`, released to licensing staff under LICENCE_REMINDER_CONTACT (logged).
   */
  openReminderCalls: Array<Reminder>;
};


export type QueryBusinessArgs = {
  id: Scalars['ID']['input'];
};


export type QueryExpiringLicencesArgs = {
  withinDays: Scalars['Int']['input'];
};


export type QueryLicenceArgs = {
  id: Scalars['ID']['input'];
};


export type QueryLicenceApplicationArgs = {
  id: Scalars['ID']['input'];
};


export type QueryLicenceApplicationsArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
  status: ApplicationStatus;
};


export type QueryOpenReminderCallsArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
};

/** One renewal reminder of a licence. */
export type Reminder = {
  __typename?: 'Reminder';
  /** Delivery attempts so far (for a phone call: calls made). */
  attempts: Scalars['Int']['output'];
  channel: ReminderChannel;
  dueAt: Scalars['DateTime']['output'];
  /** `reminder:<licence>:<dueAt>`: also the key of its message in the city's outbox. */
  id: Scalars['ID']['output'];
  /** Why the last attempt failed (e.g. HTTP_500, SMTP_550, NO_ANSWER, UNREACHABLE); null after a success. */
  lastError: Maybe<Scalars['String']['output']>;
  licence: Licence;
  /** When it reached the owner (delivered, or the call answered); null until then, whatever its due time. */
  sentAt: Maybe<Scalars['DateTime']['output']>;
  status: ReminderStatus;
};

export type ReminderChannel =
  | 'EMAIL'
  | 'LETTER'
  /** A call by licensing staff: a task in `openReminderCalls` when it falls due. */
  | 'PHONE_CALL'
  | 'SMS';

/** Where a reminder stands. */
export type ReminderStatus =
  /** Delivered at `sentAt`. */
  | 'DELIVERED'
  /** Its time has come: the reminder worker takes it within one poll (HUB_REMINDER_POLL_MS). */
  | 'DUE'
  /** Given up after repeated failures or a permanent refusal (see `lastError`). */
  | 'FAILED'
  /** Never sent: it fell due before reminders went online, or a later reminder went in its place. */
  | 'MISSED'
  /** Never sent: the licence was renewed or suspended before it fell due. */
  | 'NOT_NEEDED'
  /** In the city's outbox, not sent yet; for a phone call, waiting to be made. */
  | 'PENDING'
  /** There was no address the law lets the city use for it. */
  | 'REFUSED'
  /** An attempt failed (see `lastError`); it will be tried again. For a phone call: no answer yet. */
  | 'RETRYING'
  /** Still to come. */
  | 'SCHEDULED'
  /** Being sent. */
  | 'SENDING';

export type ReviewDecision =
  | 'APPROVE'
  | 'REJECT'
  | 'START_REVIEW';

/** How closely the department follows a licence up: graded by its permits and the business's record. */
export type RiskLevel =
  | 'HIGH'
  | 'LOW'
  | 'MEDIUM';

/** One reason for a licence's risk grade, from the last three years of the business's record or its permits. */
export type RiskReason = {
  __typename?: 'RiskReason';
  /** When it happened (the renewal, the lapse, the inspection); null for the permits and the totals. */
  at: Maybe<Scalars['DateTime']['output']>;
  code: RiskReasonCode;
  /** Points it adds to the record (late renewal 1, lapse 2, findings: minor 1, major 2, critical 4); 2 raise the grade one level, 4 two. */
  points: Scalars['Int']['output'];
  text: Scalars['String']['output'];
};


/** One reason for a licence's risk grade, from the last three years of the business's record or its permits. */
export type RiskReasonTextArgs = {
  language?: InputMaybe<Language>;
};

/** What a licence's risk grade rests on. */
export type RiskReasonCode =
  /** Every renewal on time and no inspection findings: the grade is one level below the permits' own risk. */
  | 'CLEAN_RECORD'
  | 'HIGH_RISK_PERMIT'
  | 'INSPECTION_CRITICAL'
  | 'INSPECTION_MAJOR'
  | 'INSPECTION_MINOR'
  /** The licence ran out and was not renewed for more than 30 days. */
  | 'LAPSE'
  /** Renewed after the old licence had run out (up to 30 days late). */
  | 'LATE_RENEWAL'
  | 'LOW_RISK_PERMIT'
  | 'MEDIUM_RISK_PERMIT'
  /** The record's points raised the grade above the permits' own risk. */
  | 'RECORD_RAISES_RISK';

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
  Business: Business;
  Citizen: Citizen;
  DataExport: DataExport;
  Licence: Licence;
}>;

/** Mapping of federation reference types */
export type FederationReferenceTypes = ResolversObject<{
  Business:
    ( { __typename: 'Business' }
    & GraphQLRecursivePick<FederationTypes['Business'], {"id":true}> );
  Citizen:
    ( { __typename: 'Citizen' }
    & GraphQLRecursivePick<FederationTypes['Citizen'], {"id":true}> );
  DataExport:
    ( { __typename: 'DataExport' }
    & GraphQLRecursivePick<FederationTypes['DataExport'], {"citizenId":true}> );
  Licence:
    ( { __typename: 'Licence' }
    & GraphQLRecursivePick<FederationTypes['Licence'], {"id":true}> );
}>;



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = ResolversObject<{
  ApplicationStatus: ApplicationStatus;
  ApplyForIntegratedLicenceInput: ApplyForIntegratedLicenceInput;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  Business: ResolverTypeWrapper<BusinessMapper>;
  CallOutcome: CallOutcome;
  Citizen: ResolverTypeWrapper<CitizenMapper>;
  DataCategory: DataCategory;
  DataExport: ResolverTypeWrapper<DataExportMapper>;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  FieldSet: ResolverTypeWrapper<Scalars['FieldSet']['output']>;
  JSON: ResolverTypeWrapper<Scalars['JSON']['output']>;
  Language: Language;
  Licence: ResolverTypeWrapper<LicenceMapper>;
  LicenceApplication: ResolverTypeWrapper<LicenceApplicationMapper>;
  LicenceStatus: LicenceStatus;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  NewBusinessInput: NewBusinessInput;
  Permit: Permit;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  Reminder: ResolverTypeWrapper<ReminderMapper>;
  ReminderChannel: ReminderChannel;
  ReminderStatus: ReminderStatus;
  ReviewDecision: ReviewDecision;
  RiskLevel: RiskLevel;
  RiskReason: ResolverTypeWrapper<RiskReasonMapper>;
  RiskReasonCode: RiskReasonCode;
  link__Import: ResolverTypeWrapper<Scalars['link__Import']['output']>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  ApplyForIntegratedLicenceInput: ApplyForIntegratedLicenceInput;
  ID: Scalars['ID']['output'];
  Business: BusinessMapper;
  Citizen: CitizenMapper;
  DataExport: DataExportMapper;
  DateTime: Scalars['DateTime']['output'];
  FieldSet: Scalars['FieldSet']['output'];
  JSON: Scalars['JSON']['output'];
  Licence: LicenceMapper;
  LicenceApplication: LicenceApplicationMapper;
  Mutation: Record<PropertyKey, never>;
  NewBusinessInput: NewBusinessInput;
  Query: Record<PropertyKey, never>;
  Int: Scalars['Int']['output'];
  Reminder: ReminderMapper;
  RiskReason: RiskReasonMapper;
  link__Import: Scalars['link__Import']['output'];
  String: Scalars['String']['output'];
  Boolean: Scalars['Boolean']['output'];
}>;

export type ComposeDirectiveDirectiveArgs = {
  name: Scalars['String']['input'];
};

export type ComposeDirectiveDirectiveResolver<Result, Parent, ContextType = LicensingContext, Args = ComposeDirectiveDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type InaccessibleDirectiveArgs = { };

export type InaccessibleDirectiveResolver<Result, Parent, ContextType = LicensingContext, Args = InaccessibleDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type LinkDirectiveArgs = {
  import?: Maybe<Array<Maybe<Scalars['link__Import']['input']>>>;
  url: Scalars['String']['input'];
};

export type LinkDirectiveResolver<Result, Parent, ContextType = LicensingContext, Args = LinkDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type PersonalDirectiveArgs = {
  category: DataCategory;
};

export type PersonalDirectiveResolver<Result, Parent, ContextType = LicensingContext, Args = PersonalDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type SelfOnlyDirectiveArgs = { };

export type SelfOnlyDirectiveResolver<Result, Parent, ContextType = LicensingContext, Args = SelfOnlyDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type ShareableDirectiveArgs = { };

export type ShareableDirectiveResolver<Result, Parent, ContextType = LicensingContext, Args = ShareableDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type BusinessResolvers<ContextType = LicensingContext, ParentType extends ResolversParentTypes['Business'] = ResolversParentTypes['Business'], FederationReferenceType extends FederationReferenceTypes['Business'] = FederationReferenceTypes['Business']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Business']> | FederationReferenceType, FederationReferenceType, ContextType>;
  districtId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  licences?: Resolver<Array<ResolversTypes['Licence']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  owner?: Resolver<Maybe<ResolversTypes['Citizen']>, ParentType, ContextType>;
  tradingAddress?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type CitizenResolvers<ContextType = LicensingContext, ParentType extends ResolversParentTypes['Citizen'] = ResolversParentTypes['Citizen'], FederationReferenceType extends FederationReferenceTypes['Citizen'] = FederationReferenceTypes['Citizen']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Citizen']> | FederationReferenceType, FederationReferenceType, ContextType>;
  businesses?: Resolver<Maybe<Array<ResolversTypes['Business']>>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  licenceApplications?: Resolver<Maybe<Array<ResolversTypes['LicenceApplication']>>, ParentType, ContextType>;
}>;

export type DataExportResolvers<ContextType = LicensingContext, ParentType extends ResolversParentTypes['DataExport'] = ResolversParentTypes['DataExport'], FederationReferenceType extends FederationReferenceTypes['DataExport'] = FederationReferenceTypes['DataExport']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['DataExport']> | FederationReferenceType, FederationReferenceType, ContextType>;
  citizenId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  licensing?: Resolver<Maybe<ResolversTypes['JSON']>, ParentType, ContextType>;
}>;

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export interface FieldSetScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['FieldSet'], any> {
  name: 'FieldSet';
}

export interface JsonScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['JSON'], any> {
  name: 'JSON';
}

export type LicenceResolvers<ContextType = LicensingContext, ParentType extends ResolversParentTypes['Licence'] = ResolversParentTypes['Licence'], FederationReferenceType extends FederationReferenceTypes['Licence'] = FederationReferenceTypes['Licence']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Licence']> | FederationReferenceType, FederationReferenceType, ContextType>;
  business?: Resolver<ResolversTypes['Business'], ParentType, ContextType>;
  expiresAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  issuedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  permits?: Resolver<Array<ResolversTypes['Permit']>, ParentType, ContextType>;
  reminders?: Resolver<Array<ResolversTypes['Reminder']>, ParentType, ContextType>;
  renewedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  riskLevel?: Resolver<ResolversTypes['RiskLevel'], ParentType, ContextType>;
  riskReasons?: Resolver<Array<ResolversTypes['RiskReason']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['LicenceStatus'], ParentType, ContextType>;
}>;

export type LicenceApplicationResolvers<ContextType = LicensingContext, ParentType extends ResolversParentTypes['LicenceApplication'] = ResolversParentTypes['LicenceApplication']> = ResolversObject<{
  business?: Resolver<ResolversTypes['Business'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  licence?: Resolver<Maybe<ResolversTypes['Licence']>, ParentType, ContextType>;
  permits?: Resolver<Array<ResolversTypes['Permit']>, ParentType, ContextType>;
  riskLevel?: Resolver<ResolversTypes['RiskLevel'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['ApplicationStatus'], ParentType, ContextType>;
  submittedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  updatedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
}>;

export type MutationResolvers<ContextType = LicensingContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = ResolversObject<{
  applyForIntegratedLicence?: Resolver<ResolversTypes['LicenceApplication'], ParentType, ContextType, RequireFields<MutationApplyForIntegratedLicenceArgs, 'input'>>;
  recordReminderCall?: Resolver<ResolversTypes['Reminder'], ParentType, ContextType, RequireFields<MutationRecordReminderCallArgs, 'id' | 'outcome'>>;
  reviewLicenceApplication?: Resolver<ResolversTypes['LicenceApplication'], ParentType, ContextType, RequireFields<MutationReviewLicenceApplicationArgs, 'decision' | 'id'>>;
}>;

export type QueryResolvers<ContextType = LicensingContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = ResolversObject<{
  business?: Resolver<Maybe<ResolversTypes['Business']>, ParentType, ContextType, RequireFields<QueryBusinessArgs, 'id'>>;
  expiringLicences?: Resolver<Array<ResolversTypes['Licence']>, ParentType, ContextType, RequireFields<QueryExpiringLicencesArgs, 'withinDays'>>;
  licence?: Resolver<Maybe<ResolversTypes['Licence']>, ParentType, ContextType, RequireFields<QueryLicenceArgs, 'id'>>;
  licenceApplication?: Resolver<Maybe<ResolversTypes['LicenceApplication']>, ParentType, ContextType, RequireFields<QueryLicenceApplicationArgs, 'id'>>;
  licenceApplications?: Resolver<Array<ResolversTypes['LicenceApplication']>, ParentType, ContextType, RequireFields<QueryLicenceApplicationsArgs, 'first' | 'status'>>;
  openReminderCalls?: Resolver<Array<ResolversTypes['Reminder']>, ParentType, ContextType, RequireFields<QueryOpenReminderCallsArgs, 'first'>>;
}>;

export type ReminderResolvers<ContextType = LicensingContext, ParentType extends ResolversParentTypes['Reminder'] = ResolversParentTypes['Reminder']> = ResolversObject<{
  attempts?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  channel?: Resolver<ResolversTypes['ReminderChannel'], ParentType, ContextType>;
  dueAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  lastError?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  licence?: Resolver<ResolversTypes['Licence'], ParentType, ContextType>;
  sentAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['ReminderStatus'], ParentType, ContextType>;
}>;

export type RiskReasonResolvers<ContextType = LicensingContext, ParentType extends ResolversParentTypes['RiskReason'] = ResolversParentTypes['RiskReason']> = ResolversObject<{
  at?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  code?: Resolver<ResolversTypes['RiskReasonCode'], ParentType, ContextType>;
  points?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  text?: Resolver<ResolversTypes['String'], ParentType, ContextType, RequireFields<RiskReasonTextArgs, 'language'>>;
}>;

export interface Link__ImportScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['link__Import'], any> {
  name: 'link__Import';
}

export type Resolvers<ContextType = LicensingContext> = ResolversObject<{
  Business?: BusinessResolvers<ContextType>;
  Citizen?: CitizenResolvers<ContextType>;
  DataExport?: DataExportResolvers<ContextType>;
  DateTime?: GraphQLScalarType;
  FieldSet?: GraphQLScalarType;
  JSON?: GraphQLScalarType;
  Licence?: LicenceResolvers<ContextType>;
  LicenceApplication?: LicenceApplicationResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  Reminder?: ReminderResolvers<ContextType>;
  RiskReason?: RiskReasonResolvers<ContextType>;
  link__Import?: GraphQLScalarType;
}>;

export type DirectiveResolvers<ContextType = LicensingContext> = ResolversObject<{
  composeDirective?: ComposeDirectiveDirectiveResolver<any, any, ContextType>;
  inaccessible?: InaccessibleDirectiveResolver<any, any, ContextType>;
  link?: LinkDirectiveResolver<any, any, ContextType>;
  personal?: PersonalDirectiveResolver<any, any, ContextType>;
  selfOnly?: SelfOnlyDirectiveResolver<any, any, ContextType>;
  shareable?: ShareableDirectiveResolver<any, any, ContextType>;
}>;
