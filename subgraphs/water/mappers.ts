import type { HourlyRain } from './domain/rainfall.js';
import type { FloodAlertRecord, GaugeRecord, PumpingStationRecord } from './store.js';
import type { GaugeLevel } from './domain/flood-risk.js';

/**
 * A district as resolvers pass it along: its key, plus the gauge levels the gateway brings from the sensors
 * subgraph when `floodRisk` is asked for (`@requires`). Other fields load the stored record by id.
 */
export type DistrictMapper = { id: string; gaugeLevels?: GaugeLevel[] | null };
export type WaterGaugeMapper = GaugeRecord;
export type PumpingStationMapper = PumpingStationRecord;
export type RainfallObservationMapper = HourlyRain;
export type FloodAlertMapper = FloodAlertRecord;
export type SensorMapper = { id: string };
