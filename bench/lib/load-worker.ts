/**
 * A closed loop run in a process of its own (bench/lib/load.ts `closedLoopInWorker`): the overload run's 160
 * anonymous callers parse large answers, and on the measuring process's event loop that work would be counted as
 * the server's latency of everyone measured there (the citizens). Gets its job over IPC, answers over IPC, exits.
 */
import { closedLoopByStatus, type LoadTarget } from './load.js';

interface Job {
  target: LoadTarget & { body: string };
  concurrency: number;
  durationMs: number;
  warmupMs: number;
}

process.once('message', (message) => {
  const job = message as Job;
  void closedLoopByStatus(job.target, job.concurrency, job.durationMs, undefined, job.warmupMs).then((result) => {
    process.send!({ ...result, byStatus: [...result.byStatus], cpuMs: (() => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; })() }, undefined, {}, () => process.exit(0));
  });
});
