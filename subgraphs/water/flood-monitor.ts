import { pumpStateOf, type PumpState } from '../../contracts/city/layout.js';
import type { FloodReadings } from '../../contracts/city/flood-readings.js';
import type { Logger } from '../../platform/logger.js';
import { planFloodAlerts } from './domain/flood-alerts.js';
import { clearedNotices, raisedNotices, type FloodNotice, type FloodNotifier } from './domain/flood-notices.js';
import { assessFloodRisk, type FloodRisk } from './domain/flood-risk.js';
import { hourlyRain } from './domain/rainfall.js';
import type { PumpingStationRecord, RainGaugeReadingRecord, WaterStore } from './store.js';

/** The window of rain the flood risk weighs (as District.floodRisk does). */
const RAIN_WINDOW_MS = 6 * 3_600_000;
/** `District.rainfall` shows at most 168 hours (and ingestion takes readings at most 7 days old): nothing older is kept. */
const RAIN_KEPT_MS = 169 * 3_600_000;

/**
 * The water department's side of ingestion (issue 13): each `flood-readings` event from the sensors department
 * stores the rain gauge and pump readings it carries, reassesses the districts they belong to at once, and raises
 * or clears their alerts: one alert per episode (an episode starts when a district reaches HIGH and ends when it
 * falls below), whatever number of readings keep it there. A raise or a clear leaves notices (the district's
 * residents, the partners subscribed to road hazards) in water's own outbox, written before they are sent, so that
 * a consent service that is away delays them and loses none. Events are applied one at a time, in arrival order.
 */
export class FloodMonitor {
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: WaterStore,
    private readonly notifier: FloodNotifier,
    private readonly logger: Logger,
    /** Told after each applied event (water's data changed: caches of public answers drop theirs). */
    private readonly applied: () => void = () => undefined,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Applies an event after those before it; resolves when it is applied (or has failed and been logged). */
  apply(event: FloodReadings): Promise<void> {
    this.queue = this.queue
      .then(async () => {
        const changed = await this.applyNow(event);
        // Caches first (the risk and alerts are already stored), then the notices, which wait for the consent service.
        this.applied();
        if (changed) await this.sendPending();
      })
      .catch((error: unknown) => this.logger.error({ err: error, event: event.id }, 'could not apply flood readings'));
    return this.queue;
  }

  /** Stores what the event carries and the alert changes it makes, with their notices; answers whether alerts changed. */
  private async applyNow(event: FloodReadings): Promise<boolean> {
    // The event's time, not this process's: every water instance that applies it raises the same alert id.
    const now = new Date(Math.min(Date.parse(event.at), this.clock().getTime()));
    await this.store.recordRainGaugeReadings(
      event.readings
        .filter((reading) => reading.kind === 'RAINFALL')
        .map((reading): RainGaugeReadingRecord => ({ id: `${reading.sensorId}|${reading.at}`, districtId: reading.districtId, sensorId: reading.sensorId, at: reading.at, millimetres: reading.value })),
    );
    await this.recordPumpStates(event);
    const districtIds = [...new Set([...Object.keys(event.gaugeLevels), ...event.readings.map((reading) => reading.districtId)])];
    const risks = await this.assess(districtIds, event, now);
    const active = await this.store.floodAlertsOf({ districtIds: [...risks.keys()], activeOnly: true });
    const changes = planFloodAlerts(risks, active, now);
    if (changes.raise.length === 0 && changes.clear.length === 0) return false;
    const notices: FloodNotice[] = [
      ...changes.raise.flatMap(raisedNotices),
      ...active.filter((alert) => changes.clear.includes(alert.id)).flatMap(clearedNotices),
    ];
    await this.store.addPendingNotices(notices, now);
    await this.store.applyFloodAlertChanges(changes, now);
    this.logger.info({ raised: changes.raise.map((a) => a.id), cleared: changes.clear }, 'flood alerts changed at ingestion');
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

  private async assess(districtIds: readonly string[], event: FloodReadings, now: Date): Promise<Map<string, FloodRisk>> {
    const since = new Date(now.getTime() - RAIN_WINDOW_MS).toISOString();
    const [districts, gauges, stations, feed, rain] = await Promise.all([
      this.store.districts.getMany(districtIds),
      this.store.gaugesOf(districtIds),
      this.store.pumpingStationsOf(districtIds),
      this.store.rainfallSince(districtIds, since),
      this.store.rainGaugeReadingsSince(districtIds, since),
    ]);
    const risks = new Map<string, FloodRisk>();
    for (const district of districts) {
      if (!district) continue;
      const own = <T extends { districtId: string }>(rows: readonly T[]) => rows.filter((row) => row.districtId === district.id);
      risks.set(district.id, assessFloodRisk({
        gauges: own(gauges).map((gauge) => ({ ...gauge, gaugeId: gauge.id })),
        levels: event.gaugeLevels[district.id] ?? [],
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

  /** Retries unsent notices, and forgets rain readings older than `rainfall` can ask for, every `intervalMs` until stopped. */
  start(intervalMs = 15_000): { stop(): Promise<void> } {
    const timer = setInterval(() => {
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
