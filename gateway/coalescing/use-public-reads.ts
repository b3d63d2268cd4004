import { z } from 'zod';
import { subscribeToEvents, type EventSubscription } from '../../platform/events.js';
import type { Logger } from '../../platform/logger.js';
import type { GraphMap } from '../access/graph-map.js';
import { PublicFetchClassifier } from './public-fetches.js';
import { PublicReads } from './public-reads.js';

const optionsSchema = z.object({
  graph: z.custom<GraphMap>((value) => (value as GraphMap | undefined)?.personal instanceof Set, 'the supergraph map'),
  supergraphSdl: z.string().min(1),
  ttlMs: z.number().int().min(0).max(60_000),
  maxEntries: z.number().int().min(0),
  maxBytes: z.number().int().min(0),
  /** The broker whose `citygraph/events/<kind>` invalidate cached answers; without it answers only expire. */
  brokerUrl: z.string().optional(),
  logger: z.custom<Logger>((value) => typeof (value as Logger | undefined)?.child === 'function', 'a pino logger'),
});

export type UsePublicReadsOptions = z.infer<typeof optionsSchema>;

/**
 * Coalesced and briefly cached public reads for the gateway's data sources (gateway/coalescing/public-reads.ts),
 * invalidated by the data events services publish when ingestion changes what public answers are made of.
 */
export function usePublicReads(options: UsePublicReadsOptions): { publicReads: PublicReads; events?: EventSubscription; close(): Promise<void> } {
  const { graph, supergraphSdl, brokerUrl, logger, ...limits } = optionsSchema.parse(options);
  const publicReads = new PublicReads({ classifier: new PublicFetchClassifier(graph, supergraphSdl), logger, ...limits });
  const events = brokerUrl
    ? subscribeToEvents({ url: brokerUrl, logger: logger.child({ plugin: 'public-reads' }), onEvent: (event) => publicReads.invalidate(`${event.kind} in ${event.subgraph}`) })
    : undefined;
  return {
    publicReads,
    events,
    async close() {
      await events?.close();
    },
  };
}
