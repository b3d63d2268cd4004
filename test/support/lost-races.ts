import type { ConsentStore } from '../../consent/subgraph/store.js';
import { DuplicateKeyError } from '../../platform/store/types.js';

/**
 * Counts the access-log inserts that lost a race for a sequence number (a duplicate key), so that a concurrency test
 * can prove it exercised the race. Wraps the store's `insertMany` in place; the error still propagates.
 */
export function countLostRaces(consent: ConsentStore, onLost: () => void): void {
  const insertMany = consent.transparencyLeaves.insertMany.bind(consent.transparencyLeaves);
  consent.transparencyLeaves.insertMany = async (docs, options) => {
    try {
      return await insertMany(docs, options);
    } catch (error) {
      if (error instanceof DuplicateKeyError) onLost();
      throw error;
    }
  };
}
