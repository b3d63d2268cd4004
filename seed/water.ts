import { DISTRICT_COUNT, DISTRICT_NAMES, districtId, gaugeSensorIds, pumpSensorIds } from './demo-layout.js';
import type { SeedFn } from './kit.js';
import { GAUGES_PER_DISTRICT, gaugeId, gaugeThresholds, hourlyRainfallMm, latestGaugeLevel, pumpingStationId, pumpState, RIVERS } from './demo-flood-scenario.js';
import { DEFAULT_FLOOD_EPISODE_POLICY, planFloodAlerts } from '../subgraphs/water/domain/flood-alerts.js';
import { assessFloodRisk, type FloodRisk } from '../subgraphs/water/domain/flood-risk.js';
import type { DistrictRecord, GaugeRecord, PumpingStationRecord, RainfallRecord } from '../subgraphs/water/store.js';
import { WaterStore } from '../subgraphs/water/store.js';

const RAINFALL_HOURS = 48;
const HOUR_MS = 3_600_000;
const STATION_SIDES = ['North', 'South'] as const;

/**
 * Districts D-01..D-16, three river gauges each (mapped to demo-layout's gauge sensors), two pumping stations each,
 * 48 hours of hourly rainfall, and the alert of the district the flood scenario puts at HIGH.
 */
export const seed: SeedFn = async (context) => {
  const store = await WaterStore.open(context.store);
  const { random, now } = context;
  const currentHour = Math.floor(now.getTime() / HOUR_MS) * HOUR_MS;
  const districts: DistrictRecord[] = [];
  const gauges: GaugeRecord[] = [];
  const stations: PumpingStationRecord[] = [];
  const rainfall: RainfallRecord[] = [];
  for (let d = 0; d < DISTRICT_COUNT; d++) {
    const id = districtId(d);
    districts.push({ id, name: DISTRICT_NAMES[d]!, population: 20_000 + Math.round(random() * 100) * 1_000 });
    const sensorIds = gaugeSensorIds(d);
    for (let g = 0; g < GAUGES_PER_DISTRICT; g++) {
      gauges.push({ id: gaugeId(d, g), districtId: id, sensorId: sensorIds[g]!, riverName: RIVERS[g]!, ...gaugeThresholds(g) });
    }
    const telemetry = pumpSensorIds(d);
    STATION_SIDES.forEach((side, n) => {
      stations.push({
        id: pumpingStationId(d, n),
        districtId: id,
        name: `${DISTRICT_NAMES[d]} ${side} Pumping Station`,
        capacityCubicMetresPerHour: 1_200 + 200 * Math.round(random() * 9),
        status: pumpState(d, n),
        sensorId: telemetry[n]!,
        statusAt: null,
      });
    });
    for (let hoursAgo = 0; hoursAgo < RAINFALL_HOURS; hoursAgo++) {
      const at = new Date(currentHour - hoursAgo * HOUR_MS).toISOString();
      rainfall.push({ id: `${id}|${at}`, districtId: id, at, millimetres: hourlyRainfallMm(d, hoursAgo, random) });
    }
  }
  await store.districts.insertMany(districts, { ignoreDuplicates: true });
  await store.gauges.insertMany(gauges, { ignoreDuplicates: true });
  await store.pumpingStations.insertMany(stations, { ignoreDuplicates: true });
  await store.rainfall.insertMany(rainfall, { ignoreDuplicates: true });
  context.progress(1, 2, 'water');

  // The levels the sensors seed writes, as if sensors had told water of them: water reassesses its episodes from
  // them when time passes without a reading (the demo's flood lasts while its river stays over the danger level).
  const levelsOf = (d: number) => gauges.filter((gauge) => gauge.districtId === districtId(d)).map((gauge, g) => ({ sensorId: gauge.sensorId, districtId: gauge.districtId, value: latestGaugeLevel(d, g), at: now.toISOString() }));
  await store.recordGaugeLevels(Array.from({ length: DISTRICT_COUNT }, (_, d) => levelsOf(d)).flat());

  // The same assessment the subgraph makes at run time, over the levels the sensors seed writes.
  const sixHoursAgo = new Date(now.getTime() - 6 * HOUR_MS).toISOString();
  const risks = new Map<string, FloodRisk>();
  for (let d = 0; d < DISTRICT_COUNT; d++) {
    const id = districtId(d);
    const own = <T extends { districtId: string }>(rows: T[]) => rows.filter((row) => row.districtId === id);
    risks.set(id, assessFloodRisk({
      gauges: own(gauges).map((gauge) => ({ ...gauge, gaugeId: gauge.id })),
      levels: levelsOf(d),
      rainfallLast6HoursMm: own(rainfall).filter((hour) => hour.at > sixHoursAgo).reduce((sum, hour) => sum + hour.millimetres, 0),
      pumpingStations: own(stations),
      now,
    }));
  }
  const changes = planFloodAlerts(risks, await store.floodAlertsOf({ activeOnly: true }), now, DEFAULT_FLOOD_EPISODE_POLICY);
  // A flood already under way when the demo starts: its residents are taken to have been warned (no warning is sent
  // at start-up), so they get the all-clear when it ends, as they would have.
  await store.applyFloodAlertChanges({ ...changes, raise: changes.raise.map((alert) => ({ ...alert, residentsWarned: alert.level })) });
  context.progress(2, 2, 'water');
};
