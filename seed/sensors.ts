import {
  districtId,
  gaugeSensorIds,
  INTERSECTIONS_PER_DISTRICT,
  intersectionId,
  intersectionSensorIds,
  pumpSensorIds,
  rainfallSensorIds,
  sensorDistrictIndex,
  sensorId,
  sensorKind,
  type SensorKind,
} from './demo-layout.js';
import type { SeedFn } from './kit.js';
import { DANGER_DISTRICT_INDEX, latestGaugeLevel, pumpState } from './demo-flood-scenario.js';
import { PUMP_STATES } from '../contracts/city/layout.js';
import { unitOf } from '../subgraphs/sensors/domain/reading-units.js';
import { readingId, SensorsStore, type LatestReadingRecord, type ReadingRecord, type SensorRecord, type SensorStatus } from '../subgraphs/sensors/store.js';

const READINGS_PER_SENSOR = 6;
const READING_INTERVAL_MS = 10 * 60_000;
/** The newest seeded reading is this old, so that it sits inside every "last 30 minutes" window. */
const NEWEST_READING_AGE_MS = 60_000;
/** OFFLINE sensors fell silent this long before the seed. */
const OFFLINE_SILENCE_MS = 26 * 3_600_000;
const WRITE_BATCH = 5_000;

/** The demo city is a 4 x 4 grid of districts around this point. */
const CITY_ORIGIN = { lat: 52.34, lng: 4.86 };
const DISTRICT_SPAN_DEGREES = 0.02;

/** D-01's first intersection is icy and its second wet, so that the transport subgraph shows blind-spot alerts. */
const D01_ROAD_GRIP: Record<number, [number, number]> = { 0: [0.1, 0.2], 1: [0.35, 0.45] };

interface SensorPlan {
  record: SensorRecord;
  districtIndex: number;
  /** Which of the district's river gauges this sensor is (0..2), or -1. */
  gauge: number;
  /** Which of the district's intersections it watches, or -1. */
  intersection: number;
  /** Which of the district's pumping stations it reports on (0, 1), or -1. */
  pump: number;
}

function planSensor(index: number, random: () => number): SensorPlan {
  const districtIndex = sensorDistrictIndex(index);
  const id = sensorId(index);
  const gauge = gaugeSensorIds(districtIndex).indexOf(id);
  const intersection = Array.from({ length: INTERSECTIONS_PER_DISTRICT }, (_, n) => n).find((n) => intersectionSensorIds(districtIndex, n).includes(id)) ?? -1;
  const pump = pumpSensorIds(districtIndex).indexOf(id);
  const isLaidOut = gauge >= 0 || intersection >= 0 || pump >= 0 || rainfallSensorIds(districtIndex).includes(id);
  const draw = random();
  const status: SensorStatus = isLaidOut || draw >= 0.03 ? 'ACTIVE' : draw < 0.02 ? 'OFFLINE' : 'MAINTENANCE';
  const row = Math.floor(districtIndex / 4);
  const column = districtIndex % 4;
  return {
    districtIndex,
    gauge,
    intersection,
    pump,
    record: {
      id,
      kind: sensorKind(index),
      districtId: districtId(districtIndex),
      lat: Math.round((CITY_ORIGIN.lat + (row + random()) * DISTRICT_SPAN_DEGREES) * 1e6) / 1e6,
      lng: Math.round((CITY_ORIGIN.lng + (column + random()) * DISTRICT_SPAN_DEGREES) * 1e6) / 1e6,
      status,
      lastSeenAt: null,
      riverGauge: gauge >= 0,
      intersectionId: intersection >= 0 ? intersectionId(districtIndex, intersection) : null,
    },
  };
}

const between = (random: () => number, low: number, high: number) => low + (high - low) * random();

/** A plausible value for reading `step` (0 oldest .. 5 newest) of a sensor. */
function valueOf(plan: SensorPlan, step: number, random: () => number): number {
  const kind: SensorKind = plan.record.kind;
  switch (kind) {
    case 'WATER_LEVEL': {
      const latest = plan.gauge >= 0 ? latestGaugeLevel(plan.districtIndex, plan.gauge) : 0.8;
      // Rising towards the latest level, which is exact so that the flood picture is the designed one.
      return step === READINGS_PER_SENSOR - 1 ? latest : latest - 0.03 * (READINGS_PER_SENSOR - 1 - step) + between(random, -0.01, 0.01);
    }
    case 'RAINFALL':
      return plan.districtIndex === DANGER_DISTRICT_INDEX ? between(random, 1.3, 1.7) : between(random, 0, 0.15);
    case 'FIRE_ALARM':
      return 0;
    case 'ROAD_CONDITION': {
      const grip = plan.districtIndex === 0 ? D01_ROAD_GRIP[plan.intersection] : undefined;
      return grip ? between(random, grip[0], grip[1]) : between(random, 0.7, 0.95);
    }
    case 'AIR_QUALITY':
      return Math.round(between(random, 20, 80));
    case 'NOISE':
      return between(random, 40, 75);
    case 'TRAFFIC_FLOW':
      return Math.round(between(random, 100, 1500));
    case 'STREET_LIGHT':
      return between(random, 0, 40);
    case 'PUMP_STATUS':
      // The station's state as the water seed stores it, so that the telemetry and the utility agree.
      return PUMP_STATES.indexOf(plan.pump >= 0 ? pumpState(plan.districtIndex, plan.pump) : 'STANDBY');
  }
}

/** Sensors (context.sensors, laid out by demo-layout), six readings each over the last hour, and their latest. */
export const seed: SeedFn = async (context) => {
  const store = await SensorsStore.open(context.store);
  const { random } = context;
  const newest = Math.floor(context.now.getTime() / 1000) * 1000 - NEWEST_READING_AGE_MS;
  const total = context.sensors;
  const sensorsPerBatch = Math.max(1, Math.floor(WRITE_BATCH / READINGS_PER_SENSOR));
  for (let start = 0; start < total; start += sensorsPerBatch) {
    const sensors: SensorRecord[] = [];
    const readings: ReadingRecord[] = [];
    const latest: LatestReadingRecord[] = [];
    for (let index = start; index < Math.min(total, start + sensorsPerBatch); index++) {
      const plan = planSensor(index, random);
      const lastAt = plan.record.status === 'OFFLINE' ? newest - OFFLINE_SILENCE_MS : newest;
      const unit = unitOf(plan.record.kind);
      let reading: ReadingRecord | undefined;
      for (let step = 0; step < READINGS_PER_SENSOR; step++) {
        const at = new Date(lastAt - (READINGS_PER_SENSOR - 1 - step) * READING_INTERVAL_MS).toISOString();
        const value = Math.round(valueOf(plan, step, random) * 1000) / 1000;
        reading = { id: readingId(plan.record.id, at), sensorId: plan.record.id, at, value, unit };
        readings.push(reading);
      }
      const sensor = plan.record;
      sensors.push({ ...sensor, lastSeenAt: reading!.at });
      latest.push({ ...reading!, id: sensor.id, districtId: sensor.districtId, riverGauge: sensor.riverGauge, intersectionId: sensor.intersectionId, receivedAt: reading!.at });
    }
    await store.sensors.insertMany(sensors, { ignoreDuplicates: true });
    await store.readings.insertMany(readings, { ignoreDuplicates: true });
    await store.latestReadings.insertMany(latest, { ignoreDuplicates: true });
    context.progress(Math.min(total, start + sensorsPerBatch), total, 'sensors');
  }
};
