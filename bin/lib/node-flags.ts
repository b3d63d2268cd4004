/**
 * V8 flags for the gateway process. Measured in the bench (issue 15): under load the gateway's heap held 266 MB
 * "used" of which 142 MB survived the next full collection; V8, sized for a machine with gigabytes free, let garbage
 * pile up and RSS peak at 430-570 MB. A 256 MB old space makes it collect before that; the live set (the supergraph,
 * the planner, and caches bounded at 16 MB each) stays well under it. The young generation's semi-spaces are held
 * to 8 MB (V8's default here is 16): the whole bench's peak RSS went from 401 to 366 MB, every throughput ratio
 * within its spread of the run before (docs/benchmarks.md, session 6).
 */
export const GATEWAY_NODE_FLAGS: readonly string[] = ['--max-old-space-size=256', '--max-semi-space-size=8'];
