import type { Collection, Store } from '../../platform/store/types.js';
import type { FloodAlertChanges, FloodAlertRecord } from './domain/flood-alerts.js';
import type { GaugeLevel, PumpingStatus } from './domain/flood-risk.js';
import type { FloodNotice } from './domain/flood-notices.js';

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
  /** The PUMP_STATUS sensor (sensors subgraph) that reports this station's state. */
  sensorId: string;
  /** Measurement time of the telemetry reading `status` comes from; null while it is the utility's own record. */
  statusAt: string | null;
}

/** One reading of a district's rain gauge (a RAINFALL sensor): the millimetres fallen since its previous reading. */
export interface RainGaugeReadingRecord {
  /** `${sensorId}|${at}`: a reading told twice is kept once. */
  id: string;
  districtId: string;
  sensorId: string;
  at: string;
  millimetres: number;
}

/**
 * A notice of water's own processing waiting for the consent service to accept it (an alert raised or cleared):
 * stored with the alert change and sent after it, so that a consent service that is down delays the warning and
 * never loses it. `id` is the notice's idempotency key.
 */
export interface PendingNoticeRecord {
  id: string;
  notice: FloodNotice;
  createdAt: string;
  /** When the consent service accepted it; null until then. */
  sentAt: string | null;
}

/**
 * The latest level of a river gauge, as the sensors department last told water (`gaugeLevels` of its flood-readings
 * events): what water reassesses a district from when time passes without a reading. Water never asks sensors.
 */
export interface GaugeLevelRecord {
  /** The gauge's WATER_LEVEL sensor. */
  id: string;
  districtId: string;
  value: number;
  at: string;
  /** `at` in milliseconds: the newest level wins, whatever order events arrive in. */
  atMs: number;
}

/** A warning sent to a district's residents (the hourly cap counts them). `id` is the notice's key. */
export interface ResidentWarningRecord {
  id: string;
  districtId: string;
  at: string;
}

/** Alerts stored before episodes had a quiet period and a residents' warning of their own lack these two fields. */
type StoredFloodAlertRecord = Omit<FloodAlertRecord, 'calmSince' | 'residentsWarned'> & Partial<Pick<FloodAlertRecord, 'calmSince' | 'residentsWarned'>>;

function episodeState(alert: StoredFloodAlertRecord): FloodAlertRecord {
  // Such an alert warned its residents when it was raised, at its level.
  return { ...alert, calmSince: alert.calmSince ?? null, residentsWarned: alert.residentsWarned === undefined ? alert.level : alert.residentsWarned };
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
    readonly floodAlerts: Collection<StoredFloodAlertRecord>,
    readonly rainGaugeReadings: Collection<RainGaugeReadingRecord>,
    readonly pendingNotices: Collection<PendingNoticeRecord>,
    readonly gaugeLevels: Collection<GaugeLevelRecord>,
    readonly residentWarnings: Collection<ResidentWarningRecord>,
  ) {}

  static async open(store: Store): Promise<WaterStore> {
    return new WaterStore(
      store,
      await store.collection<DistrictRecord>({ name: 'districts' }),
      await store.collection<GaugeRecord>({ name: 'gauges', indexes: ['districtId'] }),
      await store.collection<PumpingStationRecord>({ name: 'pumping_stations', indexes: ['districtId', 'sensorId'] }),
      await store.collection<RainfallRecord>({ name: 'rainfall', indexes: [['districtId', 'at']] }),
      await store.collection<StoredFloodAlertRecord>({ name: 'flood_alerts', indexes: [['districtId', 'clearedAt'], ['clearedAt', 'raisedAt'], 'raisedAt'] }),
      await store.collection<RainGaugeReadingRecord>({ name: 'rain_gauge_readings', indexes: [['districtId', 'at']] }),
      await store.collection<PendingNoticeRecord>({ name: 'pending_notices', indexes: [['sentAt', 'createdAt']] }),
      await store.collection<GaugeLevelRecord>({ name: 'gauge_levels', indexes: ['districtId'] }),
      await store.collection<ResidentWarningRecord>({ name: 'resident_warnings', indexes: [['districtId', 'at']] }),
    );
  }

  /** Keeps each gauge's newest level (a level older than the one stored is ignored). */
  async recordGaugeLevels(levels: ReadonlyArray<GaugeLevel & { districtId: string }>): Promise<void> {
    if (levels.length === 0) return;
    await this.gaugeLevels.upsertMany(levels.map((level) => ({ id: level.sensorId, districtId: level.districtId, value: level.value, at: level.at, atMs: Date.parse(level.at) })), { keepHigher: 'atMs' });
  }

  gaugeLevelsOf(districtIds: readonly string[]): Promise<GaugeLevelRecord[]> {
    return this.gaugeLevels.find({ districtId: { $in: districtIds } });
  }

  /** Warnings sent to the residents of these districts after `since`. */
  residentWarningsSince(districtIds: readonly string[], since: string): Promise<ResidentWarningRecord[]> {
    return this.residentWarnings.find({ districtId: { $in: districtIds }, at: { $gt: since } });
  }

  /** Records residents' warnings (the key once, however often the same warning is planned again) and forgets those older than `before`. */
  async recordResidentWarnings(warnings: readonly ResidentWarningRecord[], before: string): Promise<void> {
    if (warnings.length > 0) await this.residentWarnings.insertMany(warnings, { ignoreDuplicates: true });
    await this.residentWarnings.deleteMany({ at: { $lt: before } });
  }

  /** Rain gauge readings measured after `since`, oldest first. */
  rainGaugeReadingsSince(districtIds: readonly string[], since: string): Promise<RainGaugeReadingRecord[]> {
    return this.rainGaugeReadings.find({ districtId: { $in: districtIds }, at: { $gt: since } }, { sort: [['at', 1]] });
  }

  /** Forgets rain gauge readings measured before `before`: the flood risk weighs 6 hours, `rainfall` at most 168. */
  forgetRainGaugeReadingsBefore(before: string): Promise<number> {
    return this.rainGaugeReadings.deleteMany({ at: { $lt: before } });
  }

  recordRainGaugeReadings(readings: readonly RainGaugeReadingRecord[]): Promise<number> {
    return readings.length > 0 ? this.rainGaugeReadings.insertMany(readings, { ignoreDuplicates: true }) : Promise.resolve(0);
  }

  pumpingStationsReportedBy(sensorIds: readonly string[]): Promise<PumpingStationRecord[]> {
    return this.pumpingStations.find({ sensorId: { $in: sensorIds } });
  }

  async updatePumpingStations(stations: readonly PumpingStationRecord[]): Promise<void> {
    if (stations.length > 0) await this.pumpingStations.upsertMany(stations);
  }

  async addPendingNotices(notices: readonly FloodNotice[], now: Date): Promise<void> {
    if (notices.length === 0) return;
    await this.pendingNotices.insertMany(notices.map((notice) => ({ id: notice.key, notice, createdAt: now.toISOString(), sentAt: null })), { ignoreDuplicates: true });
  }

  unsentNotices(limit: number): Promise<PendingNoticeRecord[]> {
    return this.pendingNotices.find({ sentAt: null }, { sort: [['createdAt', 1]], limit });
  }

  async markNoticesSent(ids: readonly string[], now: Date): Promise<void> {
    for (const id of ids) await this.pendingNotices.update(id, { sentAt: now.toISOString() });
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
  async floodAlertsOf(filter: { districtIds?: readonly string[]; activeOnly: boolean }): Promise<FloodAlertRecord[]> {
    const alerts = await this.floodAlerts.find(
      {
        ...(filter.districtIds ? { districtId: { $in: filter.districtIds } } : {}),
        ...(filter.activeOnly ? { clearedAt: null } : {}),
      },
      { sort: [['raisedAt', -1]] },
    );
    return alerts.map(episodeState);
  }

  /**
   * Raises, updates and ends alerts. An alert id already stored (the same district and millisecond) is reopened
   * rather than inserted again, so a raise is idempotent. An update writes the episode's state (level, reasons,
   * quiet period, residents' warning), an end its quiet period and `clearedAt`: each alert in one write.
   */
  async applyFloodAlertChanges(changes: FloodAlertChanges): Promise<void> {
    if (changes.raise.length > 0) {
      const existing = await this.floodAlerts.getMany(changes.raise.map((alert) => alert.id));
      const raised = new Map(changes.raise.map((alert) => [alert.id, alert]));
      for (const alert of existing) if (alert && alert.clearedAt !== null) await this.floodAlerts.update(alert.id, { ...raised.get(alert.id)!, clearedAt: null });
      await this.floodAlerts.insertMany(changes.raise, { ignoreDuplicates: true });
    }
    for (const alert of changes.update) await this.floodAlerts.update(alert.id, { level: alert.level, reasons: alert.reasons, calmSince: alert.calmSince, residentsWarned: alert.residentsWarned });
    for (const alert of changes.clear) await this.floodAlerts.update(alert.id, { calmSince: alert.calmSince, clearedAt: alert.clearedAt });
  }
}
