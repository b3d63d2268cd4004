import type { Resolvers } from '../__generated__/resolvers-types.js';
import { Citizen } from './Citizen.js';
import { ConsentGrant } from './ConsentGrant.js';
import { Mutation } from './Mutation.js';
import { Query } from './Query.js';

export const resolvers: Resolvers = { Query, Mutation, Citizen, ConsentGrant };
