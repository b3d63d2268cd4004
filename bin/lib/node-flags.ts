/**
 * V8 flags for the gateway process. Measured in the bench (issue 15): under load the gateway's heap held 266 MB
 * "used" of which 142 MB survived the next full collection; V8, sized for a machine with gigabytes free, let garbage
 * pile up and RSS peak at 430-570 MB. A 256 MB old space makes it collect before that; the live set (the supergraph,
 * the planner, and caches bounded at 16 MB each) stays well under it.
 */
export const GATEWAY_NODE_FLAGS: readonly string[] = ['--max-old-space-size=256'];
