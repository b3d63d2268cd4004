/**
 * How long this process's event loop has been unable to run timers, summed since start: a timer due every
 * SAMPLE_MS that fires late adds its delay. A subgraph call that timed out while the gateway itself stalled for
 * a good part of the wait may have had its answer waiting unread: that timeout is the gateway's, not the subgraph's.
 */
const SAMPLE_MS = 10;
let stalledMs = 0;
let last = 0;
let timer: NodeJS.Timeout | undefined;

function sample(): void {
  const now = performance.now();
  stalledMs += Math.max(0, now - last - SAMPLE_MS);
  last = now;
}

/** Milliseconds of stall so far; starts the (unref'd) sampler on first use. */
export function stalledSoFar(): number {
  if (!timer) {
    last = performance.now();
    timer = setInterval(sample, SAMPLE_MS);
    timer.unref();
  }
  return stalledMs + Math.max(0, performance.now() - last - SAMPLE_MS);
}
