import type { Resolvers } from '../__generated__/resolvers-types.js';
import { CheckIn } from './CheckIn.js';
import { Citizen } from './Citizen.js';
import { Facility } from './Facility.js';
import { Mutation } from './Mutation.js';
import { Query } from './Query.js';

export const resolvers: Resolvers = { Query, Mutation, Citizen, Facility, CheckIn };
