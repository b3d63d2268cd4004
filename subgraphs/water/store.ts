import type { Collection, Store } from '../../platform/store/types.js';
import type { FloodAlertChanges, FloodAlertRecord } from './domain/flood-alerts.js';
import type { PumpingStatus } from './domain/flood-risk.js';

export type { FloodAlertRecord };

export interface DistrictRecord {
  id: string;
  name: string;
  population: number | null;
}

export interface GaugeRecord {
  id: string;
  districtId: string;
  /** The WATER_LEVEL sensor (sensors subgraph) that measures this gauge. */
  sensorId: string;
  riverName: string;
  warningLevel: number;
  dangerLevel: number;
}

export interface PumpingStationRecord {
  id: string;
  districtId: string;
  name: string;
  capacityCubicMetresPerHour: number;
  status: PumpingStatus;
}

export interface RainfallRecord {
  /** `${districtId}|${at}`: the feed may resend an hour. */
  id: string;
  districtId: string;
  /** The start of the hour, normalised ISO 8601. */
  at: string;
  millimetres: number;
}

/** The only module that touches the water subgraph's database. */
export class WaterStore {
  private constructor(
    readonly store: Store,
    readonly districts: Collection<DistrictRecord>,
    readonly gauges: Collection<GaugeRecord>,
    readonly pumpingStations: Collection<PumpingStationRecord>,
    readonly rainfall: Collection<RainfallRecord>,
    readonly floodAlerts: Collection<FloodAlertRecord>,
  ) {}

  static async open(store: Store): Promise<WaterStore> {
    return new WaterStore(
      store,
      await store.collection<DistrictRecord>({ name: 'districts' }),
      await store.collection<GaugeRecord>({ name: 'gauges', indexes: ['districtId'] }),
      await store.collection<PumpingStationRecord>({ name: 'pumping_stations', indexes: ['districtId'] }),
      await store.collection<RainfallRecord>({ name: 'rainfall', indexes: [['districtId', 'at']] }),
      await store.collection<FloodAlertRecord>({ name: 'flood_alerts', indexes: [['districtId', 'clearedAt'], ['clearedAt', 'raisedAt'], 'raisedAt'] }),
    );
  }

  allDistricts(): Promise<DistrictRecord[]> {
    return this.districts.find({}, { sort: [['id', 1]] });
  }

  gaugesOf(districtIds: readonly string[]): Promise<GaugeRecord[]> {
    return this.gauges.find({ districtId: { $in: districtIds } }, { sort: [['id', 1]] });
  }

  pumpingStationsOf(districtIds: readonly string[]): Promise<PumpingStationRecord[]> {
    return this.pumpingStations.find({ districtId: { $in: districtIds } }, { sort: [['id', 1]] });
  }

  /** Observations whose hour starts after `since`, oldest first. */
  rainfallSince(districtIds: readonly string[], since: string): Promise<RainfallRecord[]> {
    return this.rainfall.find({ districtId: { $in: districtIds }, at: { $gt: since } }, { sort: [['at', 1]] });
  }

  /** Newest first. */
  floodAlertsOf(filter: { districtIds?: readonly string[]; activeOnly: boolean }): Promise<FloodAlertRecord[]> {
    return this.floodAlerts.find(
      {
        ...(filter.districtIds ? { districtId: { $in: filter.districtIds } } : {}),
        ...(filter.activeOnly ? { clearedAt: null } : {}),
      },
      { sort: [['raisedAt', -1]] },
    );
  }

  /**
   * Raises and clears alerts. An alert id already stored (the same district and hour) is reopened rather than
   * inserted again, so a raise is idempotent and an episode that restarts within the hour is not lost.
   */
  async applyFloodAlertChanges(changes: FloodAlertChanges, now: Date): Promise<void> {
    if (changes.raise.length > 0) {
      const existing = await this.floodAlerts.getMany(changes.raise.map((alert) => alert.id));
      for (const alert of existing) if (alert && alert.clearedAt !== null) await this.floodAlerts.update(alert.id, { clearedAt: null });
      await this.floodAlerts.insertMany(changes.raise, { ignoreDuplicates: true });
    }
    for (const id of changes.clear) await this.floodAlerts.update(id, { clearedAt: now.toISOString() });
  }
}
