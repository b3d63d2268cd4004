import { BadUserInputError, SubgraphUnavailableError } from '../../../platform/errors.js';
import type { DistrictResolvers } from '../__generated__/resolvers-types.js';
import type { WaterContext } from '../context.js';
import { assessFloodRisk } from '../domain/flood-risk.js';

export const RAINFALL_WINDOW_HOURS = { default: 24, max: 168, floodRisk: 6 } as const;

async function recordOf(id: string, ctx: WaterContext) {
  const district = await ctx.districts.load(id);
  if (!district) throw new Error(`district ${id} is referenced but not stored`);
  return district;
}

export const District: DistrictResolvers = {
  async __resolveReference(reference, ctx) {
    const district = await ctx.districts.load(reference.id);
    return district ? { id: district.id, gaugeLevels: 'gaugeLevels' in reference ? reference.gaugeLevels : undefined } : null;
  },
  name: async (district, _args, ctx) => (await recordOf(district.id, ctx)).name,
  population: async (district, _args, ctx) => (await recordOf(district.id, ctx)).population,
  gauges: (district, _args, ctx) => ctx.gaugesOfDistrict.load(district.id),
  pumpingStations: (district, _args, ctx) => ctx.pumpingStationsOfDistrict.load(district.id),
  rainfall(district, { lastHours }, ctx) {
    const hours = lastHours ?? RAINFALL_WINDOW_HOURS.default;
    if (!Number.isInteger(hours) || hours < 1 || hours > RAINFALL_WINDOW_HOURS.max) {
      throw new BadUserInputError(`\`lastHours\` must be between 1 and ${RAINFALL_WINDOW_HOURS.max}.`);
    }
    return ctx.rainfallOfDistrict(hours).load(district.id);
  },
  /**
   * The gateway fetches `gaugeLevels` from the sensors subgraph first (`@requires`). Reading raises nothing: alerts
   * are raised and cleared when readings arrive (flood-monitor.ts), from the same assessment.
   */
  async floodRisk(district, _args, ctx) {
    // An explicit null is the gateway saying the sensors department could not answer (gateway/unanswered-fetch.ts).
    if (district.gaugeLevels === null) throw new SubgraphUnavailableError('sensors');
    const [gauges, pumpingStations, rainfall] = await Promise.all([
      ctx.gaugesOfDistrict.load(district.id),
      ctx.pumpingStationsOfDistrict.load(district.id),
      ctx.rainfallOfDistrict(RAINFALL_WINDOW_HOURS.floodRisk).load(district.id),
    ]);
    return assessFloodRisk({
      gauges: gauges.map((gauge) => ({ ...gauge, gaugeId: gauge.id })),
      levels: district.gaugeLevels ?? [],
      rainfallLast6HoursMm: rainfall.reduce((sum, hour) => sum + hour.millimetres, 0),
      pumpingStations,
      now: ctx.now,
    });
  },
  floodAlerts: (district, { activeOnly }, ctx) => ctx.floodAlertsOfDistrict(activeOnly ?? true).load(district.id),
};
