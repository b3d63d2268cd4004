import { pumpStateOf, type PumpState } from '../../contracts/city/layout.js';
import type { FloodReadings } from '../../contracts/city/flood-readings.js';
import type { Logger } from '../../platform/logger.js';
import { metricsFor } from '../../platform/metrics.js';
import { DEFAULT_FLOOD_EPISODE_POLICY, owesResidentsWarning, planFloodAlerts, planResidentWarnings, type FloodEpisodePolicy } from './domain/flood-alerts.js';
import { clearedNotices, partnersWarning, residentsWarning, type FloodNotice, type FloodNotifier } from './domain/flood-notices.js';
import { assessFloodRisk, type FloodRisk } from './domain/flood-risk.js';
import { hourlyRain } from './domain/rainfall.js';
import type { PumpingStationRecord, RainGaugeReadingRecord, WaterStore } from './store.js';

/** The window of rain the flood risk weighs (as District.floodRisk does). */
const RAIN_WINDOW_MS = 6 * 3_600_000;
/** `District.rainfall` shows at most 168 hours (and ingestion takes readings at most 7 days old): nothing older is kept. */
const RAIN_KEPT_MS = 169 * 3_600_000;
/** The hourly cap on residents' warnings looks back this far. */
const CAP_WINDOW_MS = 3_600_000;

const RESIDENT_WARNINGS = metricsFor('water').counter(
  'citygraph_flood_resident_warnings_total',
  "Flood warnings to a district's residents: handed to the notification service (warned) or held back by the hourly cap (held_back, once per episode and level).",
  ['district', 'outcome'],
);

export interface FloodMonitorOptions extends Partial<FloodEpisodePolicy> {
  /** Told after each change to water's data (caches of public answers drop theirs). */
  applied?: () => void;
  clock?: () => Date;
}

/**
 * The water department's side of ingestion (issue 13): each `flood-readings` event from the sensors department
 * stores the rain gauge and pump readings and the gauge levels it carries, reassesses the districts they belong to
 * at once, and raises, escalates or ends their episodes (domain/flood-alerts.ts): one alert per episode, which
 * starts when a district reaches HIGH and ends only once it has stayed below HIGH for the quiet period, so that a
 * level hovering at a threshold warns once. A tick (`start`) reassesses the districts in an episode from what water
 * holds, so that time alone (rain ageing out of the window, a quiet period passing) ends an episode without a new
 * reading. A start, an escalation or an end leaves notices (the district's residents, at most a few an hour; the
 * partners subscribed to road hazards) in water's own outbox, written before they are sent, so that a consent
 * service that is away delays them and loses none. The episode's state is stored, so it survives a restart.
 * Events and ticks are applied one at a time, in arrival order.
 */
export class FloodMonitor {
  private queue: Promise<void> = Promise.resolve();
  private readonly policy: FloodEpisodePolicy;
  private readonly applied: () => void;
  private readonly clock: () => Date;

  constructor(
    private readonly store: WaterStore,
    private readonly notifier: FloodNotifier,
    private readonly logger: Logger,
    options: FloodMonitorOptions = {},
  ) {
    this.policy = {
      quietMs: options.quietMs ?? DEFAULT_FLOOD_EPISODE_POLICY.quietMs,
      residentWarningsPerHour: options.residentWarningsPerHour ?? DEFAULT_FLOOD_EPISODE_POLICY.residentWarningsPerHour,
    };
    this.applied = options.applied ?? (() => undefined);
    this.clock = options.clock ?? (() => new Date());
  }

  /** Applies an event after those before it; resolves when it is applied (or has failed and been logged). */
  apply(event: FloodReadings): Promise<void> {
    return this.enqueue(async () => {
      const alertsChanged = await this.applyNow(event);
      // Water's data changed (rain, stations, levels), whatever happened to the alerts.
      this.applied();
      return alertsChanged;
    }, (error) => this.logger.error({ err: error, event: event.id }, 'could not apply flood readings'));
  }

  /**
   * Reassesses every district in an episode from the data water holds (the gauge levels it was last told, its rain,
   * its stations) at the clock's time: ends episodes whose quiet period passed, and sends residents' warnings the
   * cap held back once the hour allows. Districts water holds no gauge level of are left to the next reading.
   */
  tick(): Promise<void> {
    return this.enqueue(async () => {
      const active = await this.store.floodAlertsOf({ activeOnly: true });
      if (active.length === 0) return false;
      const changed = await this.reassess([...new Set(active.map((alert) => alert.districtId))], this.clock(), { needLevels: true });
      if (changed) this.applied();
      return changed;
    }, (error) => this.logger.warn({ err: error }, 'flood episodes not reassessed; tried again at the next tick'));
  }

  /** Runs `step` after the steps before it; when it changed alerts, hands their notices over (after caches were told). */
  private enqueue(step: () => Promise<boolean>, failed: (error: unknown) => void): Promise<void> {
    this.queue = this.queue
      .then(async () => {
        if (await step()) await this.sendPending();
      })
      .catch(failed);
    return this.queue;
  }

  /** Stores what the event carries and reassesses its districts; answers whether alerts changed. */
  private async applyNow(event: FloodReadings): Promise<boolean> {
    // The event's time, not this process's: every water instance that applies it raises the same alert id.
    const now = new Date(Math.min(Date.parse(event.at), this.clock().getTime()));
    await this.store.recordRainGaugeReadings(
      event.readings
        .filter((reading) => reading.kind === 'RAINFALL')
        .map((reading): RainGaugeReadingRecord => ({ id: `${reading.sensorId}|${reading.at}`, districtId: reading.districtId, sensorId: reading.sensorId, at: reading.at, millimetres: reading.value })),
    );
    await this.recordPumpStates(event);
    await this.store.recordGaugeLevels(Object.entries(event.gaugeLevels).flatMap(([districtId, levels]) => levels.map((level) => ({ ...level, districtId }))));
    const districtIds = [...new Set([...Object.keys(event.gaugeLevels), ...event.readings.map((reading) => reading.districtId)])];
    return this.reassess(districtIds, now, { needLevels: false });
  }

  /**
   * Plans and stores the episodes' changes and their notices for these districts at `now`; answers whether any
   * alert changed. Written in an order a crash can resume from: notices and the residents' warnings counted first
   * (keys per episode and level: planned again, they are the same), then the alerts.
   */
  private async reassess(districtIds: readonly string[], now: Date, options: { needLevels: boolean }): Promise<boolean> {
    const risks = await this.assess(districtIds, now, options);
    if (risks.size === 0) return false;
    const active = await this.store.floodAlertsOf({ districtIds: [...risks.keys()], activeOnly: true });
    const alertChanges = planFloodAlerts(risks, active, now, this.policy);
    const since = new Date(now.getTime() - CAP_WINDOW_MS).toISOString();
    const recent = new Map<string, number>();
    // The cap's count is read only when some episode owes its residents a warning (not for every reading).
    if ([...alertChanges.raise, ...alertChanges.update, ...active].some(owesResidentsWarning)) {
      for (const warning of await this.store.residentWarningsSince([...risks.keys()], since)) recent.set(warning.districtId, (recent.get(warning.districtId) ?? 0) + 1);
    }
    const { changes, warned, heldBack } = planResidentWarnings(alertChanges, active, recent, this.policy);
    if (changes.raise.length === 0 && changes.update.length === 0 && changes.clear.length === 0) return false;

    const levelBefore = new Map(active.map((alert) => [alert.id, alert.level]));
    const escalated = changes.update.filter((alert) => levelBefore.get(alert.id) !== alert.level);
    const notices: FloodNotice[] = [
      ...warned.map(residentsWarning),
      ...[...changes.raise, ...escalated].map(partnersWarning),
      ...changes.clear.flatMap(clearedNotices),
    ];
    await this.store.addPendingNotices(notices, now);
    await this.store.recordResidentWarnings(warned.map((alert) => ({ id: residentsWarning(alert).key, districtId: alert.districtId, at: now.toISOString() })), since);
    await this.store.applyFloodAlertChanges(changes);
    for (const alert of warned) RESIDENT_WARNINGS.inc({ district: alert.districtId, outcome: 'warned' });
    for (const alert of heldBack) {
      RESIDENT_WARNINGS.inc({ district: alert.districtId, outcome: 'held_back' });
      this.logger.warn({ alert: alert.id, district: alert.districtId, level: alert.level, perHour: this.policy.residentWarningsPerHour }, "residents' flood warning held back: the district's hourly cap is reached; sent later if the episode lasts");
    }
    if (changes.raise.length > 0 || escalated.length > 0 || changes.clear.length > 0 || warned.length > 0) {
      this.logger.info({ raised: changes.raise.map((a) => a.id), escalated: escalated.map((a) => a.id), cleared: changes.clear.map((a) => a.id), residentsWarned: warned.map((a) => a.id) }, 'flood episodes changed');
    }
    return true;
  }

  /** A station's state from its telemetry's newest reading, if newer than what the station holds; unknown codes are ignored. */
  private async recordPumpStates(event: FloodReadings): Promise<void> {
    const newest = new Map<string, { at: string; state: PumpState }>();
    for (const reading of event.readings) {
      if (reading.kind !== 'PUMP_STATUS') continue;
      const state = pumpStateOf(reading.value);
      if (!state) {
        this.logger.warn({ sensorId: reading.sensorId, value: reading.value }, 'a pump status that is no state code was ignored');
        continue;
      }
      const current = newest.get(reading.sensorId);
      if (!current || current.at < reading.at) newest.set(reading.sensorId, { at: reading.at, state });
    }
    if (newest.size === 0) return;
    const changed: PumpingStationRecord[] = [];
    for (const station of await this.store.pumpingStationsReportedBy([...newest.keys()])) {
      const reported = newest.get(station.sensorId)!;
      if (station.statusAt === null || station.statusAt < reported.at) changed.push({ ...station, status: reported.state, statusAt: reported.at });
    }
    await this.store.updatePumpingStations(changed);
  }

  /** The districts' risks from what water holds: the gauge levels it was told, its rain and its stations. */
  private async assess(districtIds: readonly string[], now: Date, options: { needLevels: boolean }): Promise<Map<string, FloodRisk>> {
    const since = new Date(now.getTime() - RAIN_WINDOW_MS).toISOString();
    const [districts, gauges, levels, stations, feed, rain] = await Promise.all([
      this.store.districts.getMany(districtIds),
      this.store.gaugesOf(districtIds),
      this.store.gaugeLevelsOf(districtIds),
      this.store.pumpingStationsOf(districtIds),
      this.store.rainfallSince(districtIds, since),
      this.store.rainGaugeReadingsSince(districtIds, since),
    ]);
    const risks = new Map<string, FloodRisk>();
    for (const district of districts) {
      if (!district) continue;
      const own = <T extends { districtId: string }>(rows: readonly T[]) => rows.filter((row) => row.districtId === district.id);
      // Without any level, a tick knows nothing of the rivers: a missing level is no calm one.
      if (options.needLevels && own(levels).length === 0) continue;
      risks.set(district.id, assessFloodRisk({
        gauges: own(gauges).map((gauge) => ({ ...gauge, gaugeId: gauge.id })),
        levels: own(levels).map((level) => ({ sensorId: level.id, value: level.value, at: level.at })),
        rainfallLast6HoursMm: hourlyRain(district.id, own(feed), own(rain), since).reduce((sum, hour) => sum + hour.millimetres, 0),
        pumpingStations: own(stations),
        now,
      }));
    }
    return risks;
  }

  /**
   * Hands the outbox's unsent notices to the consent service (idempotent keys: one sent twice is one message).
   * Called after each change and by `start`'s timer, so that notices a consent service refused or missed go later.
   */
  async sendPending(): Promise<number> {
    const pending = await this.store.unsentNotices(100);
    if (pending.length === 0) return 0;
    try {
      await this.notifier.notify(pending.map((record) => record.notice));
    } catch (error) {
      this.logger.warn({ err: error, notices: pending.length }, 'flood notices not accepted yet; they are kept and sent again');
      return 0;
    }
    await this.store.markNoticesSent(pending.map((record) => record.id), this.clock());
    return pending.length;
  }

  /**
   * Every `intervalMs` until stopped: reassesses the districts in an episode (`tick`), retries unsent notices, and
   * forgets rain readings older than `rainfall` can ask for. Choose an interval well under the quiet period: an
   * episode ends at most one interval after its quiet period (its `clearedAt` is the end of the period all the same).
   */
  start(intervalMs = 15_000): { stop(): Promise<void> } {
    const timer = setInterval(() => {
      void this.tick();
      const before = new Date(this.clock().getTime() - RAIN_KEPT_MS).toISOString();
      this.queue = this.queue
        .then(() => this.sendPending())
        .then(() => this.store.forgetRainGaugeReadingsBefore(before))
        .then(() => undefined, (error: unknown) => this.logger.warn({ err: error }, 'flood monitor upkeep failed; tried again later'));
    }, intervalMs);
    timer.unref();
    return {
      stop: async () => {
        clearInterval(timer);
        await this.queue;
      },
    };
  }
}
