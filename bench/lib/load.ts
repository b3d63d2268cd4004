import { fork } from 'node:child_process';
import http from 'node:http';
import { fileURLToPath } from 'node:url';

/**
 * A small load generator: N concurrent loops (closed loop, for throughput) or requests started at a fixed rate
 * (open loop, for latency), over node:http with a keep-alive agent. Bounded in time.
 *
 * Not Node 20's fetch (undici): with 160 loops over one origin it left some requests waiting for seconds before they
 * were written, while the gateway answered every request it received within a second (its own histogram), and with
 * 10 loops its latencies were 1.5x the gateway's own. Measured in session 5, docs/benchmarks.md.
 */
export interface LoadTarget {
  url: string;
  /** The request body, or a function giving each request its own (distinct queries). */
  body: string | (() => string);
  headers: Record<string, string>;
}

export interface LoadResult {
  requests: number;
  failures: number;
  seconds: number;
  latenciesMs: number[];
}

const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });

/** One request: its HTTP status and whether it was served (200 with data). */
function send(target: LoadTarget): Promise<{ ok: boolean; status: number }> {
  const body = typeof target.body === 'string' ? target.body : target.body();
  const url = new URL(target.url);
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...target.headers } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const status = response.statusCode ?? 0;
          resolve({ ok: status === 200 && hasData(Buffer.concat(chunks)), status });
        });
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

export async function closedLoop(target: LoadTarget, concurrency: number, durationMs: number): Promise<LoadResult> {
  const detailed = await closedLoopByStatus(target, concurrency, durationMs);
  return { requests: detailed.requests, failures: detailed.failures, seconds: detailed.seconds, latenciesMs: detailed.latenciesMs };
}

export interface DetailedResult extends LoadResult {
  /** CPU the load process itself used, in ms (closedLoopInWorker only). */
  cpuMs?: number;
  /** The load process's own event-loop delay, p99 and max in ms (closedLoopInWorker only): time it added to every latency it measured. */
  lagMs?: { p99: number; max: number };
  /** Latencies of the requests answered with each HTTP status (0: the connection failed). */
  byStatus: Map<number, number[]>;
}

/** A closed loop that also keeps each status's latencies (the overload run: served, shed, failed). */
const DATA_OBJECT = Buffer.from('{"data":{');

/**
 * Whether a GraphQL answer carries data (an object), even with errors beside it (the personal query's denied fields).
 * An answer that begins with a data object is one without parsing it: the load processes would otherwise spend their
 * event loop parsing large answers while shed answers wait there to be timed (their lag is printed in run (e)).
 */
function hasData(body: Buffer): boolean {
  if (body.subarray(0, DATA_OBJECT.length).equals(DATA_OBJECT)) return true;
  try {
    const parsed = JSON.parse(body.toString('utf8')) as { data?: unknown } | null;
    return parsed !== null && typeof parsed.data === 'object' && parsed.data !== null;
  } catch {
    return false;
  }
}

export async function closedLoopByStatus(target: LoadTarget, concurrency: number, durationMs: number, until?: () => boolean, warmupMs = 0): Promise<DetailedResult> {
  const latenciesMs: number[] = [];
  const byStatus = new Map<number, number[]>();
  let failures = 0;
  const started = performance.now();
  const measuredFrom = started + warmupMs;
  const deadline = measuredFrom + durationMs;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline && !until?.()) {
        const t0 = performance.now();
        const { ok, status } = await send(target).catch(() => ({ ok: false, status: 0 }));
        // Requests started during the warm-up (connections being opened) are sent but not counted.
        if (t0 < measuredFrom) continue;
        const ms = performance.now() - t0;
        latenciesMs.push(ms);
        const list = byStatus.get(status) ?? [];
        list.push(ms);
        byStatus.set(status, list);
        if (!ok) failures += 1;
      }
    }),
  );
  return { requests: latenciesMs.length, failures, seconds: (performance.now() - measuredFrom) / 1000, latenciesMs, byStatus };
}

/**
 * `closedLoopByStatus` in a process of its own (bench/lib/load-worker.ts), so that this process's event loop stays
 * free for the callers whose latency is measured here: like separate client machines. (A process, not a worker
 * thread: Node 20 does not pass tsx's loader to worker threads.) The body must be one fixed string.
 */
export async function closedLoopInWorker(target: LoadTarget & { body: string }, concurrency: number, durationMs: number, warmupMs = 0): Promise<DetailedResult> {
  const child = fork(fileURLToPath(new URL('./load-worker.ts', import.meta.url)), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const message = await new Promise<Omit<DetailedResult, 'byStatus'> & { byStatus: Array<[number, number[]]> }>((resolve, reject) => {
    child.once('message', (m) => resolve(m as Omit<DetailedResult, 'byStatus'> & { byStatus: Array<[number, number[]]> }));
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`load process exited with ${code} before answering`)));
    child.send({ target, concurrency, durationMs, warmupMs });
  });
  child.kill();
  return { ...message, byStatus: new Map(message.byStatus) };
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
      send(target)
        .then((r) => r.ok)
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

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
