/**
 * A closed loop run in a process of its own (bench/lib/load.ts `closedLoopInWorker`): the overload run's 160
 * anonymous callers parse large answers, and on the measuring process's event loop that work would be counted as
 * the server's latency of everyone measured there (the citizens). Gets its job over IPC, answers over IPC, exits.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { closedLoopByStatus, type LoadTarget } from './load.js';

interface Job {
  target: LoadTarget & { body: string };
  concurrency: number;
  durationMs: number;
  warmupMs: number;
}

process.once('message', (message) => {
  const job = message as Job;
  const lag = monitorEventLoopDelay({ resolution: 5 });
  // Measured over the counted part of the run only, as the latencies are.
  setTimeout(() => lag.enable(), job.warmupMs).unref();
  void closedLoopByStatus(job.target, job.concurrency, job.durationMs, undefined, job.warmupMs).then((result) => {
    lag.disable();
    const lagMs = { p99: lag.percentile(99) / 1e6, max: lag.max / 1e6 };
    process.send!({ ...result, byStatus: [...result.byStatus], lagMs, cpuMs: (() => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; })() }, undefined, {}, () => process.exit(0));
  });
});
