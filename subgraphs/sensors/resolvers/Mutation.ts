import { BadUserInputError, ForbiddenError } from '../../../platform/errors.js';
import type { MutationResolvers } from '../__generated__/resolvers-types.js';
import { mayIngestReadings } from '../domain/ingest-permission.js';
import { MAX_BATCH_SIZE } from '../domain/reading-validation.js';
import { ingestionStats } from '../ingestion/stats.js';
import { storeReadings } from '../ingestion/store-readings.js';

export const Mutation: MutationResolvers = {
  /** Validates in memory, then one sensor lookup and three writes for the whole batch (the 10,000/s budget). */
  async ingestReadings(_parent, { readings }, ctx) {
    if (!mayIngestReadings(ctx.principal)) throw new ForbiddenError('Only the sensors department or a partner with sensors:write may send readings.');
    if (readings.length > MAX_BATCH_SIZE) throw new BadUserInputError(`A batch holds at most ${MAX_BATCH_SIZE} readings; this one has ${readings.length}.`);
    const { accepted, rejected } = await storeReadings(ctx.store, readings, new Date());
    ingestionStats.recordBatch(accepted, rejected.map((r) => r.reason));
    return { accepted, rejected };
  },
};
