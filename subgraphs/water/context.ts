import DataLoader from 'dataloader';
import type { SubgraphContext as BaseSubgraphContext } from '../../platform/department-subgraph.js';
import { hourlyRain, type HourlyRain } from './domain/rainfall.js';
import type { DistrictRecord, FloodAlertRecord, GaugeRecord, PumpingStationRecord, WaterStore } from './store.js';

export interface WaterContext extends BaseSubgraphContext {
  store: WaterStore;
  /** One clock per request, so that every district's windows end at the same moment. */
  now: Date;
  districts: DataLoader<string, DistrictRecord | null>;
  gauges: DataLoader<string, GaugeRecord | null>;
  /** By district id. */
  gaugesOfDistrict: DataLoader<string, GaugeRecord[]>;
  pumpingStationsOfDistrict: DataLoader<string, PumpingStationRecord[]>;
  /** By district id, for a window of `hours` hours ending now: the feed, replaced by the rain gauges where they reported. */
  rainfallOfDistrict(hours: number): DataLoader<string, HourlyRain[]>;
  floodAlertsOfDistrict(activeOnly: boolean): DataLoader<string, FloodAlertRecord[]>;
}

/** Groups rows by district and answers in the order of `keys`, as a DataLoader batch function must. */
function byDistrict<T extends { districtId: string }>(keys: readonly string[], rows: readonly T[]): T[][] {
  const groups = new Map<string, T[]>(keys.map((key) => [key, []]));
  for (const row of rows) groups.get(row.districtId)?.push(row);
  return keys.map((key) => groups.get(key)!);
}

/** A loader per distinct argument value, created on first use within the request. */
function perArgument<A, L>(create: (argument: A) => L): (argument: A) => L {
  const loaders = new Map<A, L>();
  return (argument) => {
    let loader = loaders.get(argument);
    if (!loader) loaders.set(argument, (loader = create(argument)));
    return loader;
  };
}

/** One set of loaders per request: one store query per entity type however many districts a fetch resolves. */
export function createWaterLoaders(store: WaterStore, now: Date): Omit<WaterContext, keyof BaseSubgraphContext | 'store' | 'now'> {
  return {
    districts: new DataLoader((ids) => store.districts.getMany(ids)),
    gauges: new DataLoader((ids) => store.gauges.getMany(ids)),
    gaugesOfDistrict: new DataLoader(async (ids) => byDistrict(ids, await store.gaugesOf(ids))),
    pumpingStationsOfDistrict: new DataLoader(async (ids) => byDistrict(ids, await store.pumpingStationsOf(ids))),
    rainfallOfDistrict: perArgument((hours: number) => {
      const since = new Date(now.getTime() - hours * 3_600_000).toISOString();
      return new DataLoader(async (ids: readonly string[]) => {
        const [feed, gauges] = await Promise.all([store.rainfallSince(ids, since), store.rainGaugeReadingsSince(ids, since)]);
        const gaugesByDistrict = byDistrict(ids, gauges);
        return byDistrict(ids, feed).map((hours, i) => hourlyRain(ids[i]!, hours, gaugesByDistrict[i]!, since));
      });
    }),
    floodAlertsOfDistrict: perArgument((activeOnly: boolean) =>
      new DataLoader(async (ids: readonly string[]) => byDistrict(ids, await store.floodAlertsOf({ districtIds: ids, activeOnly })))),
  };
}
