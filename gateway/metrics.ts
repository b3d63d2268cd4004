import { AggregatorRegistry } from 'prom-client';
import { subgraphUrl, type HubConfig } from '../platform/config.js';
import type { MetricsJson, ServiceMetrics } from '../platform/metrics.js';
import { SUBGRAPH_NAMES } from '../platform/services.js';

/**
 * The hub's metrics in one Prometheus page: the gateway's own and every reachable subgraph's (each labelled with
 * its `service`). A subgraph that does not answer is simply absent; its breaker and error metrics say why.
 */
export async function hubMetrics(config: HubConfig, gateway: ServiceMetrics): Promise<string> {
  const parts: MetricsJson[] = [await gateway.json()];
  const answers = await Promise.all(
    SUBGRAPH_NAMES.map(async (name) => {
      try {
        const response = await fetch(subgraphUrl(config, name).replace(/\/graphql$/, '/metrics?format=json'), { signal: AbortSignal.timeout(1000) });
        return response.ok ? ((await response.json()) as MetricsJson) : undefined;
      } catch {
        return undefined;
      }
    }),
  );
  for (const answer of answers) if (answer) parts.push(answer);
  return AggregatorRegistry.aggregate(parts).metrics();
}
