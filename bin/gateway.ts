import { startGateway } from '../gateway/server.js';
import { loadConfig } from '../platform/config.js';
import { exitOnConfigError, stopOnSignals } from './lib/process.js';

const config = exitOnConfigError(loadConfig);
const server = await startGateway(config);
stopOnSignals(() => server.close());
