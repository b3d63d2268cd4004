import type { Resolvers } from '../__generated__/resolvers-types.js';
import { District } from './District.js';
import { Intersection } from './Intersection.js';
import { Mutation } from './Mutation.js';
import { Query } from './Query.js';
import { Sensor } from './Sensor.js';

export const resolvers: Resolvers = { Query, Mutation, Sensor, District, Intersection };
