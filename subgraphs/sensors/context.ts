import DataLoader from 'dataloader';
import type { SubgraphContext as BaseSubgraphContext } from '../../platform/department-subgraph.js';
import type { LatestReadingRecord, SensorRecord, SensorsStore } from './store.js';

export interface SensorsContext extends BaseSubgraphContext {
  store: SensorsStore;
  sensors: DataLoader<string, SensorRecord | null>;
  /** By sensor id. */
  latestReadings: DataLoader<string, LatestReadingRecord | null>;
  /** By district id: the latest readings of its river gauges. */
  gaugeLevels: DataLoader<string, LatestReadingRecord[]>;
  /** By intersection id: the latest readings of the ROAD_CONDITION sensors watching it. */
  roadConditions: DataLoader<string, LatestReadingRecord[]>;
}

/** Groups rows by a key and answers in the order of `keys`, as a DataLoader batch function must. */
function groupInKeyOrder<T>(keys: readonly string[], rows: readonly T[], keyOf: (row: T) => string | null): T[][] {
  const groups = new Map<string, T[]>(keys.map((key) => [key, []]));
  for (const row of rows) {
    const key = keyOf(row);
    if (key !== null) groups.get(key)?.push(row);
  }
  return keys.map((key) => groups.get(key)!);
}

/** One set of loaders per request: one store query per entity type however many entities a fetch resolves. */
export function createSensorsLoaders(store: SensorsStore): Omit<SensorsContext, keyof BaseSubgraphContext | 'store'> {
  return {
    sensors: new DataLoader((ids) => store.sensors.getMany(ids)),
    latestReadings: new DataLoader((ids) => store.latestReadings.getMany(ids)),
    gaugeLevels: new DataLoader(async (districtIds) => groupInKeyOrder(districtIds, await store.riverGaugeLevels(districtIds), (row) => row.districtId)),
    roadConditions: new DataLoader(async (intersectionIds) => groupInKeyOrder(intersectionIds, await store.roadConditions(intersectionIds), (row) => row.intersectionId)),
  };
}
