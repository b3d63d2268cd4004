import type { Resolvers } from '../__generated__/resolvers-types.js';
import { District } from './District.js';
import { FloodAlert } from './FloodAlert.js';
import { Query } from './Query.js';
import { WaterGauge } from './WaterGauge.js';

export const resolvers: Resolvers = { Query, District, WaterGauge, FloodAlert };
