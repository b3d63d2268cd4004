import type { Resolvers } from '../__generated__/resolvers-types.js';
import { CheckIn } from './CheckIn.js';
import { Citizen } from './Citizen.js';
import { DataExport } from './DataExport.js';
import { Facility } from './Facility.js';
import { healthPassMutations, healthPassQueries } from './health-pass.js';
import { Mutation } from './Mutation.js';
import { Query } from './Query.js';

export const resolvers: Resolvers = { Query: { ...Query, ...healthPassQueries }, Mutation: { ...Mutation, ...healthPassMutations }, Citizen, Facility, CheckIn, DataExport };
