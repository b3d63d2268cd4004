import { describe, expect, it } from '@jest/globals';
import { planIngest } from '../../../../../subgraphs/sensors/domain/ingest-plan.js';
import type { ValidReading } from '../../../../../subgraphs/sensors/domain/reading-validation.js';
import type { SensorRecord } from '../../../../../subgraphs/sensors/store.js';

const receivedAt = new Date('2026-11-28T08:00:05.000Z');
const gauge: SensorRecord = {
  id: 'S-000001', kind: 'WATER_LEVEL', districtId: 'D-01', lat: 52.35, lng: 4.87, status: 'OFFLINE',
  lastSeenAt: '2026-11-27T06:00:00.000Z', latestReadingAt: '2026-11-28T07:00:00.000Z', riverGauge: true, intersectionId: null,
};
const road: SensorRecord = {
  id: 'S-000081', kind: 'ROAD_CONDITION', districtId: 'D-01', lat: 52.35, lng: 4.87, status: 'MAINTENANCE',
  lastSeenAt: null, latestReadingAt: null, riverGauge: false, intersectionId: 'X-01-1',
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
      { id: 'S-000081', sensorId: 'S-000081', at: '2026-11-28T07:59:00.000Z', value: 0.2, unit: 'grip', districtId: 'D-01', riverGauge: false, intersectionId: 'X-01-1' },
    ]);
  });

  it('keeps a stored latest reading that is newer than anything in the batch', () => {
    const plan = planIngest([reading(0, 'S-000001', '2026-11-28T06:00:00.000Z', 2.9)], sensors, receivedAt);
    expect(plan.readings).toHaveLength(1);
    expect(plan.latest).toEqual([]);
    expect(plan.sensors[0]!.latestReadingAt).toBe('2026-11-28T07:00:00.000Z');
  });

  it('marks every reporting sensor as seen now, brings an OFFLINE one back and leaves MAINTENANCE alone', () => {
    const plan = planIngest([reading(0, 'S-000001', '2026-11-28T07:59:00.000Z', 3.1), reading(1, 'S-000081', '2026-11-28T07:59:00.000Z', 0.8)], sensors, receivedAt);
    expect(plan.sensors.map((sensor) => [sensor.id, sensor.status, sensor.lastSeenAt, sensor.latestReadingAt])).toEqual([
      ['S-000001', 'ACTIVE', '2026-11-28T08:00:05.000Z', '2026-11-28T07:59:00.000Z'],
      ['S-000081', 'MAINTENANCE', '2026-11-28T08:00:05.000Z', '2026-11-28T07:59:00.000Z'],
    ]);
  });

  it('writes nothing for an empty batch', () => {
    expect(planIngest([], sensors, receivedAt)).toEqual({ readings: [], latest: [], sensors: [] });
  });
});
