import type { WaterGaugeResolvers } from '../__generated__/resolvers-types.js';

export const WaterGauge: WaterGaugeResolvers = {
  __resolveReference: (reference, ctx) => ctx.gauges.load(reference.id),
  /** A reference the gateway resolves in the sensors subgraph. */
  sensor: (gauge) => ({ id: gauge.sensorId }),
};
