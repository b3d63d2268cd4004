import { BadUserInputError, ForbiddenError } from '../../../platform/errors.js';
import type { MutationResolvers } from '../__generated__/resolvers-types.js';
import { planIngest } from '../domain/ingest-plan.js';
import { mayIngestReadings } from '../domain/ingest-permission.js';
import { MAX_BATCH_SIZE, validateReadings } from '../domain/reading-validation.js';
import type { SensorRecord } from '../store.js';

export const Mutation: MutationResolvers = {
  /** Validates in memory, then one sensor lookup and three writes for the whole batch (the 10,000/s budget). */
  async ingestReadings(_parent, { readings }, ctx) {
    if (!mayIngestReadings(ctx.principal)) throw new ForbiddenError('Only the sensors department or a partner with sensors:write may send readings.');
    if (readings.length > MAX_BATCH_SIZE) throw new BadUserInputError(`A batch holds at most ${MAX_BATCH_SIZE} readings; this one has ${readings.length}.`);
    const sensorIds = [...new Set(readings.map((reading) => reading.sensorId))];
    const found = await ctx.store.sensors.getMany(sensorIds);
    const sensorsById = new Map<string, SensorRecord>();
    for (const sensor of found) if (sensor) sensorsById.set(sensor.id, sensor);
    const now = new Date();
    const { valid, rejected } = validateReadings(readings, (id) => sensorsById.has(id), now);
    const plan = planIngest(valid, sensorsById, now);
    await ctx.store.recordReadings(plan.readings, plan.latest, plan.sensors);
    return { accepted: valid.length, rejected };
  },
};
