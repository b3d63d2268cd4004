import { describe, expect, it } from '@jest/globals';
import { planIngest } from '../../../../../subgraphs/sensors/domain/ingest-plan.js';
import type { ValidReading } from '../../../../../subgraphs/sensors/domain/reading-validation.js';
import type { SensorRecord } from '../../../../../subgraphs/sensors/store.js';

const receivedAt = new Date('2026-11-28T08:00:05.000Z');
const gauge: SensorRecord = {
  id: 'S-000001', kind: 'WATER_LEVEL', districtId: 'D-01', lat: 52.35, lng: 4.87, status: 'OFFLINE',
  lastSeenAt: '2026-11-27T06:00:00.000Z', riverGauge: true, intersectionId: null,
};
const road: SensorRecord = {
  id: 'S-000081', kind: 'ROAD_CONDITION', districtId: 'D-01', lat: 52.35, lng: 4.87, status: 'MAINTENANCE',
  lastSeenAt: null, riverGauge: false, intersectionId: 'X-01-1',
};
const sensors = new Map([[gauge.id, gauge], [road.id, road]]);
const reading = (index: number, sensorId: string, at: string, value: number): ValidReading => ({ index, sensorId, at, value });

describe('ingest plan', () => {
  it('stores a reading sent twice once, under the id sensor|time, in the unit of the sensor’s kind', () => {
    const plan = planIngest([reading(0, 'S-000001', '2026-11-28T07:59:00.000Z', 3.1), reading(1, 'S-000001', '2026-11-28T07:59:00.000Z', 3.1)], sensors, receivedAt);
    expect(plan.readings).toEqual([{ id: 'S-000001|2026-11-28T07:59:00.000Z', sensorId: 'S-000001', at: '2026-11-28T07:59:00.000Z', value: 3.1, unit: 'm' }]);
  });

  it('makes the newest reading of the batch the latest, with the sensor’s placement copied in', () => {
    const plan = planIngest([reading(0, 'S-000081', '2026-11-28T07:58:00.000Z', 0.4), reading(1, 'S-000081', '2026-11-28T07:59:00.000Z', 0.2)], sensors, receivedAt);
    expect(plan.latest).toEqual([
      { id: 'S-000081', sensorId: 'S-000081', at: '2026-11-28T07:59:00.000Z', value: 0.2, unit: 'grip', districtId: 'D-01', riverGauge: false, intersectionId: 'X-01-1', receivedAt: '2026-11-28T08:00:05.000Z' },
    ]);
  });

  it('offers even an older reading as the latest: the store keeps whichever is newer (keepHigher at)', () => {
    const plan = planIngest([reading(0, 'S-000001', '2026-11-28T06:00:00.000Z', 2.9)], sensors, receivedAt);
    expect(plan.readings).toHaveLength(1);
    expect(plan.latest.map((l) => [l.id, l.at, l.receivedAt])).toEqual([['S-000001', '2026-11-28T06:00:00.000Z', '2026-11-28T08:00:05.000Z']]);
  });

  it('rewrites only a sensor whose status changes: an OFFLINE one comes back, MAINTENANCE and ACTIVE are left alone', () => {
    const active: SensorRecord = { ...road, id: 'S-000082', status: 'ACTIVE' };
    const all = new Map([...sensors, [active.id, active]]);
    const plan = planIngest(
      [reading(0, 'S-000001', '2026-11-28T07:59:00.000Z', 3.1), reading(1, 'S-000081', '2026-11-28T07:59:00.000Z', 0.8), reading(2, 'S-000082', '2026-11-28T07:59:00.000Z', 0.7)],
      all,
      receivedAt,
    );
    expect(plan.sensors.map((sensor) => [sensor.id, sensor.status, sensor.lastSeenAt])).toEqual([['S-000001', 'ACTIVE', '2026-11-28T08:00:05.000Z']]);
    expect(plan.latest.map((l) => l.receivedAt)).toEqual(['2026-11-28T08:00:05.000Z', '2026-11-28T08:00:05.000Z', '2026-11-28T08:00:05.000Z']);
  });

  it('writes nothing for an empty batch', () => {
    expect(planIngest([], sensors, receivedAt)).toEqual({ readings: [], latest: [], sensors: [] });
  });
});
