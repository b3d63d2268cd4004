import type { LatestReadingRecord, ReadingRecord, SensorRecord } from './store.js';

/** Resolvers receive stored records; the GraphQL shapes are derived in the type resolvers. */
export type SensorMapper = SensorRecord;
export type ReadingMapper = Pick<ReadingRecord, 'sensorId' | 'at' | 'value' | 'unit'>;
export type GaugeLevelMapper = Pick<LatestReadingRecord, 'sensorId' | 'value' | 'at'>;
export type RoadConditionMapper = Pick<LatestReadingRecord, 'sensorId' | 'value' | 'unit' | 'at'>;
/** Entities owned elsewhere: all this subgraph needs of them is their key. */
export type DistrictMapper = { id: string };
export type IntersectionMapper = { id: string };
