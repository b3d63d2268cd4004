import { loadConfig } from '../platform/config.js';
import { isSubgraphName, SUBGRAPH_NAMES } from '../platform/services.js';
import { startTracing } from '../platform/tracing.js';
import { exitOnConfigError, stopOnSignals } from './lib/process.js';

/** `npm run subgraph -- <name>`: one subgraph alone, in this process. */
const name = process.argv[2] ?? '';
if (!isSubgraphName(name)) {
  process.stderr.write(`usage: npm run subgraph -- <${SUBGRAPH_NAMES.join('|')}>\n`);
  process.exit(2);
}
const config = exitOnConfigError(loadConfig);
// Tracing starts before anything else is loaded (platform/tracing.ts; a no-op without an OTLP endpoint).
const tracing = await startTracing(config, name);
const { startSubgraph } = await import('../subgraphs/runtime.js');
const server = await startSubgraph(name, config);
stopOnSignals(async () => {
  await server.close();
  await tracing?.shutdown();
});
