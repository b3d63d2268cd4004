import { loadConfig } from '../platform/config.js';
import { isSubgraphName, SUBGRAPH_NAMES } from '../platform/services.js';
import { startSubgraph } from '../subgraphs/runtime.js';
import { exitOnConfigError, stopOnSignals } from './lib/process.js';

/** `npm run subgraph -- <name>`: one subgraph alone, in this process. */
const name = process.argv[2] ?? '';
if (!isSubgraphName(name)) {
  process.stderr.write(`usage: npm run subgraph -- <${SUBGRAPH_NAMES.join('|')}>\n`);
  process.exit(2);
}
const config = exitOnConfigError(loadConfig);
const server = await startSubgraph(name, config);
stopOnSignals(() => server.close());
