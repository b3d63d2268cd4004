/**
 * A small load generator: N concurrent loops (closed loop, for throughput) or requests started at a fixed rate
 * (open loop, for latency), over Node's own fetch (undici, keep-alive). Bounded in time.
 */
export interface LoadTarget {
  url: string;
  body: string;
  headers: Record<string, string>;
}

export interface LoadResult {
  requests: number;
  failures: number;
  seconds: number;
  latenciesMs: number[];
}

async function once(target: LoadTarget): Promise<boolean> {
  const response = await fetch(target.url, { method: 'POST', headers: { 'content-type': 'application/json', ...target.headers }, body: target.body });
  // A response with data counts as served even when it carries errors (the personal query's denied fields do).
  const body = (await response.json().catch(() => null)) as { data?: unknown } | null;
  return response.status === 200 && body !== null && typeof body.data === 'object' && body.data !== null;
}

export async function closedLoop(target: LoadTarget, concurrency: number, durationMs: number): Promise<LoadResult> {
  const latenciesMs: number[] = [];
  let failures = 0;
  const started = performance.now();
  const deadline = started + durationMs;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        const ok = await once(target).catch(() => false);
        latenciesMs.push(performance.now() - t0);
        if (!ok) failures += 1;
      }
    }),
  );
  return { requests: latenciesMs.length, failures, seconds: (performance.now() - started) / 1000, latenciesMs };
}

export async function fixedRate(target: LoadTarget, perSecond: number, durationMs: number): Promise<LoadResult> {
  const latenciesMs: number[] = [];
  let failures = 0;
  const started = performance.now();
  const total = Math.max(1, Math.round((perSecond * durationMs) / 1000));
  const inflight: Array<Promise<void>> = [];
  for (let i = 0; i < total; i += 1) {
    const due = started + (i * 1000) / perSecond;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    // Latency counts from the scheduled start, so that a stalled server cannot hide its queueing (no coordinated omission).
    inflight.push(
      once(target)
        .catch(() => false)
        .then((ok) => {
          latenciesMs.push(performance.now() - due);
          if (!ok) failures += 1;
        }),
    );
  }
  await Promise.all(inflight);
  return { requests: latenciesMs.length, failures, seconds: (performance.now() - started) / 1000, latenciesMs };
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
