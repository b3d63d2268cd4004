/**
 * A district's hourly rain from two sources: the weather department's feed (one value an hour, seeded in the demo)
 * and the district's own rain gauges (RAINFALL sensors, each reading the millimetres since its previous one).
 * Live readings win: an hour in which any gauge reported is the mean of the reporting gauges' totals for that hour
 * (each gauge measures the same rain over the district); other hours keep the feed's value.
 */
export interface HourlyRain {
  districtId: string;
  /** The start of the hour, ISO 8601. */
  at: string;
  millimetres: number;
}

export interface GaugeRain {
  districtId: string;
  sensorId: string;
  at: string;
  millimetres: number;
}

const HOUR_MS = 3_600_000;

export function hourOf(at: string): string {
  return new Date(Math.floor(Date.parse(at) / HOUR_MS) * HOUR_MS).toISOString();
}

/** One district's hours whose start is after `since`, oldest first. */
export function hourlyRain(districtId: string, feed: readonly HourlyRain[], gauges: readonly GaugeRain[], since: string): HourlyRain[] {
  const hours = new Map<string, number>();
  for (const hour of feed) if (hour.at > since) hours.set(hour.at, hour.millimetres);
  const byHour = new Map<string, Map<string, number>>();
  for (const reading of gauges) {
    const at = hourOf(reading.at);
    if (at <= since) continue;
    const totals = byHour.get(at) ?? new Map<string, number>();
    totals.set(reading.sensorId, (totals.get(reading.sensorId) ?? 0) + Math.max(0, reading.millimetres));
    byHour.set(at, totals);
  }
  for (const [at, totals] of byHour) {
    const sum = [...totals.values()].reduce((a, b) => a + b, 0);
    hours.set(at, Math.round((sum / totals.size) * 10) / 10);
  }
  return [...hours.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([at, millimetres]) => ({ districtId, at, millimetres }));
}
