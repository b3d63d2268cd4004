import { loadConfig } from '../platform/config.js';
import { isSubgraphName, SUBGRAPH_NAMES } from '../platform/services.js';
import { exitOnConfigError, stopOnSignals } from './lib/process.js';

/**
 * One service in this process, chosen by argument: the container image's entry point
 * (`node dist/bin/serve.js <gateway|consent|health|licensing|transport|water|sensors>`). No seeding and no children:
 * in a deployment the orchestrator runs, restarts and scales each service.
 */
export const SERVICES = ['gateway', ...SUBGRAPH_NAMES] as const;

const name = process.argv[2] ?? '';
if (name !== 'gateway' && !isSubgraphName(name)) {
  process.stderr.write(`usage: serve <${SERVICES.join('|')}>\n`);
  process.exit(2);
}
const config = exitOnConfigError(loadConfig);
const server =
  name === 'gateway'
    ? await (await import('../gateway/server.js')).startGateway(config)
    : await (await import('../subgraphs/runtime.js')).startSubgraph(name, config);
stopOnSignals(() => server.close());
