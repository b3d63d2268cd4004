import { BadUserInputError } from '../../../platform/errors.js';
import type { SensorResolvers } from '../__generated__/resolvers-types.js';
import { readingWindow } from '../domain/reading-window.js';

export const Sensor: SensorResolvers = {
  __resolveReference(reference, ctx) {
    return ctx.sensors.load(reference.id);
  },
  district: (sensor) => ({ id: sensor.districtId }),
  location: (sensor) => ({ lat: sensor.lat, lng: sensor.lng }),
  latestReading: (sensor, _args, ctx) => ctx.latestReadings.load(sensor.id),
  /** The later of the sensor's own record (its last status change) and its newest reading's receipt. */
  async lastSeenAt(sensor, _args, ctx) {
    const receivedAt = (await ctx.latestReadings.load(sensor.id))?.receivedAt ?? null;
    if (receivedAt === null || (sensor.lastSeenAt !== null && sensor.lastSeenAt > receivedAt)) return sensor.lastSeenAt;
    return receivedAt;
  },
  /**
   * One indexed, limited query per sensor: a single `$in` query over many sensors cannot cap each sensor at
   * `first`, and a 31-day window of a busy sensor is too many rows to load and then throw away.
   */
  async readings(sensor, args, ctx) {
    const window = readingWindow(args.from, args.to, args.first ?? 100);
    if (!window.ok) throw new BadUserInputError(window.problem);
    return ctx.store.readingsInWindow(sensor.id, window.from, window.to, window.first);
  },
};
